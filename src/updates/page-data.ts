import type { Config, Locale } from '../config.ts';
import { listContactPoints } from '../contact-points/queries.ts';
import type { Db } from '../db/connection.ts';
import type { ContactPoint, Segment, Situation } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { t } from '../../i18n/current.ts';
import { languageName } from './language-names.ts';
import type { Preview } from '../segments/audience.ts';
import { listSegments } from '../segments/queries.ts';
import { getSetting } from '../settings/queries.ts';
import { sendNowForecast, type SendForecast } from './quiet-hours.ts';
import { getSituation } from '../situations/queries.ts';
import { editorsOf } from './approval.ts';
import { previewUpdateAudience } from './audience.ts';
import { languageWarnings, missingElements, type LanguageWarning, type MissingElement } from './checklist.ts';
import { isLocale } from '../../i18n/locales.ts';
import { completeLocales, effectiveLocale, loadUpdate, type UpdateContent, type UpdateWithRelations } from './model.ts';
import { previewUpdate, type UnsavedDraft } from './preview.ts';
import { contentFromValues, type ComposerValues } from './form.ts';
import { isZone, zonedToInstant } from './zones.ts';
import { deliveryState, problemRecipients, type DeliveryState, type ProblemRecipients } from './progress.ts';

/** Statuses in which the update can still change: the page shows the composer and its checklist. */
const EDITABLE = new Set(['draft', 'pending_approval', 'approved']);

export interface PreviewData {
  /** The tab chosen. */
  locale: Locale;
  /** The version customers in that language receive. */
  shown: Locale;
  subject?: string | undefined;
  text?: string | undefined;
  problem?: string | undefined;
}

/** Everything the update page shows. */
export interface UpdatePageData {
  update: UpdateWithRelations;
  situation: Situation;
  /** Names of the author and the approver, by user id (a former user has none). */
  names: Map<number, string>;
  /** Segments and contact points to offer: the live ones, plus any archived one the update still names. */
  segments: Segment[];
  contactPoints: ContactPoint[];
  /** The contact point the update names, if any. */
  contactPoint: ContactPoint | undefined;
  /** Everyone who wrote or changed the update (none of them may approve it). */
  editorIds: number[];
  allowSelfApproval: boolean;
  /** Languages with a complete version. */
  complete: Locale[];
  preview: PreviewData;
  /** While the update can still change: what it still needs, and whom it reaches. */
  composing?: { missing: MissingElement[]; warnings: LanguageWarning[]; audience: Pick<Preview, 'eligible' | 'excluded'> | undefined };
  /** For an approved update: what "Send now" would do, said in its confirmation. */
  sendNow?: SendForecast;
  /** Once it is scheduled or under way: how its sending stands, and who did not receive it. */
  sending?: DeliveryState & { recipients: ProblemRecipients };
}

export async function updatePageData(db: Db, config: Config, updateId: number, options: { previewLocale?: Locale | undefined } = {}): Promise<UpdatePageData> {
  const update = await loadUpdate(db, updateId);
  const situation = await getSituation(db, update.situation_id);
  const [names, { segments, contactPoints }, preview, allowSelfApproval, editorIds] = await Promise.all([
    userNames(db, [update.author_id, update.approved_by]),
    choices(db, update),
    previewData(db, config, update, options.previewLocale ?? (update.default_locale as Locale)).then(({ html: _html, ...p }) => p),
    getSetting(db, 'allow_self_approval'),
    editorsOf(db, update.id),
  ]);
  const page: UpdatePageData = {
    update,
    situation,
    names,
    segments,
    contactPoints,
    contactPoint: contactPoints.find((p) => p.id === update.contact_point_id),
    editorIds,
    allowSelfApproval,
    complete: completeLocales((update.content ?? {}) as UpdateContent),
    preview,
  };
  if (EDITABLE.has(update.status)) {
    const [missing, warnings, audience] = await Promise.all([missingElements(db, update), languageWarnings(db, update), previewUpdateAudience(db, update.segmentIds, update.situation_id)]);
    page.composing = { missing, warnings, audience };
    if (update.status === 'approved') page.sendNow = await sendNowForecast(db, update);
  } else {
    const [state, recipients] = await Promise.all([deliveryState(db, update.id), problemRecipients(db, update.id)]);
    page.sending = { ...state, recipients };
  }
  return page;
}

