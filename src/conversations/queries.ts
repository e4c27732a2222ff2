import { sql } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import { stamped, type Stamp } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import type { InboundClass } from './autoreply.ts';

export interface CustomerMessage {
  contactId: number;
  situationId: number;
  /** The update the customer answered, when known. */
  updateId: number | null;
  /** The person the update named; the conversation is theirs unless already handed over. */
  contactPointId: number | null;
  channel: 'email' | 'portal';
  from: string;
  to: string;
  subject: string;
  /** The message as received, kept whole. */
  text: string;
  /** What a responder reads: quoted history and signature removed. */
  visibleText: string;
  html?: string | null;
  providerId?: string | null;
  messageId?: string | null;
  inReplyTo?: string | null;
  references?: string | null;
  classification: InboundClass['kind'];
}

export interface FiledMessage {
  conversationId: number;
  messageId: number;
  /** False when the same provider message was filed before (a redelivered webhook). */
  created: boolean;
}

/**
 * Files a customer's message in their conversation about the situation (one
 * thread per customer and situation), in one transaction with its audit entry.
 * A human message (re)opens the conversation for its person and starts its age;
 * auto-replies and bounces are kept in the thread but open nothing.
 */
export async function fileCustomerMessage(db: Db, m: CustomerMessage, options: Stamp = {}): Promise<FiledMessage> {
  const actor: Actor = { kind: 'customer', userId: null, label: `customer ${m.contactId}` };
  return db.transaction().execute(async (tx) => {
    if (m.providerId) {
      const seen = await tx.selectFrom('messages').select(['id', 'conversation_id']).where('provider_id', '=', m.providerId).where('direction', '=', 'in').executeTakeFirst();
      if (seen) return { conversationId: seen.conversation_id, messageId: seen.id, created: false };
    }
    const human = m.classification === 'human';
    const now = options.now ?? new Date();
    const conversation = await tx
      .insertInto('conversations')
      .values({
        contact_id: m.contactId,
        situation_id: m.situationId,
        update_id: m.updateId,
        contact_point_id: m.contactPointId,
        status: human ? 'open' : 'closed',
        last_customer_message_at: human ? now : null,
        ...stamped(options.now, 'created_at', 'updated_at'),
      })
      .onConflict((oc) =>
        oc.columns(['contact_id', 'situation_id']).doUpdateSet({
          update_id: sql`COALESCE(excluded.update_id, conversations.update_id)`,
          // A handed-over conversation stays with its new person.
          contact_point_id: sql`COALESCE(conversations.contact_point_id, excluded.contact_point_id)`,
          status: human ? 'open' : sql`conversations.status`,
          last_customer_message_at: human ? sql`COALESCE(CASE WHEN conversations.status = 'open' THEN conversations.last_customer_message_at END, ${now})` : sql`conversations.last_customer_message_at`,
          updated_at: now,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    const message = await tx
      .insertInto('messages')
      .values({
        conversation_id: conversation.id,
        direction: 'in',
        channel: m.channel,
        classification: m.classification,
        from_address: m.from,
        to_address: m.to,
        subject: m.subject,
        text: m.text,
        visible_text: m.visibleText,
        html: m.html ?? null,
        provider_id: m.providerId ?? null,
        message_id: m.messageId ?? null,
        in_reply_to: m.inReplyTo ?? null,
        references_ids: m.references ?? null,
        ...stamped(options.now, 'created_at'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, actor, {
      action: 'conversation.customer_message',
      subjectType: 'conversation',
      subjectId: conversation.id,
      details: { messageId: message.id, channel: m.channel, classification: m.classification, updateId: m.updateId },
      at: options.now,
    });
    return { conversationId: conversation.id, messageId: message.id, created: true };
  });
}
