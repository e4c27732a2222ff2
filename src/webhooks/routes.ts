import type { Hono } from 'hono';
import { Resend } from 'resend';
import { allow } from '../auth/middleware.ts';
import { handleInbound } from '../conversations/inbound.ts';
import { recordProviderEventBatched } from '../deliveries/batcher.ts';
import { eventShape, isInboundEvent } from '../deliveries/events.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';

// Verification needs no API key or network; the SDK only wants a non-empty key to construct.
let verifier: Resend['webhooks'] | undefined;
function webhooks(): Resend['webhooks'] {
  verifier ??= new Resend('re_webhook_verification_only').webhooks;
  return verifier;
}

/**
 * Verifies a Resend (Svix / Standard Webhooks) signature over the raw body and
 * returns the event id and parsed payload. A missing or forged signature, or a
 * timestamp more than 5 minutes from now, is refused with 401; a body that is
 * signed but not a JSON event with a type, with 400.
 */
export function verifyResendWebhook(secret: string | undefined, body: string, header: (name: string) => string | undefined): { id: string; payload: unknown } {
  if (!secret) throw new AppError('unauthenticated', 'webhook signing secret is not configured (set RESEND_WEBHOOK_SECRET); the event was not stored');
  const id = header('svix-id') ?? header('webhook-id');
  const timestamp = header('svix-timestamp') ?? header('webhook-timestamp');
  const signature = header('svix-signature') ?? header('webhook-signature');
  if (!id || !timestamp || !signature) throw new AppError('unauthenticated', 'missing webhook signature headers (svix-id, svix-timestamp, svix-signature)');
  let payload: unknown;
  try {
    payload = webhooks().verify({ payload: body, headers: { id, timestamp, signature }, webhookSecret: secret });
  } catch (err) {
    // The signature is checked before the body is parsed: a SyntaxError means a
    // correctly signed body that is not JSON.
    if (err instanceof SyntaxError) throw new AppError('validation_failed', 'the webhook body is not valid JSON');
    const why = err instanceof Error && err.name === 'WebhookVerificationError' ? err.message : 'the signature could not be verified';
    throw new AppError('unauthenticated', `webhook refused: ${why.toLowerCase()}`);
  }
  if (id.length > 200) throw new AppError('validation_failed', 'webhook refused: the event id is longer than 200 characters');
  try {
    eventShape(payload);
  } catch (err) {
    throw new AppError('validation_failed', `webhook refused: ${(err as Error).message}`);
  }
  return { id, payload };
}

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
    // Customer replies (`email.received`) are filed in conversations; everything else moves deliveries.
    if (isInboundEvent(event)) {
      try {
        return c.json({ ok: true, ...(await handleInbound({ db, config }, event)) }, 200);
      } catch (err) {
        // Not stored as processed: the 503 makes Resend redeliver, and the next attempt fetches again.
        if (err instanceof AppError && err.code === 'provider_unavailable') log.warn({ err: err.message, id: event.id }, 'inbound email could not be fetched; asking for redelivery');
        throw err;
      }
    }
    const outcome = await recordProviderEventBatched(db, event);
    return c.json({ ok: true, duplicate: outcome.duplicate, deliveryId: outcome.deliveryId, status: outcome.status }, 200);
  });
}
