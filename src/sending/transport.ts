import { randomUUID } from 'node:crypto';
import { Resend } from 'resend';
import { stamped, type Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { EmailTag } from '../db/types.ts';

export interface OutgoingEmail {
  /** Stable per recipient and update; the outbox uses it to store each message once. */
  key: string;
  from: string;
  to: string;
  replyTo: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: EmailTag[];
  test?: boolean;
}

export type RecipientResult = { ok: true; providerId: string } | { ok: false; reason: string };

export type BatchOutcome =
  | { kind: 'accepted'; results: RecipientResult[] }
  /** The provider's limit: wait at least this long before any call. */
  | { kind: 'rate_limited'; retryAfterSeconds: number; message: string }
  /** 5xx, timeouts, resets, a concurrent retry: try the same batch again later. */
  | { kind: 'retryable'; message: string }
  /** Refused for good (e.g. the provider saw a different body under the same key). */
  | { kind: 'rejected'; message: string };

export interface MailTransport {
  readonly name: 'resend' | 'outbox';
  /** Whether the shared provider rate applies. */
  readonly rateLimited: boolean;
  sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<BatchOutcome>;
}

const RESEND_TIMEOUT_MS = 30_000;

interface ResendError {
  name?: string;
  message?: string;
  statusCode?: number | null;
}

/** Resend's batch endpoint with permissive validation, so one bad address fails only that recipient. */
export class ResendTransport implements MailTransport {
  readonly name = 'resend';
  readonly rateLimited = true;
  private readonly client: Resend;

  constructor(
    apiKey: string,
    baseUrl?: string,
    /** A call that takes longer is abandoned and retried later under the same key. */
    private readonly timeoutMs = RESEND_TIMEOUT_MS,
  ) {
    this.client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined);
  }

  async sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<BatchOutcome> {
    const payload = emails.map((e) => ({
      from: e.from,
      to: [e.to],
      replyTo: e.replyTo,
      subject: e.subject,
      html: e.html,
      text: e.text,
      headers: e.headers,
      tags: e.tags,
    }));
    let response: Awaited<ReturnType<Resend['batch']['send']>>;
    try {
      response = await this.client.batch.send(payload, {
        idempotencyKey,
        batchValidation: 'permissive',
        signal: AbortSignal.timeout(this.timeoutMs),
      } as Parameters<Resend['batch']['send']>[1]);
    } catch (err) {
      return { kind: 'retryable', message: `provider call failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    const { data, error, headers } = response as { data: { data: { id: string }[]; errors?: { index: number; message: string }[] } | null; error: ResendError | null; headers: Record<string, string> | null };
    if (error) return classifyError(error, headers);
    if (!data) return { kind: 'retryable', message: 'the provider answered without data' };
    const failed = new Map((data.errors ?? []).map((e) => [e.index, e.message]));
    const ids = data.data ?? [];
    const results: RecipientResult[] = [];
    let next = 0;
    for (let i = 0; i < emails.length; i++) {
      const reason = failed.get(i);
      if (reason !== undefined) results.push({ ok: false, reason: `refused by the provider: ${reason}` });
      else {
        const id = ids[next++]?.id;
        results.push(id ? { ok: true, providerId: id } : { ok: false, reason: 'the provider returned no id for this recipient' });
      }
    }
    return { kind: 'accepted', results };
  }
}

export function classifyError(error: ResendError, headers: Record<string, string> | null): BatchOutcome {
  const status = error.statusCode ?? null;
  const message = `${error.name ?? 'error'}: ${error.message ?? 'no message'}${status ? ` (HTTP ${status})` : ''}`;
  if (status === 429) {
    const retryAfter = Number(headers?.['retry-after'] ?? headers?.['ratelimit-reset'] ?? 1);
    return { kind: 'rate_limited', retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1, message };
  }
  if (status === 409 && error.name === 'invalid_idempotent_request') return { kind: 'rejected', message };
  if (status === null || status >= 500 || status === 409 || status === 408) return { kind: 'retryable', message };
  // 401/403 are our configuration, not the recipients' fault: keep retrying, loudly.
  if (status === 401 || status === 403) return { kind: 'retryable', message: `${message}; check RESEND_API_KEY` };
  return { kind: 'rejected', message };
}

/**
 * The local outbox: with no RESEND_API_KEY, messages are stored for the outbox
 * page and nothing leaves the machine. Each message is stored once per key.
 */
export class OutboxTransport implements MailTransport {
  readonly name = 'outbox';
  readonly rateLimited = false;
  constructor(
    private readonly db: Db,
    /** When messages are stamped as stored (src/clock.ts); the database's now() unless given. */
    private readonly clock?: Clock,
  ) {}

  async sendBatch(emails: OutgoingEmail[]): Promise<BatchOutcome> {
    if (emails.length === 0) return { kind: 'accepted', results: [] };
    const now = this.clock?.();
    await this.db
      .insertInto('outbox_messages')
      .values(
        emails.map((e) => ({
          id: randomUUID(),
          idempotency_key: e.key,
          to_address: e.to,
          from_address: e.from,
          reply_to: e.replyTo,
          subject: e.subject,
          html: e.html,
          text: e.text,
          headers: JSON.stringify(e.headers),
          tags: JSON.stringify(e.tags),
          test: e.test ?? false,
          ...stamped(now, 'created_at'),
        })),
      )
      .onConflict((oc) => oc.column('idempotency_key').where('idempotency_key', 'is not', null).doNothing())
      .execute();
    const rows = await this.db.selectFrom('outbox_messages').select(['id', 'idempotency_key']).where('idempotency_key', 'in', emails.map((e) => e.key)).execute();
    const byKey = new Map(rows.map((r) => [r.idempotency_key, r.id]));
    return { kind: 'accepted', results: emails.map((e) => ({ ok: true as const, providerId: `outbox:${byKey.get(e.key)}` })) };
  }
}

export function createTransport(db: Db, config: { resendApiKey: string | undefined; resendBaseUrl: string | undefined }): MailTransport {
  return config.resendApiKey ? new ResendTransport(config.resendApiKey, config.resendBaseUrl) : new OutboxTransport(db);
}

/** Where a request's email goes: the transport the app was given (tests), else the configured one. */
export function requestTransport(deps: { db: Db; config: { resendApiKey: string | undefined; resendBaseUrl: string | undefined }; transport?: MailTransport | undefined }): MailTransport {
  return deps.transport ?? createTransport(deps.db, deps.config);
}
