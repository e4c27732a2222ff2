import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const GOOD = { TIDINGS_SECRET: 'a-good-secret-of-more-than-32-characters', DATABASE_URL: 'postgres://app:pw@db.example/tidings' };

function configError(env: Record<string, string>): string {
  try {
    loadConfig({ ...GOOD, ...env }, '/tmp');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('a configuration error', () => {
  it('names a secret that is too short without printing it', () => {
    const message = configError({ TIDINGS_SECRET: 'my-short-secret' });
    expect(message).toMatch(/^TIDINGS_SECRET must be at least 32 characters/);
    expect(message).not.toContain('my-short-secret');
  });

  it.each([
    ['postgress://app:hunter2-secret@db.example/tidings', 'hunter2-secret'],
    ['app:hunter2-secret@db.example/tidings', 'hunter2-secret'],
    ['postgres//app:hunter2-secret@db.example/tidings', 'hunter2-secret'],
    ['mysql://app:hunter2%20secret@db.example/tidings', 'hunter2'],
    ['postgress://db.example/tidings?user=app&password=hunter2-secret', 'hunter2-secret'],
  ])('names a mistyped DATABASE_URL without its password (%s)', (value, password) => {
    const message = configError({ DATABASE_URL: value });
    expect(message).toMatch(/^DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//);
    expect(message).not.toContain(password);
  });

  it('shows the rest of a mistyped URL so the mistake can be found', () => {
    const message = configError({ DATABASE_URL: 'postgress://app:hunter2-secret@db.example/tidings' });
    expect(message).toContain('db.example');
    expect(message).not.toContain('hunter2');
  });

  it.each([
    ['RESEND_BASE_URL', 'not a url with pass:word-marker@'],
    ['TIDINGS_PUBLIC_URL', 'https://user:pass-marker@'],
  ])('names a bad %s without a password in it', (name, value) => {
    const message = configError({ [name]: value });
    expect(message.startsWith(`${name} must be a URL`)).toBe(true);
    expect(message).not.toContain('marker');
  });

  it('still shows a harmless value, which helps to find the mistake', () => {
    expect(configError({ PORT: 'eighty' })).toMatch(/^PORT .*"eighty"/);
    expect(configError({ LOG_LEVEL: 'loud' })).toMatch(/^LOG_LEVEL .*"loud"/);
  });
});
