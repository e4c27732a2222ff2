import pino from 'pino';
import type { Config } from '../config.ts';
import type { GetReceivingEmailResponseSuccess } from 'resend';
import { handleInbound } from '../conversations/inbound.ts';
import type { Acting } from '../conversations/scope.ts';
import { flagConversation, sendAnswer } from '../conversations/thread.ts';
import type { Db } from '../db/connection.ts';
import { ProviderEventBatcher } from '../deliveries/batcher.ts';
import type { ProviderEvent } from '../deliveries/events.ts';
import type { Jobs } from '../jobs.ts';
import { fileQuestion, questionTarget } from '../portal/questions.ts';
import { evaluatePromises } from '../promises/evaluate.ts';
import { EmailComposer } from '../sending/compose-email.ts';
import { sendUpdateBatches, type SenderDeps } from '../sending/sender.ts';
import { OutboxTransport } from '../sending/transport.ts';
import { openUnsubscribeLink, unsubscribeByLink } from '../unsubscribe/service.ts';
import { createDraft, type UpdateInput } from '../updates/compose.ts';
import { releaseUpdate } from '../updates/release.ts';
import { approveUpdate, sendUpdate, submitForApproval } from '../updates/workflow.ts';
import { HOURS, type StoryClock } from './clock.ts';

/*
 * The demo's steps. Each is one domain function (the one the pages, the API
 * and the jobs call) run at its moment in the story, so the demo holds to
 * every rule they enforce: four eyes, the checklist, suppression after a hard
 * bounce, exclusion at release, the responder's scope.
 */

export type DemoConfig = Pick<Config, 'secret' | 'publicUrl' | 'from'> & Partial<Pick<Config, 'replyDomain'>>;

/** A member of staff as the domain functions take them: the account (for scope rules) and how the record names them. */
export type Staff = Acting;

export interface DemoWorld {
  db: Db;
  config: DemoConfig;
  clock: StoryClock;
  /** The local outbox: the demo never mails anyone, whatever provider is configured. */
  transport: OutboxTransport;
  composer: EmailComposer;
}

export function demoWorld(db: Db, config: DemoConfig, clock: StoryClock): DemoWorld {
  return { db, config, clock, transport: new OutboxTransport(db, () => clock.now()), composer: new EmailComposer(config) };
}

/** The release runs right here (as its job would, at the send time), so nothing is queued for a worker. */
const NO_JOBS: Jobs = { scheduleRelease: async () => {}, enqueueSend: async () => {} };

/** Each batch of 100 takes the provider a second and a half, on the story's clock. */
const BATCH_MS = 1_500;

export interface UpdateTimes {
  written: Date;
  submitted: Date;
  approved: Date;
  sent: Date;
}

/**
 * An update from draft to the customers' inboxes: written and submitted by
 * `author`, approved by a colleague, sent by the author, released and handed
 * to the provider batch by batch. Returns its id.
 */
export async function publishUpdate(w: DemoWorld, situationId: number, input: UpdateInput, people: { author: Staff; approver: Staff }, at: UpdateTimes): Promise<number> {
  const id = await draftUpdate(w, situationId, input, people.author, at);
  await approveUpdate(w.db, people.approver.actor, id, { now: w.clock.at(at.approved) });
  await sendUpdate(w.db, NO_JOBS, people.author.actor, id, { now: w.clock.at(at.sent) });
  const released = await releaseUpdate(w.db, id, { now: w.clock.advance(2_000) });
  if (!released.released) throw new Error(`the demo's update ${id} was not released: ${released.reason}`);
  const sender: SenderDeps = { db: w.db, transport: w.transport, composer: w.composer, log: pino({ level: 'silent' }), worker: 'demo', rate: Infinity, leaseSeconds: 60, clock: () => w.clock.advance(BATCH_MS) };
  const r = await sendUpdateBatches(sender, id);
  if (!r.finished) throw new Error(`the demo's update ${id} did not finish sending`);
  return id;
}

