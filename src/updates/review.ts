import { diffWords } from 'diff';
import type { Actor } from '../audit/log.ts';
import type { Config, Locale } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Situation } from '../db/types.ts';
import type { Preview } from '../segments/audience.ts';
import { getSetting } from '../settings/queries.ts';
import { getSituation } from '../situations/queries.ts';
import { currentDigest, editorsOf } from './approval.ts';
import { previewUpdateAudience } from './audience.ts';
import { languageWarnings, missingElements, type LanguageWarning, type MissingElement } from './checklist.ts';
import { completeLocales, loadUpdate, type UpdateContent, type UpdateWithRelations } from './model.ts';
import { previewUpdate } from './preview.ts';
import { t, tr } from '../../i18n/current.ts';

/** One run of a word diff: unchanged, added or removed text. */
export interface DiffPart {
  text: string;
  change: 'same' | 'added' | 'removed';
}

/** A field that differs from the last sent update of the situation. */
export interface FieldChange {
  field: string;
  /** The field's name in the reader's language. */
  label: string;
  parts: DiffPart[];
}

export interface ReviewedLanguage {
  locale: Locale;
  subject: string;
  text: string;
}

/** Everything an approver needs to judge an update, and the digest their approval will cover. */
export interface Review {
  update: UpdateWithRelations;
  situation: Situation;
  digest: string;
  missing: MissingElement[];
  warnings: LanguageWarning[];
  editors: { id: number; name: string }[];
  /** The reviewer is an editor: four eyes refuses their approval unless self-approval is allowed. */
  reviewerIsEditor: boolean;
  selfApprovalAllowed: boolean;
  languages: ReviewedLanguage[];
  audience: Pick<Preview, 'eligible' | 'excluded'> | undefined;
  contactPoint: { name: string; role: string; email: string; phone: string } | undefined;
  previous: { id: number; number: number | null; changes: FieldChange[] } | undefined;
}

function wordDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((p) => ({ text: p.value, change: p.added ? 'added' : p.removed ? 'removed' : 'same' }));
}

async function contactPointLine(db: Db, id: number | null): Promise<string> {
  if (!id) return '';
  const cp = await db.selectFrom('contact_points').select(['name', 'role', 'email', 'phone']).where('id', '=', id).executeTakeFirst();
  return cp ? `${cp.name}, ${cp.role} (${cp.email}, ${cp.phone})` : '';
}

const ACK_KINDS = { apology: 'updates.ackApology', thanks: 'updates.ackThanks', both: 'updates.ackBoth' } as const;
const ackLine = (u: UpdateWithRelations) => (u.ack_kind ? t('updates.ackLine', { kind: u.ack_kind in ACK_KINDS ? t(ACK_KINDS[u.ack_kind as keyof typeof ACK_KINDS]) : u.ack_kind, text: u.ack_text }) : '');
const dateLine = (u: UpdateWithRelations) => (u.final ? t('review.noNextUpdate') : u.next_update_at ? tr().dateTime(u.next_update_at) : '');

/** What changed since the last update the situation sent: subject and body per language, acknowledgement, contact point, date; said in the reader's language. */
async function changesSince(db: Db, prev: UpdateWithRelations, u: UpdateWithRelations): Promise<FieldChange[]> {
  const a = (prev.content ?? {}) as UpdateContent;
  const b = (u.content ?? {}) as UpdateContent;
  const pairs: [string, string, string, string][] = [];
  // A language without an acknowledgement of its own reads the general one (the row after these).
  const ownAck = (c: UpdateContent, l: Locale) => c[l]?.acknowledgement?.trim() || t('review.noOwnAcknowledgement');
  for (const locale of [...new Set([...completeLocales(a), ...completeLocales(b)])]) {
    pairs.push([`content.${locale}.subject`, t('review.changeSubject', { locale }), a[locale]?.subject ?? '', b[locale]?.subject ?? '']);
    pairs.push([`content.${locale}.body`, t('review.changeBody', { locale }), a[locale]?.body ?? '', b[locale]?.body ?? '']);
    pairs.push([`content.${locale}.acknowledgement`, t('review.changeLanguageAcknowledgement', { locale }), ownAck(a, locale), ownAck(b, locale)]);
  }
  pairs.push(['acknowledgement', t('review.changeAcknowledgement'), ackLine(prev), ackLine(u)]);
  pairs.push(['contactPoint', t('review.changeContactPerson'), await contactPointLine(db, prev.contact_point_id), await contactPointLine(db, u.contact_point_id)]);
  pairs.push(['nextUpdateAt', t('review.changeNextUpdate'), dateLine(prev), dateLine(u)]);
  return pairs.filter(([, , before, after]) => before !== after).map(([field, label, before, after]) => ({ field, label, parts: wordDiff(before, after) }));
}

/**
 * The approver's review of an update: what recipients will read in each
 * language, how many will receive it and who is left out, what changed since
 * the situation's last sent update, and the digest an approval from this page
 * is bound to (if anything changes before they approve, the approval is refused).
 */
export async function reviewUpdate(db: Db, config: Pick<Config, 'secret' | 'publicUrl' | 'from'>, reviewer: Actor, updateId: number): Promise<Review> {
  const update = await loadUpdate(db, updateId);
  const [situation, digest, missing, warnings, editorIds, selfApprovalAllowed, audience] = await Promise.all([
    getSituation(db, update.situation_id),
    currentDigest(db, update),
    missingElements(db, update),
    languageWarnings(db, update),
    editorsOf(db, updateId),
    getSetting(db, 'allow_self_approval'),
    previewUpdateAudience(db, update.segmentIds, update.situation_id),
  ]);
  const names = editorIds.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', editorIds).execute() : [];
  const languages: ReviewedLanguage[] = [];
  for (const locale of completeLocales((update.content ?? {}) as UpdateContent)) {
    const m = await previewUpdate(db, config, updateId, locale);
    languages.push({ locale, subject: m.subject, text: m.text });
  }
  const cp = update.contact_point_id ? await db.selectFrom('contact_points').select(['name', 'role', 'email', 'phone']).where('id', '=', update.contact_point_id).executeTakeFirst() : undefined;
  const prevRow = await db
    .selectFrom('updates')
    .select('id')
    .where('situation_id', '=', update.situation_id)
    .where('id', '!=', updateId)
    .where('status', 'in', ['sending', 'sent'])
    .orderBy('released_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const prev = prevRow ? await loadUpdate(db, prevRow.id) : undefined;
  return {
    update,
    situation,
    digest,
    missing,
    warnings,
    editors: editorIds.map((id) => ({ id, name: names.find((n) => n.id === id)?.name ?? t('updates.formerUser') })),
    reviewerIsEditor: reviewer.userId !== null && editorIds.includes(reviewer.userId),
    selfApprovalAllowed,
    languages,
    audience,
    contactPoint: cp,
    previous: prev ? { id: prev.id, number: prev.number, changes: await changesSince(db, prev, update) } : undefined,
  };
}
