import { localeOr } from '../../i18n/locales.ts';
/**
 * The daily anchor by email: every active auditor gets the chain's head (entry
 * id and keyed hash) once a day, so a copy of it lives outside tidings and its
 * database. With it, `verify?anchor=` finds a later cut or rewrite of the record.
 *
 * Exactly once per day and auditor, however many workers run the job:
 * 1. raise: one `audit_anchor_emails` row per (day, auditor), inserted with ON
 *    CONFLICT DO NOTHING; the first run of the day takes the head and checks the
 *    chain, and every auditor's row of that day carries the same anchor;
 * 2. send: through the one mail path (the transport every email takes), under
 *    the stable idempotency key `tidings-audit-anchor-<day>-<user>`, so a retry
 *    or a second worker sending at the same time is dropped by the provider
 *    (or the outbox), and the same bytes go out on every attempt;
 * 3. record: sent_at and an audit entry `audit.anchor_sent`, once (the row is
 *    marked only while unsent). A failed send keeps last_error; the next run retries it.
 */
import { fromHeader } from '../sending/escape.ts';
import { createElement } from 'react';
import { render } from '@react-email/render';
import type { Logger } from 'pino';
import AuditAnchorEmail, { auditAnchorSubject, type AuditAnchorEmailProps } from '../../emails/audit-anchor.tsx';
import { htmlToText } from '../../emails/markdown.ts';
import { type Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { safeHeader } from '../sending/escape.ts';
import type { MailTransport, OutgoingEmail } from '../sending/transport.ts';
import { getSetting } from '../settings/queries.ts';
import { recordAudit, SYSTEM_ACTOR } from './log.ts';
import { verifyAuditChain } from './verify.ts';

export interface AnchorMailDeps {
  db: Db;
  transport: MailTransport;
  config: Pick<Config, 'from' | 'publicUrl'>;
  log?: Logger;
}

export interface AnchorMailResult {
  day: string;
  raised: number;
  sent: number;
  failed: number;
}

/** The idempotency key of one auditor's anchor email of one day: the same on every attempt. */
export function anchorMailKey(day: string, userId: number): string {
  return `tidings-audit-anchor-${day}-${userId}`;
}

const activeAuditors = (db: Db) => db.selectFrom('users').select(['id', 'email', 'name', 'locale']).where('disabled_at', 'is', null).where('role', '=', 'auditor');

/** Raises the day's rows for auditors who have none yet, all with the day's one anchor. */
async function raiseAnchors(db: Db, day: string): Promise<number> {
  const waiting = await activeAuditors(db)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('audit_anchor_emails as a').select('a.id').whereRef('a.user_id', '=', 'users.id').where('a.day', '=', day))))
    .execute();
  if (waiting.length === 0) return 0;
  let anchor = await db.selectFrom('audit_anchor_emails').select(['seq', 'hash', 'intact']).where('day', '=', day).orderBy('id').limit(1).executeTakeFirst();
  if (!anchor) {
    const v = await verifyAuditChain(db);
    if (!v.head) return 0;
    anchor = { seq: v.head.seq, hash: v.head.hash, intact: v.intact };
  }
  const rows = await db
    .insertInto('audit_anchor_emails')
    .values(waiting.map((u) => ({ day, user_id: u.id, seq: anchor.seq, hash: anchor.hash, intact: anchor.intact })))
    .onConflict((oc) => oc.columns(['day', 'user_id']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

async function anchorEmail(deps: AnchorMailDeps, key: string, props: AuditAnchorEmailProps, to: string): Promise<OutgoingEmail> {
  const html = await render(createElement(AuditAnchorEmail, props));
  return {
    key,
    from: fromHeader(deps.config.from, 'tidings'),
    to,
    replyTo: deps.config.from,
    subject: safeHeader(auditAnchorSubject(props)),
    html,
    text: htmlToText(html).replace(/\n{3,}/g, '\n\n').trim(),
    headers: {},
    tags: [{ name: 'kind', value: 'audit_anchor' }],
  };
}

/** The daily anchor job's body: raises today's rows and sends every unsent one. */
export async function sendDailyAnchors(deps: AnchorMailDeps, now: Date): Promise<AnchorMailResult> {
  const { db } = deps;
  const day = now.toISOString().slice(0, 10);
  const result: AnchorMailResult = { day, raised: await raiseAnchors(db, day), sent: 0, failed: 0 };
  const unsent = await db
    .selectFrom('audit_anchor_emails as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.seq', 'a.hash', 'a.intact', 'u.id as userId', 'u.email', 'u.name', 'u.locale'])
    .where('a.day', '=', day)
    .where('a.sent_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .where('u.role', '=', 'auditor')
    .orderBy('a.id')
    .execute();
  if (unsent.length === 0) return result;
  const organisation = await getSetting(db, 'organisation_name');
  for (const row of unsent) {
    const locale = localeOr(row.locale);
    const props: AuditAnchorEmailProps = { locale, organisation, day, seq: row.seq, hash: row.hash, intact: row.intact, auditorName: row.name, url: `${deps.config.publicUrl}/audit` };
    const email = await anchorEmail(deps, anchorMailKey(day, row.userId), props, row.email);
    let error: string;
    try {
      const outcome = await deps.transport.sendBatch([email], email.key);
      const r = outcome.kind === 'accepted' ? outcome.results[0] : undefined;
      if (r?.ok) {
        await db.transaction().execute(async (tx) => {
          const marked = await tx.updateTable('audit_anchor_emails').set({ sent_at: now, provider_id: r.providerId, last_error: null }).where('id', '=', row.id).where('sent_at', 'is', null).returning('id').executeTakeFirst();
          // Another worker sending the same row at the same time recorded it first.
          if (marked) await recordAudit(tx, SYSTEM_ACTOR, { action: 'audit.anchor_sent', subjectType: 'user', subjectId: row.userId, details: { day, seq: row.seq, hash: row.hash, intact: row.intact } });
        });
        result.sent++;
        continue;
      }
      error = outcome.kind === 'accepted' ? (r && !r.ok ? r.reason : 'the provider returned no result') : outcome.message;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    result.failed++;
    await db.updateTable('audit_anchor_emails').set({ last_error: error.slice(0, 1000) }).where('id', '=', row.id).execute();
    deps.log?.warn({ day, userId: row.userId, error }, 'audit anchor email not sent; retried at the next run');
  }
  return result;
}
