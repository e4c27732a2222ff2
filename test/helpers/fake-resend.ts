import { afterAll, beforeAll } from 'vitest';
import type { Config } from '../../src/config.ts';
import { ResendTransport } from '../../src/sending/transport.ts';
import { startFakeResend, type FakeResend, type FakeResendOptions } from '../fakes/resend.ts';

export const FAKE_RESEND_KEY = 're_test';

/** The running fake, and transports wired to it. */
export interface FakeProvider extends FakeResend {
  /** A Resend transport that sends to the fake; `timeoutMs` abandons slower calls (default the transport's own). */
  transport(timeoutMs?: number): ResendTransport;
}

export interface UseFakeResendOptions extends FakeResendOptions {
  /** The test app whose own Resend calls (answers, inbound fetches) go to the fake too. */
  app?: { deps: { config: Config } };
}

/**
 * The one fake-provider set-up: starts the fake Resend on loopback before the
 * file's tests and closes it after them. The handle stands for the fake once
 * it runs (use it inside tests and hooks, not at module level).
 */
export function useFakeResend(options: UseFakeResendOptions = {}): FakeProvider {
  const { app, ...fakeOptions } = options;
  let running: FakeResend | undefined;
  const fake = (): FakeResend => {
    if (!running) throw new Error('the fake Resend starts in beforeAll; use it inside a test or hook');
    return running;
  };
  beforeAll(async () => {
    running = await startFakeResend(fakeOptions);
    if (app) {
      app.deps.config.resendApiKey ??= FAKE_RESEND_KEY;
      app.deps.config.resendBaseUrl = running.url;
    }
  });
  afterAll(async () => {
    await running?.close();
  });
  const wiring = {
    transport: (timeoutMs?: number) => new ResendTransport(FAKE_RESEND_KEY, fake().url, timeoutMs),
  };
  // Everything but the wiring is the fake's own, read when used: it starts after this returns.
  return new Proxy(wiring, {
    get: (target, key) => (key in target ? target[key as keyof typeof target] : Reflect.get(fake(), key)),
    has: (target, key) => key in target || key in fake(),
  }) as FakeProvider;
}
