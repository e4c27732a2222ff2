import { describe, expect, it } from 'vitest';
import { startBanner } from '../../src/banner.ts';

describe('the start-up banner a person sees at a terminal', () => {
  it('says where tidings is, where mail goes, the demo sign-ins, and how to stop, in plain lines', () => {
    const text = startBanner({
      url: 'http://localhost:3000',
      publicUrl: 'http://localhost:3000',
      mail: { resend: false },
      demo: 'demo loaded: 3200 customers\nsign in with password "pw" as:\n  officer@demo.tidings.localhost officer',
      logLevel: 'warn',
    });
    expect(text).toContain('tidings is running');
    expect(text).toMatch(/open\s+http:\/\/localhost:3000/);
    expect(text).not.toContain('public URL');
    expect(text).toContain('local Outbox page');
    expect(text).toContain('sign in with password "pw" as:');
    expect(text).toContain('officer@demo.tidings.localhost');
    expect(text).toContain('Ctrl-C');
    expect(text.split('\n').every((l) => !l.trimStart().startsWith('{'))).toBe(true);
    expect(text.split('\n').length).toBeLessThan(15);
  });

  it('names a public URL that differs, Resend and its rate, and a worker without a web address', () => {
    expect(startBanner({ url: 'http://localhost:3000', publicUrl: 'https://news.example.org', mail: { resend: true, rate: 2 }, logLevel: 'info' })).toMatch(/public URL https:\/\/news\.example\.org[\s\S]*Resend, up to 2 requests\/s[\s\S]*level info/);
    const worker = startBanner({ mail: { resend: false }, logLevel: 'warn' });
    expect(worker).toContain('send worker is running');
    expect(worker).not.toContain('open');
    expect(worker).not.toContain('senders');
    expect(startBanner({ url: 'http://localhost:3000', mail: { resend: false }, workers: 2, logLevel: 'warn' })).toMatch(/senders\s+2 worker processes/);
  });
});
