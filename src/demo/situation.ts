import { createSituation, resolveSituation } from '../situations/queries.ts';
import { DAYS } from './clock.ts';
import { MAGAZINE_SITUATION, MAGAZINE_UPDATE, QUESTIONS, RESTRUCTURING_SITUATION, RESTRUCTURING_UPDATES } from './content.ts';
import { answerQuestion, askOnStatusPage, draftUpdate, flagForCall, publishUpdate, replyByEmail, reportDeliveries, runPromiseJob, unsubscribeFromEmail, type DemoWorld, type Fate, type Staff } from './steps.ts';

/** Who acts in the story, and what they act with. */
export interface DemoCast {
  author: Staff;
  approver: Staff;
  responder: Staff;
  segments: { everyone: number; magazine: number };
  /** The contact person every update names: Ingrid, whose user is the demo responder, so every question reaches her inbox. */
  contactPoint: number;
}

export interface StoryResult {
  situations: number[];
  /** The restructuring's updates: two sent, the third waiting for approval. */
  updates: number[];
  /** Addresses suppressed after a hard bounce or a complaint. */
  suppressed: number;
  unsubscribed: number;
  questions: number;
}

/** A fate for each customer, the same on every run: mostly delivered, a few of each of the others. */
function fates(rules: [Fate, number, number][]): (contactId: number) => Fate {
  return (id) => rules.find(([, every, at]) => id % every === at)?.[0] ?? 'delivered';
}

/**
 * The story of the last two months, in order:
 * - six weeks ago, the magazine was late: one final update to the magazine
 *   subscribers; some addresses hard-bounced or complained (and were
 *   suppressed at once), some customers unsubscribed; the situation was resolved;
 * - ten days ago, the restructuring: the situation opened, Update 1 (promising
 *   news within a week) written by one officer, approved by another, sent to
 *   every member but those suppressed or unsubscribed; questions, one answered;
 * - three days ago, Update 2 kept that promise and promised the next update by
 *   tomorrow, so its reminder is due today; two questions still wait for their
 *   contact person (the demo responder), one flagged for a call;
 * - two hours ago, Update 3 was written and waits for a colleague's approval.
 */
