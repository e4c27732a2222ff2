import { sql, type RawBuilder } from 'kysely';
import { recordAudit, type Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { lockAudienceExclusive, lockUpdateClaims } from '../db/locks.ts';
import type { SuppressionsTable } from '../db/types.ts';
import { AppError } from '../errors.ts';

/*
 * GDPR article 17: erasing one customer.
 *
 * The contact row and every row that refers to it stay, so the history keeps
 * its shape: an update still shows how many customers it reached and with what
 * result, a promise still counts its recipients, the audit chain stays whole.
 * What identifies the person is replaced by a pseudonym (`erased-<id>@erased.invalid`,
 * "Erased contact <id>") or by a marker text:
 *
 *   contacts            email, name -> pseudonym; attributes -> {}; erased_at set
 *                       (locale and time zone are kept: not identifying, and
 *                       per-locale counts keep their shape)
 *   deliveries          email, name -> pseudonym; the address in a provider's
 *                       reason text -> pseudonym; a delivery still queued is
 *                       excluded ('erased') and never sent
 *   delivery_events     payload -> type, created_at, data.email_id,
 *                       data.created_at, data.tags, bounce type (no addresses,
 *                       headers, subjects, IPs or user agents)
 *   messages            subject, text, html -> marker; the customer's side of
 *                       from/to -> pseudonym; the address in Message-ID headers
 *                       -> pseudonym
 *   inbound_unmatched   mail from the address: from, subject -> marker/pseudonym,
 *                       payload -> its id only
 *   follow_up_flags     note -> marker
 *   outbox_messages     local copies addressed to them: to -> pseudonym,
 *                       html/text -> marker, headers -> {}; the subject is kept
 *                       when it is an update's (not personalised), else marked
 *
 * Kept as they are (ids only, nothing identifying): conversations, segment
 * list memberships, situation unsubscribes. The suppression list is kept too,
 * see below. The audit log is append-only and hash chained: the erasure adds
 * one `contact.erase` entry with counts only, and reports how many earlier
 * entries (written before addresses were kept out of the log) still name the
 * address, so the controller knows.
 */

/** Marker text in place of erased free text. */
export const ERASED_TEXT = '[erased]';

export function pseudonymEmail(contactId: number): string {
  return `erased-${contactId}@erased.invalid`;
}

export function pseudonymName(contactId: number): string {
  return `Erased contact ${contactId}`;
}

export interface ErasureResult {
  contactId: number;
  erasedAt: Date;
  /** Deliveries whose address and name were replaced. */
  deliveries: number;
  /** Of those, still queued: now excluded with reason 'erased', never sent. */
  cancelledQueued: number;
  events: number;
  conversations: number;
  messages: number;
  inboundUnmatched: number;
  followUps: number;
  outbox: number;
  /** The address's suppression is kept (see below); its reason, or null when it had none. */
  suppression: { kept: boolean; reason: SuppressionsTable['reason'] | null };
  /** Earlier audit entries that name the address. The log is append-only, so they stay. */
  earlierAuditEntries: number;
}

/** A case-insensitive POSIX regex matching exactly this address inside other text (not as part of a longer address). */
export function addressPattern(address: string): string {
  const escaped = address.toLowerCase().replace(/[!-/:-@[-`{-~]/g, (m) => `\\${m}`);
  return `(?<![a-z0-9!#$%&'*+/=?^_\`{|}~.-])${escaped}(?![a-z0-9-]|\\.[a-z0-9])`;
}

/**
 * Erases one customer's personal data in one transaction (see the table
 * above) and records `contact.erase` in the audit log, with counts only.
 * Erasing an erased contact is a conflict; so is erasing while an email to
 * them is in a batch being sent (try again once it is sent, minutes at most).
 */
export async function eraseContact(db: Db, actor: Actor, contactId: number): Promise<ErasureResult> {
  return db.transaction().execute(async (tx) => {
    // First: no release may snapshot contacts while this one changes.
    await lockAudienceExclusive(tx);
    const contact = await tx.selectFrom('contacts').select(['id', 'email_lower', 'erased_at']).where('id', '=', contactId).forUpdate().executeTakeFirst();
    if (!contact) throw AppError.localized('not_found', 'contacts.contactNotFound', { id: String(contactId) });
    if (contact.erased_at) throw AppError.localized('conflict', 'contacts.alreadyErased', { id: String(contactId), date: contact.erased_at.toISOString() });

    const address = contact.email_lower;
    const email = pseudonymEmail(contactId);
    const name = pseudonymName(contactId);
    const now = new Date();
    // Exactly this address inside other text (a header, a provider's message), any case.
    const pattern = addressPattern(address);
    const mentions = (expr: RawBuilder<unknown>) => sql<boolean>`(${expr} ~* ${pattern})`;
    const replaceAddress = (expr: RawBuilder<unknown>) => sql<string>`regexp_replace(${expr}, ${pattern}, ${email}, 'gi')`;

    // Deliveries still queued: no batch may claim them meanwhile; one already
    // in a batch being sent cannot be taken back, so the erasure waits for it.
    const queuedUpdates = await tx.selectFrom('deliveries').select('update_id').distinct().where('contact_id', '=', contactId).where('status', '=', 'queued').orderBy('update_id').execute();
    for (const u of queuedUpdates) await lockUpdateClaims(tx, u.update_id);
    const inFlight = await sql<{ update_id: number }>`
      SELECT b.update_id FROM send_batches b JOIN deliveries d ON d.id = ANY(b.member_ids)
       WHERE b.status = 'open' AND d.contact_id = ${contactId} LIMIT 1`.execute(tx);
    if (inFlight.rows[0]) {
      throw AppError.localized('conflict', 'contacts.eraseWhileSending', { updateId: String(inFlight.rows[0].update_id) });
    }
    const cancelled = await tx
      .updateTable('deliveries')
      .set({ status: 'excluded', reason: 'erased', updated_at: now })
      .where('contact_id', '=', contactId)
      .where('status', '=', 'queued')
      .executeTakeFirst();

    const deliveries = await tx
      .updateTable('deliveries')
      .set({ email, name, reason: sql`CASE WHEN reason IS NULL THEN NULL ELSE ${replaceAddress(sql`reason`)} END`, updated_at: now })
      .where('contact_id', '=', contactId)
      .returning(['id', 'provider_id'])
      .execute();
    const deliveryIds = deliveries.map((d) => d.id);
    const providerIds = deliveries.flatMap((d) => (d.provider_id ? [d.provider_id] : []));

    const conversations = await tx.selectFrom('conversations').select('id').where('contact_id', '=', contactId).execute();
    const conversationIds = conversations.map((c) => c.id);
    const inboundIds = conversationIds.length
      ? (await tx.selectFrom('messages').select('provider_id').where('conversation_id', 'in', conversationIds).where('direction', '=', 'in').where('provider_id', 'is not', null).execute()).map((m) => m.provider_id!)
      : [];

    // Mail from the address that matched no conversation.
    const unmatched = await tx
      .updateTable('inbound_unmatched')
      .set({
        from_address: email,
        to_address: sql`CASE WHEN ${mentions(sql`to_address`)} THEN ${replaceAddress(sql`to_address`)} ELSE to_address END`,
        subject: ERASED_TEXT,
        payload: sql`jsonb_strip_nulls(jsonb_build_object('id', payload->'id', 'erased', true))`,
      })
      .where(mentions(sql`from_address`))
      .returning('provider_email_id')
      .execute();

    // Provider events: the deliveries' own, the inbound mail's (email.received,
    // by the inbound email id), and any event that matched no delivery but names
    // the address. That last test reads every such event's payload: a scan,
    // acceptable for a rare, manual operation.
    const eventEmailIds = [...providerIds, ...inboundIds, ...unmatched.map((u) => u.provider_email_id)];
    const events = await tx
      .updateTable('delivery_events')
      .set({
        payload: sql`jsonb_strip_nulls(jsonb_build_object(
          'type', payload->'type',
          'created_at', payload->'created_at',
          'data', jsonb_strip_nulls(jsonb_build_object(
            'email_id', payload->'data'->'email_id',
            'created_at', payload->'data'->'created_at',
            'tags', payload->'data'->'tags',
            'bounce', CASE WHEN jsonb_typeof(payload->'data'->'bounce') = 'object'
                           THEN jsonb_strip_nulls(jsonb_build_object('type', payload->'data'->'bounce'->'type', 'subType', payload->'data'->'bounce'->'subType')) END)),
          'erased', true))`,
      })
      .where((eb) =>
        eb.or([
          ...(deliveryIds.length ? [eb('delivery_id', 'in', deliveryIds)] : []),
          ...(eventEmailIds.length ? [eb('provider_email_id', 'in', eventEmailIds)] : []),
          eb.and([eb('delivery_id', 'is', null), mentions(sql`payload::text`)]),
        ]),
      )
      .executeTakeFirst();

    // The conversation threads: what the customer wrote and what they were told.
    const messages = conversationIds.length
      ? await tx
          .updateTable('messages')
          .set({
            subject: ERASED_TEXT,
            text: ERASED_TEXT,
            visible_text: ERASED_TEXT,
            html: sql`CASE WHEN html IS NULL THEN NULL ELSE ${ERASED_TEXT} END`,
            from_address: sql`CASE WHEN direction = 'in' THEN ${email} ELSE from_address END`,
            to_address: sql`CASE WHEN direction = 'out' THEN ${email} ELSE to_address END`,
            message_id: sql`CASE WHEN message_id IS NULL THEN NULL ELSE ${replaceAddress(sql`message_id`)} END`,
            in_reply_to: sql`CASE WHEN in_reply_to IS NULL THEN NULL ELSE ${replaceAddress(sql`in_reply_to`)} END`,
            references_ids: sql`CASE WHEN references_ids IS NULL THEN NULL ELSE ${replaceAddress(sql`references_ids`)} END`,
          })
          .where('conversation_id', 'in', conversationIds)
          .executeTakeFirst()
      : { numUpdatedRows: 0n };

    const followUps = await tx.updateTable('follow_up_flags').set({ note: ERASED_TEXT }).where('contact_id', '=', contactId).executeTakeFirst();

    // Local copies of mail to them. An update's subject is the same for every
    // recipient (src/sending/render.ts), so it stays; an answer's echoes theirs.
    const outbox = await tx
      .updateTable('outbox_messages as o')
      .set({
        to_address: email,
        html: ERASED_TEXT,
        text: ERASED_TEXT,
        headers: '{}',
        subject: sql`CASE WHEN EXISTS (SELECT 1 FROM deliveries d WHERE d.contact_id = ${contactId} AND d.subject = o.subject) THEN o.subject ELSE ${ERASED_TEXT} END`,
      })
      .where(mentions(sql`o.to_address`))
      .executeTakeFirst();

    await tx.updateTable('contacts').set({ email, name, attributes: '{}', erased_at: now, updated_at: now }).where('id', '=', contactId).execute();

    // The suppression (keyed by the address) is KEPT, on legitimate interest
    // (GDPR art. 17(3) and recital 47; the same reason as a marketing
    // "do not contact" list): an address that bounced, complained or asked to be
    // left alone must never be mailed again, also when it comes back in a later
    // import. The row holds the address and why, nothing else; it is not linked
    // to the erased contact any more.
    const suppression = await tx.selectFrom('suppressions').select('reason').where('email_lower', '=', address).executeTakeFirst();

    // Before this change, two entries put a customer address into the log.
    const earlier = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit_log
       WHERE (action = 'conversation.answer' AND lower(details->>'to') = ${address})
          OR (action = 'suppression.lift' AND subject_type = 'suppression' AND subject_id = ${address})`.execute(tx);

    const result: ErasureResult = {
      contactId,
      erasedAt: now,
      deliveries: deliveries.length,
      cancelledQueued: Number(cancelled.numUpdatedRows),
      events: Number(events.numUpdatedRows),
      conversations: conversationIds.length,
      messages: Number(messages.numUpdatedRows),
      inboundUnmatched: unmatched.length,
      followUps: Number(followUps.numUpdatedRows),
      outbox: Number(outbox.numUpdatedRows),
      suppression: { kept: suppression !== undefined, reason: suppression?.reason ?? null },
      earlierAuditEntries: earlier.rows[0]?.n ?? 0,
    };
    await recordAudit(tx, actor, {
      action: 'contact.erase',
      subjectType: 'contact',
      subjectId: contactId,
      details: {
        deliveries: result.deliveries,
        cancelledQueued: result.cancelledQueued,
        events: result.events,
        conversations: result.conversations,
        messages: result.messages,
        inboundUnmatched: result.inboundUnmatched,
        followUps: result.followUps,
        outbox: result.outbox,
        suppressionKept: result.suppression.kept,
        earlierAuditEntries: result.earlierAuditEntries,
      },
    });
    return result;
  });
}
