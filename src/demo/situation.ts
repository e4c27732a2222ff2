import pino from 'pino';
import { sql } from 'kysely';
import type { Actor } from '../audit/log.ts';
import type { Config } from '../config.ts';
import { answerConversation } from '../conversations/answer.ts';
import { flagForFollowUp } from '../conversations/inbox.ts';
import type { Db } from '../db/connection.ts';
import { fileQuestion, questionTarget } from '../portal/questions.ts';
import { evaluatePromises } from '../promises/evaluate.ts';
import { EmailComposer } from '../sending/compose-email.ts';
import type { Jobs } from '../jobs.ts';
import { releaseUpdate } from '../updates/release.ts';
import { sendUpdateBatches } from '../sending/sender.ts';
import { OutboxTransport } from '../sending/transport.ts';
import { createSituation } from '../situations/queries.ts';
import { createDraft, type UpdateInput } from '../updates/compose.ts';
import { approveUpdate, sendUpdate, submitForApproval } from '../updates/workflow.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The demo releases and sends right here, so scheduling a release job is not needed. */
const NO_JOBS: Jobs = { scheduleRelease: async () => {}, enqueueSend: async () => {} };

export interface DemoPeople {
  author: Actor;
  approver: Actor;
  responder: Actor;
  segmentId: number;
  ingridId: number;
  pieterId: number;
}

const CONTENT_1: UpdateInput['content'] = {
  en: {
    subject: 'Bokklubben is in restructuring: what it means for your membership',
    body: 'Bokklubben has entered **restructuring** under the supervision of the court.\n\n- Your membership continues as before.\n- Orders placed before 1 March will be delivered.\n- Vouchers remain valid.\n\nWe will write again before we know more about refunds.',
  },
  nb: {
    subject: 'Bokklubben er under rekonstruksjon: dette betyr det for medlemskapet ditt',
    body: 'Bokklubben er under **rekonstruksjon** under tilsyn av retten.\n\n- Medlemskapet ditt fortsetter som før.\n- Bestillinger før 1. mars blir levert.\n- Tilgodelapper gjelder fortsatt.\n\nVi skriver igjen før vi vet mer om refusjoner.',
  },
};

const CONTENT_2: UpdateInput['content'] = {
  en: {
    subject: 'Refunds: how and when',
    body: 'The administrator has approved a plan for **refund claims**.\n\n1. Claims are paid in the order they were received.\n2. The first payments go out within four weeks.\n\nNothing is needed from you: we have your claim on file.',
  },
  nb: {
    subject: 'Refusjoner: hvordan og når',
    body: 'Bostyrer har godkjent en plan for **refusjonskrav**.\n\n1. Krav betales i den rekkefølgen de kom inn.\n2. De første utbetalingene skjer innen fire uker.\n\nDu trenger ikke gjøre noe: vi har kravet ditt registrert.',
  },
};

/**
 * The story the demo tells: Update 1 went out ten days ago and promised news
 * within a week; Update 2 kept that promise three days ago and promises the
 * next update by tomorrow (so its reminder is due); Update 3 waits for a
 * colleague's approval. Customers asked questions on their status pages; one
 * was answered, one customer was flagged for a personal call.
 */
