import type { Db } from '../db/connection.ts';
import { fileCustomerMessage, type FiledMessage } from '../conversations/queries.ts';

export const QUESTION_MAX = 5000;
export const QUESTION_SUBJECT = 'Question from the status page';

/** Sliding-window limiter kept in memory: enough for one process, forgets on restart. */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts an attempt for every key, unless one of them is already at its limit. */
  take(keys: string[], now = Date.now()): boolean {
    const from = now - this.windowMs;
    const lists = keys.map((k) => {
      const kept = (this.hits.get(k) ?? []).filter((t) => t > from);
      this.hits.set(k, kept);
      return kept;
    });
    if (lists.some((l) => l.length >= this.limit)) return false;
    for (const l of lists) l.push(now);
    if (this.hits.size > 10_000) this.sweep(from);
    return true;
  }

  private sweep(from: number): void {
    for (const [k, l] of this.hits) if (!l.some((t) => t > from)) this.hits.delete(k);
  }
}

export type QuestionCheck = { ok: true; text: string } | { ok: false; problem: 'askEmpty' | 'askTooLong' };

export function checkQuestion(raw: unknown): QuestionCheck {
  const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
  if (text.length === 0 || text.includes('\0')) return { ok: false, problem: 'askEmpty' };
  if (text.length > QUESTION_MAX) return { ok: false, problem: 'askTooLong' };
  return { ok: true, text };
}

export interface QuestionTarget {
  deliveryId: number;
  contactId: number;
  email: string;
  updateId: number;
  situationId: number;
  contactPointId: number | null;
  contactPointEmail: string;
}

/** Who asks and whom the question reaches, from the delivery the signed link names. */
export async function questionTarget(db: Db, deliveryId: number): Promise<QuestionTarget | undefined> {
  const row = await db
    .selectFrom('deliveries as d')
    .innerJoin('updates as u', 'u.id', 'd.update_id')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .leftJoin('contact_points as cp', 'cp.id', 'd.contact_point_id')
    .select(['d.id', 'd.contact_id', 'd.update_id', 'd.contact_point_id', 'c.email', 'u.situation_id', 'cp.email as cp_email'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    deliveryId: row.id,
    contactId: row.contact_id,
    email: row.email,
    updateId: row.update_id,
    situationId: row.situation_id,
    contactPointId: row.contact_point_id,
    contactPointEmail: row.cp_email ?? '',
  };
}

/** Files a status-page question in the customer's conversation about the situation. */
export function fileQuestion(db: Db, target: QuestionTarget, text: string): Promise<FiledMessage> {
  return fileCustomerMessage(db, {
    contactId: target.contactId,
    situationId: target.situationId,
    updateId: target.updateId,
    contactPointId: target.contactPointId,
    channel: 'portal',
    classification: 'human',
    from: target.email,
    to: target.contactPointEmail,
    subject: QUESTION_SUBJECT,
    text,
    visibleText: text,
  });
}

/** A cross-site form post carries a foreign Origin (or Referer); a same-site one, or none, passes. */
export function sameOrigin(headers: { origin?: string | undefined; referer?: string | undefined }, allowed: string[]): boolean {
  const claimed = headers.origin && headers.origin !== 'null' ? headers.origin : headers.referer;
  if (headers.origin === 'null') return false;
  if (!claimed) return true;
  let origin: string;
  try {
    origin = new URL(claimed).origin;
  } catch {
    return false;
  }
  return allowed.some((a) => {
    try {
      return new URL(a).origin === origin;
    } catch {
      return false;
    }
  });
}
