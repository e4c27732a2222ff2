import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Locale } from '../config.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { Situation, UpdateStatus } from '../db/types.ts';
import { AppError, parseWith } from '../errors.ts';
import { lineVariants } from '../languages.ts';
import type { UpdateContent } from '../updates/compose.ts';

const title = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(200)
  .refine((v) => !/[\r\n]/.test(v), 'must be on one line');
const titles = lineVariants(200).meta({
  description: 'The title in other languages, keyed by locale ({"nb": "…"}); customers whose language has none read `title`, which is taken to be in the default language of the updates.',
});

export const situationInput = z.object({
  title,
  titles: titles.optional(),
  summary: z.string().trim().max(5000).default(''),
});

/** A change to a situation: only the fields given change; `titles` replaces every title in another language. */
export const situationChange = z
  .strictObject({ title: title.optional(), titles: titles.optional(), summary: z.string().trim().max(5000).optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'give at least one of title, titles or summary');

export async function createSituation(db: Db, actor: Actor, input: unknown, options: Stamp = {}): Promise<Situation> {
  const values = parseWith(situationInput, input);
  return db.transaction().execute(async (tx) => {
    const s = await tx
      .insertInto('situations')
      .values({ title: values.title, titles: JSON.stringify(values.titles ?? {}), summary: values.summary, created_by: actor.userId, ...stamped(options.now, 'created_at') })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, { action: 'situation.create', subjectType: 'situation', subjectId: s.id, details: { title: s.title, ...(values.titles ? { titles: values.titles } : {}) }, at: options.now });
    return s;
  });
}

/**
 * Changes a situation's title (in any language) or summary. What was released
 * keeps the title it was sent with (the release snapshot); drafts and the status
 * page read the new one.
 */
export async function changeSituation(db: Db, actor: Actor, id: number, input: unknown): Promise<Situation> {
  const change = parseWith(situationChange, input);
  return db.transaction().execute(async (tx) => {
    const s = await tx
      .updateTable('situations')
      .set({
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.titles !== undefined ? { titles: JSON.stringify(change.titles) } : {}),
        ...(change.summary !== undefined ? { summary: change.summary } : {}),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!s) throw AppError.localized('not_found', 'situations.notFound', { id: String(id) });
    await recordAudit(tx, actor, { action: 'situation.update', subjectType: 'situation', subjectId: id, details: change });
    return s;
  });
}

export async function getSituation(db: Db, id: number): Promise<Situation> {
  const s = await db.selectFrom('situations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw AppError.localized('not_found', 'situations.notFound', { id: String(id) });
  return s;
}

export async function listSituations(db: Db) {
  return db
    .selectFrom('situations as s')
    .selectAll('s')
    .select((eb) => [
      eb.selectFrom('updates as u').whereRef('u.situation_id', '=', 's.id').where('u.status', '=', 'sent').select((e) => e.fn.countAll<number>().as('n')).as('sent_updates'),
      eb.selectFrom('updates as u').whereRef('u.situation_id', '=', 's.id').where('u.status', 'in', ['draft', 'pending_approval', 'approved', 'scheduled', 'sending']).select((e) => e.fn.countAll<number>().as('n')).as('open_updates'),
    ])
    .orderBy('s.status')
    .orderBy('s.id', 'desc')
    .execute();
}

export type SituationListRow = Awaited<ReturnType<typeof listSituations>>[number];

/** One update on a situation's timeline, with how many of its deliveries are in each status. */
export interface TimelineUpdate {
  id: number;
  number: number | null;
  status: UpdateStatus;
  /** The subject in the update's default language; empty while none is written. */
  subject: string;
  defaultLocale: string;
  sentAt: Date | null;
  sendAt: Date | null;
  createdAt: Date;
  cancelledAt: Date | null;
  final: boolean;
  nextUpdateAt: Date | null;
  /** Deliveries by status; empty until the update is released. */
  deliveries: Record<string, number>;
}

/** A situation and its updates in number order (drafts, which have none yet, last). */
export async function situationTimeline(db: Db, id: number): Promise<{ situation: Situation; updates: TimelineUpdate[] }> {
  const situation = await getSituation(db, id);
  const updates = await db
    .selectFrom('updates')
    .select(['id', 'number', 'status', 'content', 'default_locale', 'sent_at', 'send_at', 'created_at', 'cancelled_at', 'final', 'next_update_at'])
    .where('situation_id', '=', id)
    .orderBy(sql`number ASC NULLS LAST`)
    .orderBy('id')
    .execute();
  const counts = new Map<number, Record<string, number>>();
  if (updates.length) {
    const rows = await db
      .selectFrom('deliveries')
      .select(['update_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
      .where(
        'update_id',
        'in',
        updates.map((u) => u.id),
      )
      .groupBy(['update_id', 'status'])
      .execute();
    for (const r of rows) {
      const m = counts.get(r.update_id) ?? {};
      m[r.status] = Number(r.n);
      counts.set(r.update_id, m);
    }
  }
  return {
    situation,
    updates: updates.map((u) => ({
      id: u.id,
      number: u.number,
      status: u.status,
      subject: ((u.content ?? {}) as UpdateContent)[u.default_locale as Locale]?.subject?.trim() ?? '',
      defaultLocale: u.default_locale,
      sentAt: u.sent_at,
      sendAt: u.send_at,
      createdAt: u.created_at,
      cancelledAt: u.cancelled_at,
      final: u.final,
      nextUpdateAt: u.next_update_at,
      deliveries: counts.get(u.id) ?? {},
    })),
  };
}

export async function resolveSituation(db: Db, actor: Actor, id: number, options: Stamp = {}): Promise<Situation> {
  return db.transaction().execute(async (tx) => {
    const s = await tx.updateTable('situations').set({ status: 'resolved', resolved_at: options.now ?? new Date() }).where('id', '=', id).where('status', '=', 'open').returningAll().executeTakeFirst();
    if (!s) throw AppError.localized('conflict', 'situations.notOpen', { id: String(id) });
    await recordAudit(tx, actor, { action: 'situation.resolve', subjectType: 'situation', subjectId: id, at: options.now });
    return s;
  });
}