/** The preview of one language tab, for switching tabs without leaving the composer. */
export async function updatePreview(db: Db, config: Config, updateId: number, locale: Locale | undefined): Promise<PreviewData> {
  const update = await loadUpdate(db, updateId);
  const { html: _html, ...preview } = await previewData(db, config, update, locale ?? (update.default_locale as Locale));
  return preview;
}

/** The email's HTML as customers in `locale` would receive it; undefined while there is nothing to preview. */
export async function previewEmailHtml(db: Db, config: Config, updateId: number, locale: Locale | undefined): Promise<string | undefined> {
  const update = await loadUpdate(db, updateId);
  return (await previewData(db, config, update, locale ?? (update.default_locale as Locale))).html;
}

/**
 * The preview of what the composer holds right now, before it is saved: the
 * same rendering as the saved preview and the real send, and nothing written
 * (no version, no editor, no audit entry). Half-typed values are read
 * leniently; saving is where they are judged.
 */
export async function unsavedPreview(db: Db, config: Config, updateId: number, values: ComposerValues, locale: Locale | undefined): Promise<PreviewData & { html?: string | undefined }> {
  const update = await loadUpdate(db, updateId);
  const unsaved = unsavedFromValues(update, values);
  return previewData(db, config, update, locale ?? unsaved.defaultLocale, unsaved);
}

const ACK_KINDS = ['apology', 'thanks', 'both'] as const;

function unsavedFromValues(u: UpdateWithRelations, v: ComposerValues): UnsavedDraft {
  const content = contentFromValues(v);
  const cp = Number(v.contactPointId);
  const ackKind = ACK_KINDS.find((k) => k === v.ackKind) ?? null;
  return {
    content,
    defaultLocale: isLocale(v.defaultLocale) ? v.defaultLocale : (u.default_locale as Locale),
    ackKind,
    ackText: v.ackText,
    final: v.final,
    contactPointId: v.contactPointId && Number.isSafeInteger(cp) && cp > 0 ? cp : null,
    nextUpdateAt: !v.final && isZone(v.timeZone) ? (zonedToInstant(v.nextUpdateLocal, v.timeZone) ?? null) : null,
  };
}

async function previewData(db: Db, config: Config, u: UpdateWithRelations, locale: Locale, unsaved?: UnsavedDraft): Promise<PreviewData & { html?: string | undefined }> {
  const defaultLocale = unsaved ? unsaved.defaultLocale : (u.default_locale as Locale);
  const shown = effectiveLocale(unsaved ? unsaved.content : ((u.content ?? {}) as UpdateContent), defaultLocale, locale);
  try {
    const m = await previewUpdate(db, config, u.id, shown, undefined, false, unsaved);
    return { locale, shown, subject: m.subject, text: m.text, html: m.html };
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed') {
      return { locale, shown, problem: t(unsaved ? 'updates.previewNothingYetUnsaved' : 'updates.previewNothingYet', { language: languageName(defaultLocale) }) };
    }
    throw err;
  }
}

async function choices(db: Db, u: UpdateWithRelations): Promise<{ segments: Segment[]; contactPoints: ContactPoint[] }> {
  const [live, points] = await Promise.all([listSegments(db), listContactPoints(db)]);
  const missingSegs = u.segmentIds.filter((id) => !live.some((s) => s.id === id));
  const extraSegs = missingSegs.length ? await db.selectFrom('segments').selectAll().where('id', 'in', missingSegs).execute() : [];
  const extraCp = u.contact_point_id && !points.some((p) => p.id === u.contact_point_id) ? await db.selectFrom('contact_points').selectAll().where('id', '=', u.contact_point_id).execute() : [];
  return { segments: [...live, ...extraSegs], contactPoints: [...points, ...extraCp] };
}

async function userNames(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = ids.filter((x): x is number => x !== null);
  if (!wanted.length) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
