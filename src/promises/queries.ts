import type { Db } from '../db/connection.ts';
import type { PromiseState } from '../db/types.ts';
import { invalid } from '../errors.ts';

export const PROMISE_FILTERS = ['open', 'overdue', 'kept', 'broken'] as const;
export type PromiseFilter = (typeof PROMISE_FILTERS)[number];

/** A reminder about a promise, as the API and the pages show it. */
export interface PromiseReminderView {
  kind: 'due_soon' | 'overdue';
  sentAt: string | null;
  /** Officers it was sent to. */
  recipients: number;
  /** Why the last attempt failed, while unsent. */
  lastError: string | null;
}

/**
 * A promise as the API and the pages show it: an overdue promise is broken on
 * the record (see evaluate.ts), so it shows as state "broken" with `overdue`
 * marking the ones still waiting for the team.
 */
export interface PromiseView {
  id: number;
  situationId: number;
  situationTitle: string;
  updateId: number;
  updateNumber: number | null;
  state: 'open' | 'kept' | 'broken';
  overdue: boolean;
  dueAt: string;
  /** Time left until the due date; negative once it has passed. */
  secondsLeft: number;
  recipients: number;
  /** Promised recipients a later update reached by the due date. */
  reached: number;
  keptByUpdateId: number | null;
  /** The number customers saw on the update that kept it ("Update 2"), within the same situation. */
  keptByUpdateNumber: number | null;
  settledAt: string | null;
  reminders: PromiseReminderView[];
}

/** The stored states each filter lists: an overdue promise is broken on the record (see evaluate.ts). */
const STORED: Record<PromiseFilter, PromiseState[]> = { open: ['open'], overdue: ['overdue'], kept: ['kept'], broken: ['broken', 'overdue'] };

/** The `state` filter of the promises page and its CSV: one of PROMISE_FILTERS, or none for all. */
export function parsePromiseFilter(value: string | undefined): PromiseFilter | undefined {
  if (!value) return undefined;
  if (!(PROMISE_FILTERS as readonly string[]).includes(value)) throw invalid(`state must be one of ${PROMISE_FILTERS.join(', ')}`, { field: 'state' });
  return value as PromiseFilter;
}

/** Promises in the given stored states (all when empty), soonest due first, with their reminders. */
export async function loadPromises(db: Db, states: PromiseState[], now = new Date(), options: { settledSince?: Date; limit?: number } = {}): Promise<PromiseView[]> {
  let q = db
    .selectFrom('promises as p')
    .innerJoin('situations as s', 's.id', 'p.situation_id')
    .innerJoin('updates as u', 'u.id', 'p.update_id')
    .leftJoin('updates as k', 'k.id', 'p.kept_by_update_id')
    .select(['p.id', 'p.situation_id', 's.title', 'p.update_id', 'u.number', 'p.state', 'p.due_at', 'p.recipients', 'p.reached', 'p.kept_by_update_id', 'k.number as kept_by_number', 'p.settled_at'])
    .orderBy('p.due_at')
    .orderBy('p.id');
  if (states.length > 0) q = q.where('p.state', 'in', states);
  if (options.settledSince) q = q.where('p.settled_at', '>=', options.settledSince);
  if (options.limit) q = q.limit(options.limit);
  const rows = await q.execute();
  const reminders = rows.length
    ? await db
        .selectFrom('promise_reminders')
        .select(['promise_id', 'kind', 'sent_at', 'recipients', 'last_error'])
        .where('promise_id', 'in', rows.map((r) => r.id))
        .orderBy('id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: Number(r.id),
    situationId: Number(r.situation_id),
    situationTitle: r.title,
    updateId: Number(r.update_id),
    updateNumber: r.number,
    state: (r.state === 'overdue' ? 'broken' : r.state) as 'open' | 'kept' | 'broken',
    overdue: r.state === 'overdue',
    dueAt: r.due_at.toISOString(),
    secondsLeft: Math.round((r.due_at.getTime() - now.getTime()) / 1000),
    recipients: r.recipients,
    reached: r.reached,
    keptByUpdateId: r.kept_by_update_id === null ? null : Number(r.kept_by_update_id),
    keptByUpdateNumber: r.kept_by_number ?? null,
    settledAt: r.settled_at?.toISOString() ?? null,
    reminders: reminders
      .filter((m) => m.promise_id === r.id)
      .map((m) => ({ kind: m.kind, sentAt: m.sent_at?.toISOString() ?? null, recipients: Array.isArray(m.recipients) ? m.recipients.length : 0, lastError: m.sent_at ? null : m.last_error })),
  }));
}

/**
 * Promises, soonest due first. "overdue" lists the ones still waiting for the
 * team; "broken" lists every broken one, overdue or since followed up.
 */
export async function listPromises(db: Db, state: PromiseFilter | undefined, now = new Date()): Promise<PromiseView[]> {
  return loadPromises(db, state ? STORED[state] : [], now);
}
