/**
 * A fake Resend API on loopback, for tests and the benchmark.
 *
 * It is a real HTTP server (node:http) that speaks the endpoints tidings uses, so
 * tests drive the REAL `resend` SDK against it:
 *
 *   const fake = await startFakeResend();
 *   const resend = new Resend('re_test', { baseUrl: fake.url });
 *   // or: process.env.RESEND_BASE_URL = fake.url before `new Resend(...)`
 *
 * Endpoints:
 * - `POST /emails`            one email → `{ id }`
 * - `POST /emails/batch`      1–100 emails; `x-batch-validation: strict|permissive`
 *                             strict → `{ data: [{ id }] }` or 422 for the whole call;
 *                             permissive → `{ data: [{ id } for accepted], errors: [{ index, message }] }`
 * - `GET /emails/receiving/:id` an inbound email added with `addInbound`
 *
 * Every request needs `Authorization: Bearer …` (401 `missing_api_key`; with the
 * `apiKey` option, another key is 403 `invalid_api_key`). Errors are JSON
 * `{ statusCode, name, message }`, the shape the SDK parses.
 *
 * Idempotency-Key (Resend's semantics, kept `idempotencyTtlMs`, 24 h by default, on
 * the injectable clock `now()`): a repeat with the same key and the same request
 * (path, batch-validation mode and body bytes) answers the original response and
 * accepts nothing; the same key with a different request → 409
 * `invalid_idempotent_request`; while the first is still in flight → 409
 * `concurrent_idempotent_requests`. Only successful answers are kept under a key: a
 * request refused (422, injected 429/5xx, dropped before processing) leaves the key
 * free, as nothing was accepted.
 *
 * Processing order of one request: read body → route → auth → JSON.parse (once)
 * → rate limit (`setRateLimit`) → injected fault (`failNext`, then
 * `setFaultRates`) → idempotency check (key marked in flight) → delay (`setDelay`)
 * → validation → accept and record → answer (or, for `drop: 'after'`, destroy the
 * socket). So 429/5xx faults and the rate limiter answer without delay.
 *
 * Memory for big runs: `keepRecords: false` keeps no per-email records and
 * `recipientIndex: 'compact'` keeps per-recipient counts in ~20 MB per million
 * addresses instead of ~80 MB. Measured here, 1,000,000 emails (≈4.5 kB each) in
 * 10,000 batch calls cost the fake ≈24 µs of CPU per email (JSON.parse and the
 * idempotency fingerprint dominate); its own heap stays under 100 MB with the Map
 * index and ≈20 MB with the compact one, but transient request garbage takes the
 * RSS of a process holding both the SDK client and the fake to 300–400 MB. A
 * benchmark that reports RSS should run the fake in another process or subtract it.
 */
import http from 'node:http';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import type { GetReceivingEmailResponseSuccess, InboundAttachment } from 'resend';

// ---------------------------------------------------------------------------
// Public types

export interface FakeResendOptions {
  /** Keep html/text/from/replyTo/cc/bcc of accepted emails (default true). With false only id, to, subject, headers and tags are kept. */
  keepBodies?: boolean;
  /**
   * Keep a record per accepted email in `fake.accepted` (default true). With false
   * only counters and the per-recipient count map are kept: the mode for the
   * million-email benchmark.
   */
  keepRecords?: boolean;
  /** When set, a bearer token other than this one is refused with 403 `invalid_api_key`. Any non-empty token is accepted otherwise. */
  apiKey?: string;
  /**
   * How per-recipient counts are kept. 'map' (default): a Map from address to count,
   * returned by `acceptedCountByRecipient()` (about 80 bytes per address: ~80 MB for
   * a million). 'compact': an open-addressing table of 64-bit hashes of the address
   * (~20 MB for a million; collision odds ~3e-8 at 1M); `countFor`, `stats()` and
   * the duplicate counters work, `acceptedCountByRecipient()` throws.
   */
  recipientIndex?: 'map' | 'compact';
  /** Clock (ms since epoch) for idempotency expiry and the `at` of records and calls. Default `Date.now`. The rate limiter always uses the real monotonic clock. */
  now?: () => number;
  /** How long an idempotency key is remembered. Default 24 h, as Resend. */
  idempotencyTtlMs?: number;
  /** Maximum emails per batch call (default 100, as Resend). */
  maxBatchSize?: number;
  /** Maximum `to` addresses per email (default 50, as Resend). */
  maxRecipientsPerEmail?: number;
  /** Host to listen on (default 127.0.0.1) and port (default 0: any free port). */
  host?: string;
  port?: number;
}

export interface EmailTag {
  name: string;
  value: string;
}

/** One email the fake accepted. Optional fields are absent when not sent or (html, text, from, replyTo, cc, bcc) when `keepBodies` is false. */
export interface AcceptedEmail {
  id: string;
  to: string[];
  from?: string;
  subject: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  tags?: EmailTag[];
  replyTo?: string[];
  cc?: string[];
  bcc?: string[];
  scheduledAt?: string;
  idempotencyKey?: string;
  /** `now()` when accepted. */
  at: number;
  /** The endpoint it came through. */
  via: 'single' | 'batch';
}

export type EndpointKind = 'single' | 'batch' | 'receiving' | 'other';

