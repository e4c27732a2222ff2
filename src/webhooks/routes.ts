import type { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { AppError } from '../errors.ts';
import { receiveResendEvent } from './receive.ts';
import { verifyResendWebhook } from './verify.ts';

/** Provider webhooks: no session, no CSRF; authenticated by their signature. */
export function webhookRoutes(app: Hono<AppEnv>): void {
  app.post('/webhooks/resend', allow('public'), async (c) => {
    // Every answer to the provider, a refusal or a 503 included, is about this one event: never cached.
    c.header('cache-control', 'no-store');
    // The raw text, before anything parses it: the signature covers these exact bytes.
    const body = await c.req.text();
    const { config, db, log } = c.get('deps');
    let event: { id: string; payload: unknown };
    try {
      event = verifyResendWebhook(config.resendWebhookSecret, body, (n) => c.req.header(n));
    } catch (err) {
      log.warn({ err: (err as Error).message, id: c.req.header('svix-id') }, 'webhook refused');
      throw err;
    }
    try {
      const received = await receiveResendEvent({ db, config }, event);
      if ('reason' in received && received.reason === 'provider_refused') log.warn({ id: event.id }, 'inbound email refused by the provider for good; kept as unmatched mail');
      return c.json(received, 200);
    } catch (err) {
      // Not stored as processed: the 503 makes Resend redeliver, and the next attempt fetches again.
      if (err instanceof AppError && err.code === 'provider_unavailable') log.warn({ err: err.message, id: event.id }, 'inbound email could not be fetched; asking for redelivery');
      throw err;
    }
  });
}