/** An update written and submitted for approval, waiting for a colleague. */
export async function draftUpdate(w: DemoWorld, situationId: number, input: UpdateInput, author: Staff, at: Pick<UpdateTimes, 'written' | 'submitted'>): Promise<number> {
  const draft = await createDraft(w.db, author.actor, situationId, input, { now: w.clock.at(at.written) });
  await submitForApproval(w.db, author.actor, draft.id, { now: w.clock.at(at.submitted) });
  return draft.id;
}

/** What became of one email, as the provider reports it. */
export type Fate = 'delivered' | 'delayed' | 'soft_bounce' | 'hard_bounce' | 'complained';

interface Report {
  at: Date;
  type: string;
  delivery: { id: number; email: string; provider_id: string | null };
  extra?: Record<string, unknown>;
}

/**
 * The provider's webhooks for an update's emails, applied by the function the
 * webhook route uses, through its group commit: a hard bounce or a complaint
 * suppresses the address there and then. Most emails are delivered seconds
 * after they were sent; a delayed one a couple of hours later; a complaint
 * comes after delivery. Returns how many emails met each fate.
 */
export async function reportDeliveries(w: DemoWorld, updateId: number, fateOf: (contactId: number) => Fate): Promise<Record<Fate, number>> {
  const sent = await w.db.selectFrom('deliveries').select(['id', 'contact_id', 'email', 'provider_id', 'sent_at']).where('update_id', '=', updateId).where('status', '=', 'sent').orderBy('id').execute();
  const counts: Record<Fate, number> = { delivered: 0, delayed: 0, soft_bounce: 0, hard_bounce: 0, complained: 0 };
  const reports: Report[] = [];
  for (const d of sent) {
    const fate = fateOf(d.contact_id);
    counts[fate]++;
    const first = new Date(d.sent_at!.getTime() + 3_000 + (d.id % 40) * 250);
    const later = (hours: number) => new Date(first.getTime() + hours * HOURS);
    if (fate === 'delivered') reports.push({ at: first, type: 'email.delivered', delivery: d });
    if (fate === 'delayed') reports.push({ at: first, type: 'email.delivery_delayed', delivery: d }, { at: later(2), type: 'email.delivered', delivery: d });
    if (fate === 'soft_bounce') reports.push({ at: first, type: 'email.bounced', delivery: d, extra: { bounce: { type: 'Transient', subType: 'MailboxFull', message: '452 4.2.2 The recipient’s mailbox is full' } } });
    if (fate === 'hard_bounce') reports.push({ at: first, type: 'email.bounced', delivery: d, extra: { bounce: { type: 'Permanent', subType: 'General', message: '550 5.1.1 The email account that you tried to reach does not exist' } } });
    if (fate === 'complained') reports.push({ at: first, type: 'email.delivered', delivery: d }, { at: later(3), type: 'email.complained', delivery: d });
  }
  reports.sort((a, b) => a.at.getTime() - b.at.getTime());

  // Received a second after each happened, in order, and never before the
  // clock: the audit log reads in time order as well as in id order.
  let last = w.clock.now().getTime();
  const events: ProviderEvent[] = reports.map((r, i) => {
    last = Math.max(r.at.getTime() + 1_000, last + 10);
    const id = `msg_demo_${r.delivery.id}_${i}`;
    return {
      id,
      receivedAt: new Date(last),
      payload: {
        type: r.type,
        created_at: r.at.toISOString(),
        data: { email_id: r.delivery.provider_id, to: [r.delivery.email], tags: { delivery_id: String(r.delivery.id), update_id: String(updateId) }, ...r.extra },
      },
    };
  });
  // One transaction at a time: each group's chain entry is stamped with its events' time, so the groups go on the chain in that order.
  const batcher = new ProviderEventBatcher(w.db, undefined, { concurrency: 1 });
  await Promise.all(events.map((e) => batcher.submit(e)));
  w.clock.at(new Date(last));
  return counts;
}