/** One HTTP request the fake received. */
export interface FakeCall {
  method: string;
  path: string;
  kind: EndpointKind;
  /** HTTP status answered; null when the connection was dropped. */
  status: number | null;
  /** Error name when the answer was an error. */
  errorName?: string;
  idempotencyKey?: string;
  batchValidation?: 'strict' | 'permissive';
  /** Emails in the request body (array length for a batch, 1 for a single send, 0 otherwise). */
  emails: number;
  /** Emails accepted by this call (0 for a replay). */
  accepted: number;
  /** The answer was a replay of an earlier answer under the same idempotency key. */
  replay?: boolean;
  /** The connection was destroyed before ('before') or after ('after') the emails were accepted. */
  dropped?: 'before' | 'after';
  /** Why an error was answered: an injected fault, a seeded random fault, or the rate limiter. */
  fault?: 'injected' | 'random' | 'rate-limit';
  /** `now()` when the request body had arrived. */
  at: number;
}

/** Which requests a fault applies to: 'send' (default) = POST /emails and /emails/batch. */
export type FaultTarget = 'send' | 'single' | 'batch' | 'receiving' | 'any';

export type FakeFault =
  | {
      /** HTTP status to answer, e.g. 429, 500, 503. */
      status: number;
      /** 429 only: the `retry-after` header, sent as given (default 1). */
      retryAfterSeconds?: number;
      /** Error name in the JSON body (defaults by status: 429 rate_limit_exceeded, 500 internal_server_error, other 5xx application_error …). */
      name?: string;
      message?: string;
      /** Answer this raw (non-JSON) body instead, as a proxy in front of the API would. */
      rawBody?: string;
      on?: FaultTarget;
    }
  | {
      /** Destroy the socket without answering: 'before' accepting anything, or 'after' the emails were accepted and recorded. */
      drop: 'before' | 'after';
      on?: FaultTarget;
    };

export interface FaultRates {
  /** Share of send calls answered 429 (0–1). */
  rate429?: number;
  /** Share of send calls answered 500 (0–1). */
  rate500?: number;
  /** Share of send calls dropped before processing. */
  rateDropBefore?: number;
  /** Share of send calls accepted and then dropped (the client never hears). */
  rateDropAfter?: number;
  /** `retry-after` for the random 429s (default 1). */
  retryAfterSeconds?: number;
  /** PRNG seed (default 1). */
  seed?: number;
}

export interface FakeStats {
  /** HTTP requests received. */
  calls: number;
  status2xx: number;
  status4xx: number;
  status429: number;
  status5xx: number;
  /** Connections destroyed without an answer. */
  dropped: number;
  /** Answers replayed from an idempotency key. */
  replays: number;
  /** Emails accepted. */
  accepted: number;
  /** Distinct recipient addresses (case-insensitive, display name removed). */
  recipients: number;
  /** Recipient addresses that received more than one email. */
  duplicateRecipients: number;
  /** Sum over recipients of (emails received − 1): 0 when every address got exactly one. */
  extraCopies: number;
  /** Wall-clock time (Date.now()) the first and the latest email were accepted; null before any. */
  firstAcceptedAt: number | null;
  lastAcceptedAt: number | null;
}

export interface InboundEmailInput {
  /** Default: a fresh UUID. */
  id?: string;
  from: string;
  to: string | string[];
  subject: string;
  html?: string | null;
  text?: string | null;
  /** Header names are stored lower-cased. */
  headers?: Record<string, string>;
  /** The Message-ID (default `<id@inbound.fake-resend.test>`), also put in headers['message-id']. */
  messageId?: string;
  /** Put in headers['in-reply-to'] (the SDK's response has no dedicated field; threading lives in headers). */
  inReplyTo?: string;
  /** Put in headers['references']. */
  references?: string;
  cc?: string[];
  bcc?: string[];
  replyTo?: string[];
  receivedFor?: string[];
  attachments?: InboundAttachment[];
  /** Default `now()`. */
  createdAt?: Date | string;
}

export type InboundEmail = GetReceivingEmailResponseSuccess;

export interface SignWebhookOptions {
  /** svix-id (default `msg_` + random). */
  id?: string;
  /** svix-timestamp, seconds since epoch or a Date (default: the real clock, as the SDK verifies against it). */
  timestamp?: number | Date;
}

export interface SignedWebhook {
  body: string;
  headers: { 'svix-id': string; 'svix-timestamp': string; 'svix-signature': string };
}

export interface EmittedWebhook {
  status: number;
  body: string;
  headers: Record<string, string>;
  /** What was sent. */
  sent: SignedWebhook;
}

/** A webhook payload as Resend posts it: `{ type, created_at, data }`. */
export interface WebhookPayload {
  type: string;
  created_at: string;
  data: Record<string, unknown>;
}

export type EmailEventType =
  | 'email.sent'
  | 'email.scheduled'
  | 'email.delivered'
  | 'email.delivery_delayed'
  | 'email.complained'
  | 'email.bounced'
  | 'email.opened'
  | 'email.clicked'
  | 'email.failed'
  | 'email.suppressed';

export interface FakeResend {
  /** Base URL, e.g. http://127.0.0.1:PORT (no trailing slash): pass as `baseUrl` or RESEND_BASE_URL. */
  readonly url: string;
  readonly port: number;
  /** Accepted emails in order (empty when `keepRecords` is false). Do not mutate. */
  readonly accepted: readonly AcceptedEmail[];
  /** Every request received, in order of arrival of its body. */
  readonly calls: readonly FakeCall[];
  /** Live map: recipient address (lower-cased, display name removed) → emails accepted for it. O(1) lookups; do not mutate. Throws with recipientIndex 'compact'. */
  acceptedCountByRecipient(): Map<string, number>;
  /** Emails accepted for one address ("Name <a@b>" and case are normalised). */
  countFor(address: string): number;
  /** Accepted email by id (only when `keepRecords` and `keepBodies` are on). */
  get(id: string): AcceptedEmail | undefined;
  stats(): FakeStats;

