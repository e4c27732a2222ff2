import { createHmac, timingSafeEqual } from 'node:crypto';
import { eventShape } from '../deliveries/events.ts';
import { AppError } from '../errors.ts';

/** How far a signed timestamp may be from now, either way (Svix's tolerance). */
const TOLERANCE_SECONDS = 5 * 60;

const keys = new Map<string, Buffer>();
/** The signing key: the secret's base64 after "whsec_". */
function keyOf(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) keys.set(secret, (k = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64')));
  return k;
}

/**
 * The Standard Webhooks check (what Svix, and so the Resend SDK, does), with
 * node's own HMAC: at several thousand events a second the SDK's pure-JS
 * SHA-256 was a large share of the web process's time. The signature is
 * HMAC-SHA256 over "id.timestamp.body"; the header may carry several
 * ("v1,<base64>" separated by spaces), one matching is enough.
 */
function checkSignature(secret: string, id: string, timestamp: string, signature: string, body: string): void {
  const at = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || !Number.isSafeInteger(at)) throw new AppError('unauthenticated', 'webhook refused: invalid signature headers');
  const now = Math.floor(Date.now() / 1000);
  if (at < now - TOLERANCE_SECONDS) throw new AppError('unauthenticated', 'webhook refused: message timestamp too old');
  if (at > now + TOLERANCE_SECONDS) throw new AppError('unauthenticated', 'webhook refused: message timestamp too new');
  const expected = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.`).update(body).digest();
  for (const part of signature.split(' ')) {
    const [version, value] = part.split(',');
    if (version !== 'v1' || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
  }
  throw new AppError('unauthenticated', 'webhook refused: no matching signature found');
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
  // The signature is checked before the body is parsed: a body that is not
  // JSON is then a correctly signed one, refused as malformed.
  checkSignature(secret, id, timestamp, signature, body);
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    throw new AppError('validation_failed', 'the webhook body is not valid JSON');
  }
  if (id.length > 200) throw new AppError('validation_failed', 'webhook refused: the event id is longer than 200 characters');
  try {
    eventShape(payload);
  } catch (err) {
    throw new AppError('validation_failed', `webhook refused: ${(err as Error).message}`);
  }
  return { id, payload };
}