/** The unsubscribe link of a delivery's email, as the customer's mail program finds it (List-Unsubscribe). */
async function unsubscribeToken(w: DemoWorld, deliveryId: number): Promise<string> {
  const row = await w.db
    .selectFrom('outbox_messages as m')
    .innerJoin('deliveries as d', 'd.idempotency_key', 'm.idempotency_key')
    .select('m.headers')
    .where('d.id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  const url = /<([^>]+)>/.exec(row.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
  return url.slice(url.lastIndexOf('/') + 1);
}

/** A customer follows the unsubscribe link of one of their emails: stop this situation (one click) or everything (the page's second button). */
export async function unsubscribeFromEmail(w: DemoWorld, deliveryId: number, scope: 'situation' | 'all', at: Date): Promise<void> {
  const now = w.clock.at(at);
  const target = await openUnsubscribeLink(w.db, w.config.secret, await unsubscribeToken(w, deliveryId), now);
  await unsubscribeByLink(w.db, target, scope === 'all' ? { scope: 'all' } : {}, { now });
}

/** A customer asks a question on the status page their email links to; it reaches the update's contact person. */
export async function askOnStatusPage(w: DemoWorld, deliveryId: number, text: string, at: Date): Promise<number> {
  const target = await questionTarget(w.db, deliveryId);
  if (!target) throw new Error(`no delivery ${deliveryId} to ask from`);
  const filed = await fileQuestion(w.db, target, text, { now: w.clock.at(at) });
  return filed.conversationId;
}

/**
 * A customer answers an email with their mail program. The reply goes to the
 * email's routed Reply-To, so it reaches tidings only when a reply domain is
 * set (without one it goes to the contact person's own mailbox, and this step
 * does nothing). It is filed by the function the inbound webhook calls; the
 * provider's copy of the message is the one the demo writes here.
 */
export async function replyByEmail(w: DemoWorld, deliveryId: number, reply: { text: string; headers?: Record<string, string> }, at: Date): Promise<number | undefined> {
  if (!w.config.replyDomain) return undefined;
  const sent = await w.db
    .selectFrom('outbox_messages as m')
    .innerJoin('deliveries as d', 'd.idempotency_key', 'm.idempotency_key')
    .select(['m.reply_to', 'm.to_address', 'm.subject'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  const now = w.clock.at(at);
  const id = `demo-inbound-${deliveryId}`;
  const email: GetReceivingEmailResponseSuccess = {
    object: 'email',
    id,
    to: [sent.reply_to ?? ''],
    from: sent.to_address,
    created_at: now.toISOString(),
    subject: `Re: ${sent.subject}`,
    bcc: null,
    cc: null,
    reply_to: null,
    received_for: [],
    html: null,
    text: reply.text,
    headers: reply.headers ?? {},
    message_id: `<${id}@members.example.org>`,
    attachments: [],
  };
  const receiving = { get: async () => ({ data: email, error: null, headers: null }) };
  const config = { secret: w.config.secret, replyDomain: w.config.replyDomain, resendApiKey: undefined, resendBaseUrl: undefined };
  const event = { id: `msg_${id}`, payload: { type: 'email.received', created_at: now.toISOString(), data: { email_id: id, to: email.to, from: email.from, subject: email.subject } } };
  const r = await handleInbound({ db: w.db, config, receiving }, event, { now });
  return !r.duplicate && r.matched ? r.conversationId : undefined;
}

/** The contact person answers by email from the inbox (only a conversation in their scope). */
export async function answerQuestion(w: DemoWorld, responder: Staff, conversationId: number, text: string, at: Date): Promise<void> {
  const r = await sendAnswer(w.db, w.transport, w.config, responder, conversationId, text, { now: w.clock.at(at) });
  if (!r.sent) throw new Error(`the demo's answer was not sent: ${r.reason}`);
}

/** The contact person asks for a personal call back. */
export async function flagForCall(w: DemoWorld, responder: Staff, conversationId: number, note: string, at: Date): Promise<void> {
  await flagConversation(w.db, responder, conversationId, note, { now: w.clock.at(at) });
}

/** The promise job's run at that moment: promises made, kept or missed, and the officers' reminders. */
export async function runPromiseJob(w: DemoWorld, at: Date): Promise<void> {
  await evaluatePromises({ db: w.db, transport: w.transport, config: w.config }, w.clock.at(at));
}