  /** The next n matching requests get this fault (queued after any earlier failNext). */
  failNext(n: number, fault: FakeFault): void;
  /** Seeded random faults on send calls; pass null to turn off. */
  setFaultRates(rates: FaultRates | null): void;
  /** Delay every answer to an accepted-for-processing request by ms (the key is in flight meanwhile). 0 turns off. */
  setDelay(ms: number): void;
  /**
   * Sliding-window limit of requestsPerSecond over all API requests (null/0: off).
   * Excess requests get 429 `rate_limit_exceeded` with `retry-after` (integer seconds,
   * ceil) and `ratelimit-limit`/`-remaining`/`-reset`; refused requests do not use up
   * the window. Below 1 request/s the window is stretched (0.5 → 1 per 2 s).
   */
  setRateLimit(requestsPerSecond: number | null): void;
  /** Remove queued failNext faults and fault rates. */
  clearFaults(): void;

  /** Store a received email, served on GET /emails/receiving/:id; returns its id. */
  addInbound(email: InboundEmailInput): string;
  /** The `email.received` webhook payload for an inbound email added with addInbound. */
  receivedEvent(id: string): WebhookPayload;
  /** A delivery-tracking webhook payload for an accepted email (record or id; by id needs keepBodies). `data` fields can be added or overridden. */
  emailEvent(type: EmailEventType, email: AcceptedEmail | string, data?: Record<string, unknown>): WebhookPayload;
  /** Sign a payload exactly as Resend (Svix) does. */
  signWebhook(secret: string, payload: unknown, options?: SignWebhookOptions): SignedWebhook;
  /** Sign and POST a payload to url. */
  emitWebhook(url: string, secret: string, payload: unknown, options?: SignWebhookOptions): Promise<EmittedWebhook>;

  /** Forget everything received and every fault, delay and limit (options stay). */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Webhook signing (Svix / Standard Webhooks scheme, as Resend uses)

/** A fresh signing secret in Resend's format: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * Sign as Svix does: `v1,` + base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)),
 * the key being the base64-decoded secret after the `whsec_` prefix. A payload that
 * is not a string is JSON-encoded.
 */
export function signWebhook(secret: string, payload: unknown, options: SignWebhookOptions = {}): SignedWebhook {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const id = options.id ?? `msg_${randomBytes(18).toString('base64url')}`;
  const ts = options.timestamp instanceof Date ? Math.floor(options.timestamp.getTime() / 1000) : (options.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
  if (key.length === 0) throw new Error('webhook secret is empty');
  const signature = createHmac('sha256', key).update(`${id}.${ts}.${body}`, 'utf8').digest('base64');
  return { body, headers: { 'svix-id': id, 'svix-timestamp': String(ts), 'svix-signature': `v1,${signature}` } };
}

/** Sign and POST a webhook the way Resend delivers it. */
export async function emitWebhook(url: string, secret: string, payload: unknown, options: SignWebhookOptions = {}): Promise<EmittedWebhook> {
  const sent = signWebhook(secret, payload, options);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Svix-Webhooks/1.0 (fake-resend)', ...sent.headers },
    body: sent.body,
  });
  return { status: res.status, body: await res.text(), headers: Object.fromEntries(res.headers.entries()), sent };
}

// ---------------------------------------------------------------------------
// Validation

const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
const TAG_RE = /^[A-Za-z0-9_-]{1,256}$/;
const ADDRESS_FORMAT = 'The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';

/** "Name <a@b>" → "a@b"; a bare address stays as is. */
function bareAddress(value: string): string {
  const t = value.trim();
  if (t.endsWith('>')) {
    const lt = t.lastIndexOf('<');
    if (lt >= 0) return t.slice(lt + 1, -1).trim();
  }
  return t;
}

/** Normalised key of the per-recipient count map. */
export function recipientKey(address: string): string {
  return bareAddress(address).toLowerCase();
}

function isAddress(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 320 && EMAIL_RE.test(bareAddress(value));
}

/** A `to`/`cc`/`bcc`/`reply_to` value: string or array of strings; returns the list or an error message. */
function addressList(value: unknown, field: string, max: number): string[] | string {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) return `Invalid \`${field}\` field. ${ADDRESS_FORMAT}`;
  if (list.length === 0) return `Missing \`${field}\` field.`;
  if (list.length > max) return `Invalid \`${field}\` field. The maximum is ${max} recipients.`;
  for (const a of list) if (!isAddress(a)) return `Invalid \`${field}\` field. ${ADDRESS_FORMAT}`;
  return list as string[];
}

