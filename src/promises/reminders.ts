import { localeOr } from '../../i18n/locales.ts';
/**
 * Reminders to a situation's officers about a promise (DESIGN.md rule 2):
 * 'due_soon' when an open promise comes within the `promise_reminder_hours`
 * setting of its date, and 'overdue' when the date has passed unkept.
 *
 * Exactly once, however many workers run the promise job at the same time:
 * 1. raise: one `promise_reminders` row per (promise, kind), inserted with
 *    ON CONFLICT DO NOTHING;
 * 2. claim: a worker takes an unsent row with a short lease (an atomic UPDATE …
 *    RETURNING), so one worker sends it; a lease left by a dead worker expires;
 * 3. send: one email per officer through the same transport as every other
 *    email, under the stable idempotency key `tidings-reminder-<row>-<user>`,
 *    so a retry after a crash or a provider error is dropped by the provider
 *    (or the outbox) instead of arriving twice; officers already reached are
 *    kept on the row and skipped on a retry;
 * 4. record: sent_at, the recipients and an audit entry `promise.reminder`, in
 *    one transaction. A failed send keeps last_error and is retried at the next run.
 *
 * The email's facts are fixed when the row is raised (time left and "reached
 * so far" as of the row's created_at), so a retry sends the same bytes under
 * the same key.
 */
import { fromHeader } from '../sending/escape.ts';
import { createElement } from 'react';
import { render } from '@react-email/render';
import { sql } from 'kysely';
import PromiseReminderEmail, { promiseReminderSubject, type PromiseReminderEmailProps, type PromiseReminderKind } from '../../emails/promise-reminder.tsx';
import { recordAudit, SYSTEM_ACTOR } from '../audit/log.ts';

import type { Db } from '../db/connection.ts';
import { htmlToText } from '../../emails/markdown.ts';
import { formatDuration, formatOfficerDateTime } from '../../i18n/formats.ts';
import { safeHeader } from '../sending/escape.ts';
import type { OutgoingEmail } from '../sending/transport.ts';
import { getSetting } from '../settings/queries.ts';
import type { PromiseJobDeps } from './job-deps.ts';
import { reachedBy } from './reach.ts';

/** How long a worker holds a reminder it is sending before another may take it over. */
export const REMINDER_LEASE_MS = 2 * 60_000;

export interface ReminderRunResult {
  /** Rows raised by this run. */
  raised: number;
  /** Reminders this run finished sending. */
  sent: number;
  /** Reminders this run tried and could not finish (retried at the next run). */
  failed: number;
}

export interface Officer {
  id: number;
  email: string;
  name: string;
  /** The language of emails to them (users.locale). */
  locale: string;
}

/** One officer a reminder went to, as kept on the row. */
interface SentTo {
  userId: number;
  email: string;
  providerId: string;
}

/**
 * Raises the reminders that are due now: 'due_soon' for each open promise whose
 * date is at most `leadHours` away, 'overdue' for each overdue one. A promise
 * made when its reminder window had already begun (an update promising the
 * next one sooner than the lead time) gets no 'due_soon' reminder: its officers
 * have just written the date themselves. It still gets the 'overdue' one.
 */
export async function raiseReminders(db: Db, now: Date, leadHours: number): Promise<number> {
  const lead = sql`make_interval(hours => ${Math.trunc(leadHours)})`;
  const r = await sql<{ id: number }>`
    INSERT INTO promise_reminders (promise_id, kind, created_at)
    SELECT p.id, 'due_soon', ${now}::timestamptz
      FROM promises p JOIN updates u ON u.id = p.update_id
     WHERE p.state = 'open' AND p.due_at > ${now}::timestamptz AND p.due_at <= ${now}::timestamptz + ${lead}
       AND coalesce(u.sent_at, p.created_at) < p.due_at - ${lead}
    UNION ALL
    SELECT p.id, 'overdue', ${now}::timestamptz FROM promises p WHERE p.state = 'overdue'
    ON CONFLICT (promise_id, kind) DO NOTHING
    RETURNING id`.execute(db);
  return r.rows.length;
}

