import { Resend, type GetReceivingEmailResponseSuccess } from 'resend';
import type { Config } from '../config.ts';
import type { Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { recordProviderEvent } from '../deliveries/apply-events.ts';
import { eventShape, type ProviderEvent } from '../deliveries/events.ts';
import { AppError } from '../errors.ts';
import { classifyInbound, type InboundClass } from './autoreply.ts';
import { findRoutedAddress } from '../sending/reply-address.ts';
import { fileCustomerMessage } from './queries.ts';
import { visibleReply } from './quotes.ts';
import { keepUnmatched, type UnmatchedReason } from './unmatched.ts';

/**
 * Customer replies by email (DESIGN.md rule 3): Resend's `email.received`
 * webhook, already signature-checked, is handled here and only here.
 *
 * Order matters for "never dropped, never twice":
 * 1. an event id seen before is a redelivery: nothing happens;
 * 2. the body is fetched (`emails.receiving.get`); if the provider cannot serve it
 *    for now (429, 5xx, no answer), `provider_unavailable` is thrown, nothing is
 *    stored, and the route answers 503 so Resend redelivers; if it refuses for good
 *    (any other 4xx, e.g. 404: the message is gone), asking again would never help;
 * 3. the message is filed in the customer's conversation (idempotent by the
 *    inbound email id) or, when its routed address is missing, unknown, forged or
 *    expired, or the provider refused it for good (what the event says is kept,
 *    with the provider's answer), kept in `inbound_unmatched` (idempotent by the
 *    same id);
 * 4. only then is the event stored as processed (with its audit entry).
 * A crash between 3 and 4 makes the redelivery file nothing new.
 */

export interface InboundDeps {
  db: Db;
  config: Pick<Config, 'secret' | 'replyDomain' | 'resendApiKey' | 'resendBaseUrl'>;
  /** The SDK's receiving API; built from the configuration unless given. */
  receiving?: Pick<Resend['emails']['receiving'], 'get'>;
}

/** When Resend should redeliver a webhook whose message we could not fetch. */
const REDELIVER_AFTER_SECONDS = 60;

/** The provider could not give us the message: a 503, so the webhook is redelivered. */
function inboundUnavailable(message: string): AppError {
  return new AppError('provider_unavailable', message, undefined, REDELIVER_AFTER_SECONDS);
}

export type InboundOutcome =
  | { duplicate: true }
  | { duplicate: false; matched: true; conversationId: number; messageId: number; deliveryId: number; classification: InboundClass['kind'] }
  | { duplicate: false; matched: false; reason: UnmatchedReason };

const FETCH_TIMEOUT_MS = 15_000;

function receivingApi(deps: InboundDeps): Pick<Resend['emails']['receiving'], 'get'> {
  if (deps.receiving) return deps.receiving;
  if (!deps.config.resendApiKey) throw inboundUnavailable('RESEND_API_KEY is not set: the inbound email cannot be fetched');
  return new Resend(deps.config.resendApiKey, deps.config.resendBaseUrl ? { baseUrl: deps.config.resendBaseUrl } : undefined).emails.receiving;
}

/** The provider's answer when it refuses a message for good, kept with the unmatched mail. */
export interface ProviderRefusal {
  status: number | null;
  name: string;
  message: string;
}

/**
 * For good: a 4xx other than 429 (404 the message is gone, 401/403 the key may not
 * read it, 422 the id is wrong), or the SDK refusing the id itself. 429, 5xx and
 * no answer at all pass.
 */
function isPermanent(error: { statusCode: number | null; name: string }): boolean {
  const status = error.statusCode;
  if (typeof status === 'number') return status >= 400 && status < 500 && status !== 429;
  return error.name === 'invalid_parameter';
}

type Fetched = { ok: true; email: GetReceivingEmailResponseSuccess } | { ok: false; refusal: ProviderRefusal };

async function fetchInbound(deps: InboundDeps, emailId: string): Promise<Fetched> {
  const api = receivingApi(deps);
  let timer: NodeJS.Timeout | undefined;
  let res;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${FETCH_TIMEOUT_MS} ms`)), FETCH_TIMEOUT_MS);
    });
    res = await Promise.race([api.get(emailId), timeout]);
  } catch (err) {
    throw inboundUnavailable(`fetching inbound email ${emailId} failed: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  if (res.data) return { ok: true, email: res.data };
  if (res.error && isPermanent(res.error)) return { ok: false, refusal: { status: res.error.statusCode, name: res.error.name, message: res.error.message } };
  throw inboundUnavailable(`fetching inbound email ${emailId} failed: ${res.error ? `${res.error.name}: ${res.error.message}` : 'empty response'}`);
}

function header(headers: Record<string, string> | null, name: string): string | null {
  if (!headers) return null;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return typeof v === 'string' && v.trim() ? v.trim() : null;
  return null;
}

/** Plain text of an HTML-only message (rare: most clients send a text part). */
function textOfHtml(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/(?:p|div|li|tr|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `now`: when the webhook arrives (src/clock.ts); every stamp of filing it uses it. */
export async function handleInbound(deps: InboundDeps, event: ProviderEvent, options: Stamp = {}): Promise<InboundOutcome> {
  const { db } = deps;
  const { type, data } = eventShape(event.payload);
  if (type !== 'email.received') throw new Error(`handleInbound got a ${type} event`);

  // 1. A redelivered webhook: handled before, nothing to do (and no fetch).
  const seen = await db.selectFrom('delivery_events').select('id').where('provider_event_id', '=', event.id).executeTakeFirst();
  if (seen) return { duplicate: true };

  const emailId = typeof data['email_id'] === 'string' && data['email_id'] ? data['email_id'] : null;
  let outcome: InboundOutcome;
  if (!emailId) {
    // Nothing to fetch: keep what the event says, so it is not lost.
    outcome = await keepUnmatched(db, { ...unmatchedFromEvent(data, `event:${event.id}`), payload: event.payload }, 'no_routed_address', options);
  } else {
    // 2. The message itself; a temporary provider failure propagates (nothing stored).
    const fetched = await fetchInbound(deps, emailId);
    // 3. File it or keep it as unmatched; refused for good, keep what the event says and why.
    outcome = fetched.ok
      ? await route(deps, fetched.email, options)
      : await keepUnmatched(db, { ...unmatchedFromEvent(data, emailId), payload: { event: event.payload, providerError: fetched.refusal } }, 'provider_refused', options);
  }
  // 4. The event, once per Svix id, with its audit entry.
  const recorded = await recordProviderEvent(db, event, options);
  if (recorded.duplicate) return { duplicate: true };
  return outcome;
}

function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** What the webhook event itself says about a message we cannot fetch. */
function unmatchedFromEvent(data: Record<string, unknown>, id: string) {
  return { id, to: listOf(data['to']), from: String(data['from'] ?? ''), subject: String(data['subject'] ?? '') };
}

async function route(deps: InboundDeps, email: GetReceivingEmailResponseSuccess, options: Stamp): Promise<InboundOutcome> {
  const { db, config } = deps;
  const unmatched = { id: email.id, to: [...email.to, ...(email.cc ?? [])], from: email.from, subject: email.subject ?? '', payload: email };
  if (!config.replyDomain) return keepUnmatched(db, unmatched, 'reply_domain_not_configured', options);

  const recipients = [...email.to, ...(email.cc ?? []), ...(email.bcc ?? []), ...(email.received_for ?? [])];
  const found = findRoutedAddress(config.secret, config.replyDomain, recipients, options.now);
  if (!found.found) return keepUnmatched(db, unmatched, 'no_routed_address', options);
  if (!found.check.ok) return keepUnmatched(db, { ...unmatched, to: [found.address] }, found.check.reason === 'malformed' ? 'unknown_address' : found.check.reason, options);
  const deliveryId = found.check.route.deliveryId;

  const delivery = await db
    .selectFrom('deliveries as d')
    .innerJoin('updates as u', 'u.id', 'd.update_id')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .select(['d.id', 'd.contact_id', 'd.update_id', 'd.contact_point_id', 'u.situation_id', 'c.erased_at'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!delivery) return keepUnmatched(db, { ...unmatched, to: [found.address] }, 'unknown_delivery', options);
  // Filing it would tie the sender's address to the pseudonym again; an officer decides what to do with it.
  if (delivery.erased_at) return keepUnmatched(db, { ...unmatched, to: [found.address] }, 'contact_erased', options);

  const text = email.text ?? (email.html ? textOfHtml(email.html) : '');
  const headers = email.headers ?? {};
  const classification = classifyInbound({ headers, from: email.from, subject: email.subject ?? '', text });
  const message = {
    contactId: delivery.contact_id,
    situationId: delivery.situation_id,
    updateId: delivery.update_id,
    contactPointId: delivery.contact_point_id,
    channel: 'email',
    from: email.from,
    to: found.address,
    subject: email.subject ?? '',
    text,
    visibleText: visibleReply(text).visible,
    html: email.html,
    providerId: email.id,
    messageId: email.message_id || header(email.headers, 'message-id'),
    inReplyTo: header(email.headers, 'in-reply-to'),
    references: header(email.headers, 'references'),
    classification: classification.kind,
  } as const;
  let filed;
  try {
    filed = await fileCustomerMessage(db, message, options);
  } catch (err) {
    // The same email filed concurrently (two deliveries of one webhook at once):
    // the unique index refused the second; filing again finds the first.
    if ((err as { code?: string }).code !== '23505') throw err;
    filed = await fileCustomerMessage(db, message, options);
  }
  return { duplicate: false, matched: true, conversationId: filed.conversationId, messageId: filed.messageId, deliveryId: delivery.id, classification: classification.kind };
}