export async function tellStory(w: DemoWorld, cast: DemoCast): Promise<StoryResult> {
  const { clock } = w;
  const staff = { author: cast.author, approver: cast.approver };

  // The magazine: resolved before the restructuring began.
  const magazine = await createSituation(w.db, cast.author.actor, MAGAZINE_SITUATION, { now: clock.at(clock.daysAgo(45, '07:30')) });
  const magazineUpdate = await publishUpdate(
    w,
    magazine.id,
    { ...MAGAZINE_UPDATE, segmentIds: [cast.segments.magazine], contactPointId: cast.contactPoint, final: true, defaultLocale: 'en', quietHours: false },
    staff,
    { written: clock.daysAgo(45, '07:45'), submitted: clock.daysAgo(45, '08:20'), approved: clock.daysAgo(45, '08:55'), sent: clock.daysAgo(45, '09:10') },
  );
  const magazineFates = await reportDeliveries(w, magazineUpdate, fates([['hard_bounce', 23, 4], ['complained', 157, 9], ['soft_bounce', 61, 13], ['delayed', 47, 6]]));
  const readers = await deliveredTo(w, magazineUpdate, 5);
  const unsubscribes: [number | undefined, 'all' | 'situation', Date][] = [
    [readers[0], 'all', clock.daysAgo(45, '12:15')],
    [readers[1], 'situation', clock.daysAgo(44, '07:05')],
    [readers[2], 'all', clock.daysAgo(44, '18:40')],
    [readers[3], 'all', clock.daysAgo(43, '20:10')],
    [readers[4], 'situation', clock.daysAgo(42, '06:55')],
  ];
  let unsubscribed = 0;
  for (const [delivery, scope, at] of unsubscribes) {
    if (delivery === undefined) continue;
    await unsubscribeFromEmail(w, delivery, scope, at);
    unsubscribed++;
  }
  await resolveSituation(w.db, cast.author.actor, magazine.id, { now: clock.at(clock.daysAgo(38, '09:00')) });

  // The restructuring.
  const situation = await createSituation(w.db, cast.author.actor, RESTRUCTURING_SITUATION, { now: clock.at(clock.daysAgo(10, '07:40')) });
  const common = { segmentIds: [cast.segments.everyone], defaultLocale: 'en' as const, quietHours: false };
  const firstPromise = clock.daysAgo(2, '15:00');
  const secondPromise = clock.hoursAhead(20);
  const first = await publishUpdate(
    w,
    situation.id,
    { ...RESTRUCTURING_UPDATES[0], ...common, contactPointId: cast.contactPoint, nextUpdateAt: firstPromise.toISOString() },
    staff,
    { written: clock.daysAgo(10, '08:05'), submitted: clock.daysAgo(10, '08:50'), approved: clock.daysAgo(10, '09:35'), sent: clock.daysAgo(10, '09:45') },
  );
  await reportDeliveries(w, first, fates([['delayed', 53, 5], ['soft_bounce', 131, 17]]));
  await runPromiseJob(w, clock.daysAgo(10, '12:00'));

  const order = await askFrom(w, first, QUESTIONS.order.locale, QUESTIONS.order.text, clock.daysAgo(9, '18:40'));
  if (order) await answerQuestion(w, cast.responder, order, QUESTIONS.order.answer, clock.daysAgo(8, '08:10'));

  const second = await publishUpdate(
    w,
    situation.id,
    { ...RESTRUCTURING_UPDATES[1], ...common, contactPointId: cast.contactPoint, nextUpdateAt: secondPromise.toISOString() },
    staff,
    { written: clock.daysAgo(3, '10:20'), submitted: clock.daysAgo(3, '11:15'), approved: clock.daysAgo(3, '12:30'), sent: clock.daysAgo(3, '13:00') },
  );
  await reportDeliveries(w, second, fates([['delayed', 59, 7], ['soft_bounce', 149, 21]]));
  await runPromiseJob(w, clock.daysAgo(3, '16:00'));

  const voucher = await askFrom(w, second, QUESTIONS.voucher.locale, QUESTIONS.voucher.text, clock.hoursAgo(26));
  const reply = await replyFrom(w, second, QUESTIONS.emailReply.locale, { text: QUESTIONS.emailReply.text }, clock.hoursAgo(15));
  await replyFrom(w, second, QUESTIONS.autoReply.locale, { text: QUESTIONS.autoReply.text, headers: { ...QUESTIONS.autoReply.headers } }, clock.hoursAgo(14, 50));
  const refund = await askFrom(w, second, QUESTIONS.refund.locale, QUESTIONS.refund.text, clock.hoursAgo(7));
  if (refund) await flagForCall(w, cast.responder, refund, QUESTIONS.refund.followUp, clock.hoursAgo(5, 20));

  const third = await draftUpdate(
    w,
    situation.id,
    { ...RESTRUCTURING_UPDATES[2], ...common, contactPointId: cast.contactPoint, nextUpdateAt: new Date(secondPromise.getTime() + 7 * DAYS).toISOString(), quietHours: true },
    cast.author,
    { written: clock.hoursAgo(2), submitted: clock.hoursAgo(1, 35) },
  );
  // Today: the promise of Update 2 is due within the reminder time.
  await runPromiseJob(w, clock.hoursAgo(0));

  return {
    situations: [magazine.id, situation.id],
    updates: [first, second, third],
    suppressed: magazineFates.hard_bounce + magazineFates.complained,
    unsubscribed,
    questions: [order, voucher, reply, refund].filter((q) => q !== undefined).length,
  };
}

/** Deliveries of an update the provider reported delivered, the first `n` by id. */
async function deliveredTo(w: DemoWorld, updateId: number, n: number): Promise<number[]> {
  const rows = await w.db.selectFrom('deliveries').select('id').where('update_id', '=', updateId).where('status', '=', 'delivered').orderBy('id').limit(n).execute();
  return rows.map((r) => r.id);
}

/** A customer in `locale` whose email of the update was delivered asks on its status page. */
async function askFrom(w: DemoWorld, updateId: number, locale: string, text: string, at: Date): Promise<number | undefined> {
  const asker = await readerIn(w, updateId, locale);
  return asker ? askOnStatusPage(w, asker, text, at) : undefined;
}

/** A customer in `locale` whose email of the update was delivered answers it by email. */
async function replyFrom(w: DemoWorld, updateId: number, locale: string, reply: Parameters<typeof replyByEmail>[2], at: Date): Promise<number | undefined> {
  const sender = await readerIn(w, updateId, locale);
  return sender ? replyByEmail(w, sender, reply, at) : undefined;
}

/** The first delivery of the update, delivered to a customer in `locale` who has not written yet. */
async function readerIn(w: DemoWorld, updateId: number, locale: string): Promise<number | undefined> {
  const reader = await w.db
    .selectFrom('deliveries as d')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .select('d.id')
    .where('d.update_id', '=', updateId)
    .where('d.status', '=', 'delivered')
    .where('c.locale', '=', locale)
    .where('d.contact_id', 'not in', (eb) => eb.selectFrom('conversations').select('contact_id'))
    .orderBy('d.id')
    .limit(1)
    .executeTakeFirst();
  return reader?.id;
}