/**
 * "The situation's officers": active officers and admins who opened the
 * situation or wrote or approved one of its updates; when there are none, every
 * active officer and admin.
 */
export async function situationOfficers(db: Db, situationId: number): Promise<Officer[]> {
  const active = () => db.selectFrom('users').select(['id', 'email', 'name', 'locale']).where('disabled_at', 'is', null).where('role', 'in', ['officer', 'admin']).orderBy('id');
  const involved = await active()
    .where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('situations').select('created_by').where('id', '=', situationId).where('created_by', 'is not', null)),
        eb('id', 'in', eb.selectFrom('updates').select('author_id').where('situation_id', '=', situationId).where('author_id', 'is not', null)),
        eb('id', 'in', eb.selectFrom('updates').select('approved_by').where('situation_id', '=', situationId).where('approved_by', 'is not', null)),
      ]),
    )
    .execute();
  return involved.length > 0 ? involved : active().execute();
}

/** Sends every raised reminder that is unsent, still current and not held by another worker. */
export async function sendReminders(deps: PromiseJobDeps, now: Date): Promise<Omit<ReminderRunResult, 'raised'>> {
  const { db } = deps;
  const candidates = await db
    .selectFrom('promise_reminders as r')
    .innerJoin('promises as p', 'p.id', 'r.promise_id')
    .select('r.id')
    .where('r.sent_at', 'is', null)
    .where((eb) => eb.or([eb('r.claimed_until', 'is', null), eb('r.claimed_until', '<', now)]))
    .where((eb) => eb.or([eb.and([eb('r.kind', '=', 'due_soon'), eb('p.state', '=', 'open')]), eb.and([eb('r.kind', '=', 'overdue'), eb('p.state', '=', 'overdue')])]))
    .orderBy('r.id')
    .execute();
  const result = { sent: 0, failed: 0 };
  for (const { id } of candidates) {
    const outcome = await sendOne(deps, id, now);
    if (outcome === 'sent') result.sent++;
    if (outcome === 'failed') result.failed++;
  }
  return result;
}