export async function loadDemoSituation(db: Db, config: Pick<Config, 'secret' | 'publicUrl' | 'from'>, p: DemoPeople): Promise<{ situationId: number; updates: number[] }> {
  const situation = await createSituation(db, p.author, {
    title: 'Bokklubben restructuring',
    summary: 'The book club entered court-supervised restructuring. Members keep their membership; refund claims are paid in order.',
  });
  const now = Date.now();
  const sender = { db, transport: new OutboxTransport(db), composer: new EmailComposer(config), log: pino({ level: 'silent' }), worker: 'demo', rate: Infinity, leaseSeconds: 60 };
  const sentAt: number[] = [now - 10 * DAY, now - 3 * DAY];
  const promised: number[] = [now - 3 * DAY + 20 * HOUR, now + 20 * HOUR];
  const contents = [CONTENT_1, CONTENT_2];
  const updates: number[] = [];
  for (let i = 0; i < 2; i++) {
    const draft = await createDraft(db, p.author, situation.id, {
      segmentIds: [p.segmentId],
      contactPointId: p.ingridId,
      acknowledgement: { kind: i === 0 ? 'apology' : 'both', text: i === 0 ? 'We are sorry for the uncertainty this causes you.' : 'Thank you for your patience, and we are sorry it has taken this long.' },
      nextUpdateAt: new Date(now + (i + 1) * 7 * DAY).toISOString(),
      defaultLocale: 'en',
      content: contents[i],
    });
    await submitForApproval(db, p.author, draft.id);
    await approveUpdate(db, p.approver, draft.id);
    await sendUpdate(db, NO_JOBS, p.author, draft.id);
    await releaseUpdate(db, draft.id, { organisation: 'Bokklubben' });
    await sendUpdateBatches(sender, draft.id);
    // Move the story into the past: when it was released and sent, and what it promised.
    const at = new Date(sentAt[i]!);
    await sql`UPDATE updates SET released_at = ${at}, sent_at = ${new Date(sentAt[i]! + 4 * 60_000)}, next_update_at = ${new Date(promised[i]!)} WHERE id = ${draft.id}`.execute(db);
    await sql`UPDATE deliveries SET created_at = ${at}, promised_at = ${new Date(promised[i]!)},
                     sent_at = CASE WHEN sent_at IS NOT NULL THEN ${at}::timestamptz + (id % 240) * interval '1 second' END
               WHERE update_id = ${draft.id}`.execute(db);
    await sql`UPDATE promises SET created_at = ${at}, due_at = ${new Date(promised[i]!)} WHERE update_id = ${draft.id}`.execute(db);
    // What the provider reported back: nearly all delivered, a few bounced or marked as spam.
    await sql`
      UPDATE deliveries SET
        status = CASE WHEN id % 97 = 5 THEN 'bounced' WHEN id % 401 = 9 THEN 'complained' WHEN status = 'sent' THEN 'delivered' ELSE status END,
        bounce_type = CASE WHEN id % 97 = 5 THEN 'hard' END,
        last_event_at = sent_at + interval '7 seconds'
       WHERE update_id = ${draft.id} AND status = 'sent'`.execute(db);
    updates.push(draft.id);
  }

  // Update 3, written and waiting for a colleague's approval.
  const third = await createDraft(db, p.author, situation.id, {
    segmentIds: [p.segmentId],
    contactPointId: p.pieterId,
    acknowledgement: { kind: 'thanks', text: 'Thank you for bearing with us.' },
    nextUpdateAt: new Date(now + 14 * DAY).toISOString(),
    defaultLocale: 'en',
    content: { en: { subject: 'First refunds paid', body: 'The first **refunds** have been paid this week.' } },
    quietHours: true,
  });
  await submitForApproval(db, p.author, third.id);
  updates.push(third.id);

  // Questions from the status page of update 2.
  const asked = await db.selectFrom('deliveries').select('id').where('update_id', '=', updates[1]!).where('status', '=', 'delivered').orderBy('id').limit(3).execute();
  const questions = ['Will my order from February still arrive?', 'I have a voucher for 400 kr. Can I still use it in the shop?', 'I am very worried about my refund of 1,200 kr. Can someone call me?'];
  const conversations: number[] = [];
  for (let i = 0; i < asked.length; i++) {
    const target = await questionTarget(db, asked[i]!.id);
    if (!target) continue;
    const filed = await fileQuestion(db, target, questions[i]!);
    conversations.push(filed.conversationId);
    await sql`UPDATE conversations SET last_customer_message_at = ${new Date(now - (30 - i * 12) * HOUR)} WHERE id = ${filed.conversationId}`.execute(db);
    await sql`UPDATE messages SET created_at = ${new Date(now - (30 - i * 12) * HOUR)} WHERE id = ${filed.messageId}`.execute(db);
  }
  if (conversations[0]) await answerConversation(db, sender.transport, config, p.responder, conversations[0], 'Yes: every order placed before 1 March will be delivered. Yours should arrive within two weeks.\n\nIngrid');
  if (conversations[2]) await flagForFollowUp(db, p.responder, conversations[2], 'Worried about a large refund; call in the afternoon.');

  await evaluatePromises({ db, transport: sender.transport, config }, new Date());
  return { situationId: situation.id, updates };
}