interface ValidEmail {
  to: string[];
  from: string;
  subject: string;
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  tags?: EmailTag[];
  replyTo?: string[];
  cc?: string[];
  bcc?: string[];
  scheduledAt?: string;
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Validate one email body as the API receives it (snake_case); returns the cleaned email or an error message. */
function validateEmail(e: unknown, inBatch: boolean, maxTo: number): ValidEmail | string {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'Invalid email: expected an object.';
  const o = e as Record<string, unknown>;
  if (!present(o.from) || o.from === '') return 'Missing `from` field.';
  if (!isAddress(o.from)) return `Invalid \`from\` field. ${ADDRESS_FORMAT}`;
  if (!present(o.to)) return 'Missing `to` field.';
  const to = addressList(o.to, 'to', maxTo);
  if (typeof to === 'string') return to;
  if (!present(o.subject) || o.subject === '') return 'Missing `subject` field.';
  if (typeof o.subject !== 'string') return 'Invalid `subject` field.';
  const hasHtml = typeof o.html === 'string' && o.html !== '';
  const hasText = typeof o.text === 'string' && o.text !== '';
  if (present(o.html) && typeof o.html !== 'string') return 'Invalid `html` field.';
  if (present(o.text) && typeof o.text !== 'string') return 'Invalid `text` field.';
  if (!hasHtml && !hasText && !present(o.template)) return 'Missing `html` or `text` field.';
  const out: ValidEmail = { to, from: o.from, subject: o.subject };
  if (hasHtml) out.html = o.html as string;
  if (hasText) out.text = o.text as string;
  for (const field of ['cc', 'bcc', 'reply_to'] as const) {
    if (!present(o[field])) continue;
    const list = addressList(o[field], field, 50);
    if (typeof list === 'string') return list;
    if (field === 'reply_to') out.replyTo = list;
    else out[field] = list;
  }
  if (present(o.headers)) {
    if (typeof o.headers !== 'object' || Array.isArray(o.headers)) return 'Invalid `headers` field. Expected an object of strings.';
    for (const [k, v] of Object.entries(o.headers as object)) {
      if (typeof v !== 'string') return `Invalid \`headers\` field. The value of \`${k}\` must be a string.`;
      if (/[\r\n]/.test(v) || /[\r\n:]/.test(k)) return `Invalid \`headers\` field. \`${k}\` contains a line break.`;
    }
    out.headers = o.headers as Record<string, string>;
  }
  if (present(o.tags)) {
    if (!Array.isArray(o.tags)) return 'Invalid `tags` field. Expected an array of { name, value }.';
    for (const t of o.tags as unknown[]) {
      const tag = t as Partial<EmailTag> | null;
      if (!tag || typeof tag.name !== 'string' || typeof tag.value !== 'string' || !TAG_RE.test(tag.name) || !TAG_RE.test(tag.value)) {
        return 'Invalid `tags` field. Tag names and values can only contain ASCII letters, numbers, underscores or dashes, at most 256 characters.';
      }
    }
    out.tags = o.tags as EmailTag[];
  }
  if (inBatch && present(o.attachments)) return 'The `attachments` field is not supported in batch emails.';
  if (inBatch && present(o.scheduled_at)) return 'The `scheduled_at` field is not supported in batch emails.';
  if (present(o.scheduled_at)) {
    if (typeof o.scheduled_at !== 'string') return 'Invalid `scheduled_at` field.';
    out.scheduledAt = o.scheduled_at;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Helpers

const DAY_MS = 24 * 60 * 60 * 1000;

function defaultErrorName(status: number): string {
  switch (status) {
    case 400:
      return 'validation_error';
    case 401:
      return 'missing_api_key';
    case 403:
      return 'invalid_api_key';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'invalid_idempotent_request';
    case 422:
      return 'validation_error';
    case 429:
      return 'rate_limit_exceeded';
    case 500:
      return 'internal_server_error';
    default:
      return status >= 500 ? 'application_error' : 'validation_error';
  }
}

function defaultErrorMessage(status: number): string {
  if (status === 429) return 'Too many requests. See rate limit response headers for more information.';
  if (status >= 500) return 'An unexpected error occurred, please try again later.';
  return `Request refused with status ${status}.`;
}

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exact sliding-window log of granted requests. */
class SlidingWindow {
  private times: number[] = [];
  private head = 0;
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    const times = this.times;
    while (this.head < times.length && times[this.head]! <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > times.length) {
      this.times = times.slice(this.head);
      this.head = 0;
    }
  }

  /** Take a slot if one is free. */
  take(now: number): { ok: boolean; remaining: number; resetMs: number } {
    this.prune(now);
    const inWindow = this.times.length - this.head;
    if (inWindow >= this.limit) {
      const oldest = this.times[this.head]!;
      return { ok: false, remaining: 0, resetMs: oldest + this.windowMs - now };
    }
    this.times.push(now);
    const oldest = this.times[this.head]!;
    return { ok: true, remaining: this.limit - inWindow - 1, resetMs: oldest + this.windowMs - now };
  }
}

/** Per-recipient counts: `add` returns the count before adding. */
interface RecipientCounter {
  add(key: string): number;
  get(key: string): number;
}

class MapCounter implements RecipientCounter {
  readonly map = new Map<string, number>();
  add(key: string): number {
    const prev = this.map.get(key) ?? 0;
    this.map.set(key, prev + 1);
    return prev;
  }
  get(key: string): number {
    return this.map.get(key) ?? 0;
  }
}

/** Open addressing over two 32-bit hashes (64 bits) of the key; counts saturate at 65535. */
class CompactCounter implements RecipientCounter {
  private h1s = new Uint32Array(1 << 16);
  private h2s = new Uint32Array(1 << 16);
  private counts = new Uint16Array(1 << 16);
  private size = 0;

  private static hash(s: string): [number, number] {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return [h1 >>> 0, h2 >>> 0];
  }

  private slot(h1: number, h2: number): number {
    const mask = this.counts.length - 1;
    let i = h1 & mask;
    while (this.counts[i] !== 0 && (this.h1s[i] !== h1 || this.h2s[i] !== h2)) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const { h1s, h2s, counts } = this;
    const cap = counts.length * 2;
    this.h1s = new Uint32Array(cap);
    this.h2s = new Uint32Array(cap);
    this.counts = new Uint16Array(cap);
    for (let j = 0; j < counts.length; j++) {
      if (counts[j] === 0) continue;
      const i = this.slot(h1s[j]!, h2s[j]!);
      this.h1s[i] = h1s[j]!;
      this.h2s[i] = h2s[j]!;
      this.counts[i] = counts[j]!;
    }
  }

  add(key: string): number {
    const [h1, h2] = CompactCounter.hash(key);
    let i = this.slot(h1, h2);
    const prev = this.counts[i]!;
    if (prev === 0) {
      if ((this.size + 1) * 2 > this.counts.length) {
        this.grow();
        i = this.slot(h1, h2);
      }
      this.size++;
      this.h1s[i] = h1;
      this.h2s[i] = h2;
    }
    if (prev < 0xffff) this.counts[i] = prev + 1;
    return prev;
  }

  get(key: string): number {
    const [h1, h2] = CompactCounter.hash(key);
    return this.counts[this.slot(h1, h2)]!;
  }
}

interface IdempotencyEntry {
  fingerprint: string;
  state: 'inflight' | 'done';
  at: number;
  /** Answer to replay (when done). Ids are firstSeq … firstSeq+count-1. */
  kind?: 'single' | 'batch';
  firstSeq?: number;
  count?: number;
  errors?: { index: number; message: string }[];
  permissive?: boolean;
}

interface QueuedFault {
  remaining: number;
  fault: FakeFault;
  on: FaultTarget;
}

type DecidedFault = { kind: 'status'; fault: Extract<FakeFault, { status: number }>; source: 'injected' | 'random' } | { kind: 'drop'; when: 'before' | 'after'; source: 'injected' | 'random' };

function targetMatches(on: FaultTarget, kind: EndpointKind): boolean {
  switch (on) {
    case 'any':
      return true;
    case 'send':
      return kind === 'single' || kind === 'batch';
    default:
      return on === kind;
  }
}

// ---------------------------------------------------------------------------
// The server

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const keepBodies = options.keepBodies ?? true;
  const keepRecords = options.keepRecords ?? true;
  const now = options.now ?? Date.now;
  const ttlMs = options.idempotencyTtlMs ?? DAY_MS;
  const maxBatch = options.maxBatchSize ?? 100;
  const maxTo = options.maxRecipientsPerEmail ?? 50;

  // Ids: UUID-shaped, a random per-instance prefix and a sequence number, so a
  // replay can rebuild its answer from (firstSeq, count) without storing strings.
  const r = randomBytes(10).toString('hex');
  const idPrefix = `${r.slice(0, 8)}-${r.slice(8, 12)}-4${r.slice(12, 15)}-a${r.slice(15, 18)}-`;
  let seq = 1;
  const idFor = (n: number): string => idPrefix + n.toString(16).padStart(12, '0');

  // State (reset() clears it).
  let accepted: AcceptedEmail[] = [];
  let byId = new Map<string, AcceptedEmail>();
  const newCounter = (): RecipientCounter => (options.recipientIndex === 'compact' ? new CompactCounter() : new MapCounter());
  let counts = newCounter();
  let calls: FakeCall[] = [];
  let idempotency = new Map<string, IdempotencyEntry>();
  let inbound = new Map<string, InboundEmail>();
  let faults: QueuedFault[] = [];
  let rates: (Required<Omit<FaultRates, 'seed'>> & { random: () => number }) | null = null;
  let delayMs = 0;
  let limiter: SlidingWindow | null = null;
  const fresh = (): FakeStats => ({ calls: 0, status2xx: 0, status4xx: 0, status429: 0, status5xx: 0, dropped: 0, replays: 0, accepted: 0, recipients: 0, duplicateRecipients: 0, extraCopies: 0, firstAcceptedAt: null, lastAcceptedAt: null });
  let stats = fresh();

  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function countRecipient(address: string): void {
    const prev = counts.add(recipientKey(address));
    if (prev === 0) stats.recipients++;
    else {
      stats.extraCopies++;
      if (prev === 1) stats.duplicateRecipients++;
    }
  }

  /** Accept emails; returns the first sequence number (ids are consecutive). */
  function commit(emails: ValidEmail[], via: 'single' | 'batch', idempotencyKey: string | undefined, at: number): number {
    const first = seq;
    seq += emails.length;
    for (let i = 0; i < emails.length; i++) {
      const e = emails[i]!;
      for (const a of e.to) countRecipient(a);
      if (!keepRecords) continue;
      const rec: AcceptedEmail = { id: idFor(first + i), to: e.to, subject: e.subject, at, via };
      if (e.headers) rec.headers = e.headers;
      if (e.tags) rec.tags = e.tags;
      if (idempotencyKey !== undefined) rec.idempotencyKey = idempotencyKey;
      if (keepBodies) {
        rec.from = e.from;
        if (e.html !== undefined) rec.html = e.html;
        if (e.text !== undefined) rec.text = e.text;
        if (e.replyTo) rec.replyTo = e.replyTo;
        if (e.cc) rec.cc = e.cc;
        if (e.bcc) rec.bcc = e.bcc;
        if (e.scheduledAt) rec.scheduledAt = e.scheduledAt;
        byId.set(rec.id, rec);
      }
      accepted.push(rec);
    }
    stats.accepted += emails.length;
    stats.lastAcceptedAt = Date.now();
    stats.firstAcceptedAt ??= stats.lastAcceptedAt;
    return first;
  }

  function answerBody(entry: { kind?: 'single' | 'batch'; firstSeq?: number; count?: number; errors?: { index: number; message: string }[]; permissive?: boolean }): string {
    const first = entry.firstSeq ?? 0;
    if (entry.kind === 'single') return `{"id":"${idFor(first)}"}`;
    const parts: string[] = new Array(entry.count ?? 0);
    for (let i = 0; i < parts.length; i++) parts[i] = `{"id":"${idFor(first + i)}"}`;
    const data = `[${parts.join(',')}]`;
    return entry.permissive ? `{"data":${data},"errors":${JSON.stringify(entry.errors ?? [])}}` : `{"data":${data}}`;
  }

  function pruneIdempotency(t: number): void {
    for (const [key, entry] of idempotency) {
      if (entry.at + ttlMs > t) break;
      if (entry.state === 'done') idempotency.delete(key);
      else break;
    }
  }

  function decideFault(kind: EndpointKind): DecidedFault | null {
    for (let i = 0; i < faults.length; i++) {
      const q = faults[i]!;
      if (!targetMatches(q.on, kind)) continue;
      q.remaining--;
      if (q.remaining <= 0) faults.splice(i, 1);
      const f = q.fault;
      return 'drop' in f ? { kind: 'drop', when: f.drop, source: 'injected' } : { kind: 'status', fault: f, source: 'injected' };
    }
    if (rates && (kind === 'single' || kind === 'batch')) {
      let x = rates.random();
      if ((x -= rates.rate429) < 0) return { kind: 'status', fault: { status: 429, retryAfterSeconds: rates.retryAfterSeconds }, source: 'random' };
      if ((x -= rates.rate500) < 0) return { kind: 'status', fault: { status: 500 }, source: 'random' };
      if ((x -= rates.rateDropBefore) < 0) return { kind: 'drop', when: 'before', source: 'random' };
      if ((x -= rates.rateDropAfter) < 0) return { kind: 'drop', when: 'after', source: 'random' };
    }
    return null;
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      handle(req, res, body).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ statusCode: 500, name: 'internal_server_error', message: `fake-resend crashed: ${err instanceof Error ? err.stack : String(err)}` }));
        }
      });
    });
    req.on('error', () => {
      /* client went away */
    });
  });
  // Keep idle keep-alive sockets open longer than the client's, so the client
  // never reuses a socket the server is closing (a spurious network error).
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  server.requestTimeout = 0;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const method = req.method ?? 'GET';
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    let kind: EndpointKind = 'other';
    let inboundId: string | undefined;
    if (path === '/emails') kind = 'single';
    else if (path === '/emails/batch') kind = 'batch';
    else if (path.startsWith('/emails/receiving/') && path.indexOf('/', '/emails/receiving/'.length) < 0) {
      kind = 'receiving';
      inboundId = decodeURIComponent(path.slice('/emails/receiving/'.length));
    }
    const idemHeader = req.headers['idempotency-key'];
    const idempotencyKey = typeof idemHeader === 'string' ? idemHeader : undefined;
    const mode: 'strict' | 'permissive' = req.headers['x-batch-validation'] === 'permissive' ? 'permissive' : 'strict';
    const at = now();
    const call: FakeCall = { method, path, kind, status: null, emails: 0, accepted: 0, at };
    if (idempotencyKey !== undefined) call.idempotencyKey = idempotencyKey;
    if (kind === 'batch') call.batchValidation = mode;
    calls.push(call);
    stats.calls++;

    const extraHeaders: Record<string, string> = {};
    let dropAfter = false;

    const send = (status: number, json: string, headers: Record<string, string> = {}): void => {
      if (dropAfter) {
        drop('after');
        return;
      }
      call.status = status;
      if (status < 300) stats.status2xx++;
      else if (status < 500) stats.status4xx++;
      else stats.status5xx++;
      if (status === 429) stats.status429++;
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders, ...headers });
      res.end(json);
    };
    const fail = (status: number, name: string, message: string, headers: Record<string, string> = {}): void => {
      call.errorName = name;
      send(status, JSON.stringify({ statusCode: status, name, message }), headers);
    };
    const drop = (when: 'before' | 'after'): void => {
      call.dropped = when;
      call.status = null;
      stats.dropped++;
      req.socket.destroy();
    };

    // Route.
    if (kind === 'other') {
      if (path.startsWith('/emails')) return fail(405, 'method_not_allowed', `Method ${method} not allowed on ${path} by the fake.`);
      return fail(404, 'not_found', `The requested endpoint ${path} does not exist (fake-resend).`);
    }
    if ((kind === 'receiving' && method !== 'GET') || (kind !== 'receiving' && method !== 'POST')) {
      return fail(405, 'method_not_allowed', 'Method not allowed.');
    }

    // Auth.
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : '';
    if (!token) return fail(401, 'missing_api_key', 'Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY');
    if (options.apiKey !== undefined && token !== options.apiKey) return fail(403, 'invalid_api_key', 'API key is invalid');

    // The body is parsed once, here, so that every call (faulted ones too) records its email count.
    let parsed: unknown;
    let badJson = false;
    if (kind === 'single' || kind === 'batch') {
      try {
        parsed = JSON.parse(body.toString('utf8'));
        call.emails = kind === 'batch' ? (Array.isArray(parsed) ? parsed.length : 0) : 1;
      } catch {
        badJson = true;
      }
    }

    // Rate limit (real monotonic clock).
    if (limiter) {
      const slot = limiter.take(performance.now());
      const resetSec = String(Math.max(1, Math.ceil(slot.resetMs / 1000)));
      extraHeaders['ratelimit-limit'] = String(limiter.limit);
      extraHeaders['ratelimit-remaining'] = String(slot.remaining);
      extraHeaders['ratelimit-reset'] = resetSec;
      if (!slot.ok) {
        call.fault = 'rate-limit';
        return fail(429, 'rate_limit_exceeded', `Too many requests. You can only make ${limiter.limit} requests per ${limiter.windowMs / 1000} second(s). See rate limit response headers for more information.`, { 'retry-after': resetSec });
      }
    }

    // Injected faults.
    const fault = decideFault(kind);
    if (fault) {
      call.fault = fault.source;
      if (fault.kind === 'drop') {
        if (fault.when === 'before') return drop('before');
        dropAfter = true;
      } else {
        const f = fault.fault;
        const headers: Record<string, string> = {};
        if (f.status === 429) headers['retry-after'] = String(f.retryAfterSeconds ?? 1);
        if (f.rawBody !== undefined) {
          call.errorName = f.name ?? defaultErrorName(f.status);
          return send(f.status, f.rawBody, { ...headers, 'content-type': 'text/html' });
        }
        return fail(f.status, f.name ?? defaultErrorName(f.status), f.message ?? defaultErrorMessage(f.status), headers);
      }
    }

    if (kind === 'receiving') {
      if (delayMs > 0) await sleep(delayMs);
      const email = inboundId === undefined ? undefined : inbound.get(inboundId);
      if (!email) return fail(404, 'not_found', 'Email not found');
      return send(200, JSON.stringify(email));
    }

    // Sending endpoints.
    if (badJson) return fail(422, 'validation_error', 'Invalid JSON in request body.');

    let entry: IdempotencyEntry | undefined;
    if (idempotencyKey !== undefined) {
      if (idempotencyKey.length < 1 || idempotencyKey.length > 256) {
        return fail(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');
      }
      pruneIdempotency(at);
      const fingerprint = createHash('sha256').update(path).update('\0').update(kind === 'batch' ? mode : '').update('\0').update(body).digest('base64');
      const existing = idempotency.get(idempotencyKey);
      if (existing && existing.at + ttlMs <= at && existing.state === 'done') idempotency.delete(idempotencyKey);
      else if (existing) {
        if (existing.fingerprint !== fingerprint) {
          return fail(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload. Change your idempotency key or payload.');
        }
        if (existing.state === 'inflight') {
          return fail(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.');
        }
        call.replay = true;
        stats.replays++;
        return send(200, answerBody(existing));
      }
      entry = { fingerprint, state: 'inflight', at };
      idempotency.set(idempotencyKey, entry);
    }
    const release = (): void => {
      if (entry && idempotencyKey !== undefined && idempotency.get(idempotencyKey) === entry) idempotency.delete(idempotencyKey);
    };

    try {
      if (delayMs > 0) await sleep(delayMs);

      if (kind === 'single') {
        const v = validateEmail(parsed, false, maxTo);
        if (typeof v === 'string') {
          release();
          return fail(422, 'validation_error', v);
        }
        const first = commit([v], 'single', idempotencyKey, now());
        call.accepted = 1;
        const answer = { kind: 'single' as const, firstSeq: first, count: 1 };
        if (entry) Object.assign(entry, answer, { state: 'done' });
        return send(200, answerBody(answer));
      }

      // Batch.
      if (!Array.isArray(parsed)) {
        release();
        return fail(422, 'validation_error', 'Invalid batch: the body must be an array of emails.');
      }
      if (parsed.length === 0) {
        release();
        return fail(422, 'validation_error', 'Invalid batch: the array of emails is empty.');
      }
      if (parsed.length > maxBatch) {
        release();
        return fail(422, 'validation_error', `Too many emails in batch: ${parsed.length}. The maximum is ${maxBatch}.`);
      }
      const valid: ValidEmail[] = [];
      const errors: { index: number; message: string }[] = [];
      for (let i = 0; i < parsed.length; i++) {
        const v = validateEmail(parsed[i], true, maxTo);
        if (typeof v === 'string') errors.push({ index: i, message: v });
        else valid.push(v);
      }
      if (errors.length > 0 && mode === 'strict') {
        release();
        const e = errors[0]!;
        return fail(422, 'validation_error', `emails[${e.index}]: ${e.message}`);
      }
      const first = commit(valid, 'batch', idempotencyKey, now());
      call.accepted = valid.length;
      const answer = { kind: 'batch' as const, firstSeq: first, count: valid.length, errors, permissive: mode === 'permissive' };
      if (entry) Object.assign(entry, answer, { state: 'done' });
      return send(200, answerBody(answer));
    } catch (err) {
      release();
      throw err;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  function lookup(email: AcceptedEmail | string): AcceptedEmail {
    if (typeof email !== 'string') return email;
    const rec = byId.get(email);
    if (!rec) throw new Error(`fake-resend: no accepted email with id ${email} (lookup by id needs keepRecords and keepBodies)`);
    return rec;
  }

  const fake: FakeResend = {
    url,
    port: address.port,
    get accepted() {
      return accepted;
    },
    get calls() {
      return calls;
    },
    acceptedCountByRecipient() {
      if (counts instanceof MapCounter) return counts.map;
      throw new Error("fake-resend: acceptedCountByRecipient() needs recipientIndex 'map'; use countFor() and stats() with 'compact'");
    },
    countFor: (a) => counts.get(recipientKey(a)),
    get: (id) => byId.get(id),
    stats: () => ({ ...stats }),

    failNext(n, fault) {
      if (!Number.isInteger(n) || n < 1) throw new Error('failNext: n must be a positive integer');
      faults.push({ remaining: n, fault, on: fault.on ?? 'send' });
    },
    setFaultRates(r) {
      if (!r) {
        rates = null;
        return;
      }
      const x = { rate429: r.rate429 ?? 0, rate500: r.rate500 ?? 0, rateDropBefore: r.rateDropBefore ?? 0, rateDropAfter: r.rateDropAfter ?? 0 };
      if (Object.values(x).some((v) => v < 0) || x.rate429 + x.rate500 + x.rateDropBefore + x.rateDropAfter > 1) throw new Error('setFaultRates: rates must be ≥ 0 and sum to ≤ 1');
      rates = { ...x, retryAfterSeconds: r.retryAfterSeconds ?? 1, random: prng(r.seed ?? 1) };
    },
    setDelay(ms) {
      delayMs = Math.max(0, ms);
    },
    setRateLimit(rps) {
      if (!rps || rps <= 0) {
        limiter = null;
        return;
      }
      limiter = rps >= 1 ? new SlidingWindow(Math.floor(rps), 1000) : new SlidingWindow(1, 1000 / rps);
    },
    clearFaults() {
      faults = [];
      rates = null;
    },

    addInbound(input) {
      const id = input.id ?? randomUUID();
      const messageId = input.messageId ?? `<${id}@inbound.fake-resend.test>`;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
      headers['message-id'] ??= messageId;
      headers['from'] ??= input.from;
      headers['subject'] ??= input.subject;
      if (input.inReplyTo !== undefined) headers['in-reply-to'] = input.inReplyTo;
      if (input.references !== undefined) headers['references'] = input.references;
      const to = typeof input.to === 'string' ? [input.to] : input.to;
      headers['to'] ??= to.join(', ');
      const created = input.createdAt === undefined ? new Date(now()) : new Date(input.createdAt);
      inbound.set(id, {
        object: 'email',
        id,
        to,
        from: input.from,
        created_at: created.toISOString(),
        subject: input.subject,
        bcc: input.bcc ?? null,
        cc: input.cc ?? null,
        reply_to: input.replyTo ?? null,
        received_for: input.receivedFor ?? to.map(bareAddress),
        html: input.html ?? null,
        text: input.text ?? null,
        headers,
        message_id: messageId,
        raw: null,
        attachments: input.attachments ?? [],
      });
      return id;
    },
    receivedEvent(id) {
      const e = inbound.get(id);
      if (!e) throw new Error(`fake-resend: no inbound email ${id}`);
      return {
        type: 'email.received',
        created_at: e.created_at,
        data: {
          email_id: e.id,
          created_at: e.created_at,
          from: e.from,
          to: e.to,
          bcc: e.bcc ?? [],
          cc: e.cc ?? [],
          received_for: e.received_for,
          message_id: e.message_id,
          subject: e.subject,
          attachments: e.attachments.map(({ id: aid, filename, content_type, content_disposition, content_id }) => ({ id: aid, filename, content_type, content_disposition, content_id })),
        },
      };
    },
    emailEvent(type, email, data = {}) {
      const rec = lookup(email);
      const createdAt = new Date(now()).toISOString();
      const base: Record<string, unknown> = {
        created_at: new Date(rec.at).toISOString(),
        email_id: rec.id,
        message_id: `<${rec.id}@email.fake-resend.test>`,
        from: rec.from ?? '',
        to: rec.to,
        subject: rec.subject,
      };
      if (rec.tags) base.tags = Object.fromEntries(rec.tags.map((t) => [t.name, t.value]));
      if (type === 'email.bounced') base.bounce = { type: 'Permanent', subType: 'General', message: 'The recipient address does not exist.' };
      if (type === 'email.failed') base.failed = { reason: 'reached_daily_quota' };
      if (type === 'email.suppressed') base.suppressed = { type: 'OnAccountSuppressionList', message: 'The recipient is on the suppression list.' };
      if (type === 'email.clicked') base.click = { ipAddress: '127.0.0.1', link: 'https://example.org/', timestamp: createdAt, userAgent: 'fake' };
      return { type, created_at: createdAt, data: { ...base, ...data } };
    },
    signWebhook: (secret, payload, opts) => signWebhook(secret, payload, opts),
    emitWebhook: (target, secret, payload, opts) => emitWebhook(target, secret, payload, opts),

    reset() {
      accepted = [];
      byId = new Map();
      counts = newCounter();
      calls = [];
      idempotency = new Map();
      inbound = new Map();
      faults = [];
      rates = null;
      delayMs = 0;
      limiter = null;
      stats = fresh();
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
  return fake;
}
