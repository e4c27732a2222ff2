import { Resend } from 'resend';
import { eventShape } from '../deliveries/events.ts';
import { AppError } from '../errors.ts';

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