async function sendOne(deps: PromiseJobDeps, reminderId: number, now: Date): Promise<'sent' | 'failed' | 'skipped'> {
  const { db } = deps;
  // The claim: only one worker gets the row back.
  const claimed = await db
    .updateTable('promise_reminders')
    .set((eb) => ({ claimed_until: new Date(now.getTime() + REMINDER_LEASE_MS), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', reminderId)
    .where('sent_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
  if (!claimed) return 'skipped';

  const already = toSentList(claimed.recipients);
  const release = (error: string, sentTo: SentTo[]) =>
    db
      .updateTable('promise_reminders')
      // Free again from the next run (a later clock), not for the other callers of this one.
      .set({ last_error: error.slice(0, 1000), recipients: JSON.stringify(sentTo), claimed_until: now })
      .where('id', '=', reminderId)
      .where('sent_at', 'is', null)
      .execute();

  try {
    const p = await db
      .selectFrom('promises as p')
      .innerJoin('situations as s', 's.id', 'p.situation_id')
      .innerJoin('updates as u', 'u.id', 'p.update_id')
      .select(['p.id', 'p.state', 'p.situation_id', 'p.update_id', 'p.due_at', 'p.recipients', 's.title', 'u.number'])
      .where('p.id', '=', claimed.promise_id)
      .executeTakeFirstOrThrow();
    const kind = claimed.kind;
    if ((kind === 'due_soon' && p.state !== 'open') || (kind === 'overdue' && p.state !== 'overdue')) {
      await release(`not sent: the promise is ${p.state} now`, already);
      return 'skipped';
    }
    const officers = await situationOfficers(db, p.situation_id);
    if (officers.length === 0) {
      await release('no active officer or admin to remind', already);
      return 'failed';
    }

    // Facts as of the moment the reminder was raised: the same email on every attempt.
    const asOf = claimed.created_at;
    const cutoff = kind === 'overdue' || asOf.getTime() > p.due_at.getTime() ? p.due_at : asOf;
    const reached = await reachedBy(db, p.update_id, cutoff);
    // Each officer reads it in their own language (users.locale).
    const organisation = await getSetting(db, 'organisation_name');
    const propsFor = (officer: Officer): PromiseReminderEmailProps => {
      const locale = localeOr(officer.locale);
      return {
        locale,
        kind,
        organisation,
        situationTitle: p.title,
        updateNumber: p.number ?? 0,
        dueDate: formatOfficerDateTime(p.due_at, locale),
        timeSpan: formatDuration(p.due_at.getTime() - asOf.getTime(), locale),
        recipients: p.recipients,
        reached,
        url: `${deps.config.publicUrl}/situations/${p.situation_id}`,
        officerName: officer.name,
      };
    };

    const sentTo = [...already];
    const errors: string[] = [];
    for (const officer of officers) {
      if (sentTo.some((s) => s.userId === officer.id)) continue;
      const email = await reminderEmail(deps, reminderId, kind, propsFor(officer), officer);
      let error: string;
      try {
        const outcome = await deps.transport.sendBatch([email], email.key);
        const r = outcome.kind === 'accepted' ? outcome.results[0] : undefined;
        if (r?.ok) {
          sentTo.push({ userId: officer.id, email: officer.email, providerId: r.providerId });
          continue;
        }
        error = outcome.kind === 'accepted' ? (r && !r.ok ? r.reason : 'the provider returned no result') : outcome.message;
      } catch (err) {
        error = err instanceof Error ? err.message : String(err);
      }
      errors.push(`${officer.email}: ${error}`);
    }

    if (errors.length > 0) {
      await release(errors.join('; '), sentTo);
      deps.log?.warn({ reminderId, promiseId: p.id, kind, errors }, 'promise reminder not sent; retried at the next run');
      return 'failed';
    }

    const done = await db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('promise_reminders')
        .set({ sent_at: now, recipients: JSON.stringify(sentTo), last_error: null, claimed_until: null })
        .where('id', '=', reminderId)
        .where('sent_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      // Another worker whose lease took over finished first: it wrote the record.
      if (!row) return false;
      await tx
        .updateTable('promises')
        .set(kind === 'due_soon' ? { reminded_at: now } : { overdue_reminded_at: now })
        .where('id', '=', p.id)
        .execute();
      await recordAudit(tx, SYSTEM_ACTOR, {
        action: 'promise.reminder',
        subjectType: 'promise',
        subjectId: p.id,
        details: { reminderId, kind, situationId: p.situation_id, updateId: p.update_id, dueAt: p.due_at.toISOString(), recipients: sentTo.length, userIds: sentTo.map((s) => s.userId) },
        at: now,
      });
      return true;
    });
    if (done) deps.log?.info({ reminderId, promiseId: p.id, kind, recipients: sentTo.length }, 'promise reminder sent');
    return done ? 'sent' : 'skipped';
  } catch (err) {
    await release(err instanceof Error ? err.message : String(err), already).catch(() => {});
    deps.log?.error({ err, reminderId }, 'promise reminder failed');
    return 'failed';
  }
}

function toSentList(value: unknown): SentTo[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? (list as SentTo[]).filter((s) => typeof s?.userId === 'number') : [];
}

/** The idempotency key of one officer's copy of one reminder: the same on every attempt. */
export function reminderKey(reminderId: number, userId: number): string {
  return `tidings-reminder-${reminderId}-${userId}`;
}

async function reminderEmail(deps: PromiseJobDeps, reminderId: number, kind: PromiseReminderKind, props: PromiseReminderEmailProps, officer: Officer): Promise<OutgoingEmail> {
  const html = await render(createElement(PromiseReminderEmail, props));
  return {
    key: reminderKey(reminderId, officer.id),
    from: fromHeader(deps.config.from, 'tidings'),
    to: officer.email,
    replyTo: deps.config.from,
    subject: safeHeader(promiseReminderSubject(props)),
    html,
    text: htmlToText(html).replace(/\n{3,}/g, '\n\n').trim(),
    headers: {},
    tags: [
      { name: 'kind', value: `promise_reminder_${kind}` },
      { name: 'promise_reminder', value: String(reminderId) },
    ],
  };
}
