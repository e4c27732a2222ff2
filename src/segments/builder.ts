import type { Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { approvedUpdatesUsingSegment, type ApprovedUpdateRef } from '../updates/approval.ts';
import { emptyRow, emptyState, nameFromForm, previewTargetFromForm, readForm, segmentInputFromForm, stateFromSegment, type BuilderState, type FormBody } from './form.ts';
import { createSegment, getSegment, knownAttributeKeys, listMemberEmails, previewSegment, updateSegment, type Preview, type SegmentWithCount } from './queries.ts';
import { RULE_LIMITS } from './rule.ts';
import { t } from '../../i18n/current.ts';

/** Static lists up to this size are shown in the address box for editing. */
export const MEMBERS_SHOWN = 10_000;

/** What the segment builder page shows. */
export interface BuilderView {
  segment?: SegmentWithCount | undefined;
  state: BuilderState;
  attributeKeys: string[];
  preview?: Preview | undefined;
  approvedUpdates?: ApprovedUpdateRef[] | undefined;
  flash?: string | undefined;
  focusRow?: number | undefined;
  /** Where to go instead of showing the page (after a clean save). */
  redirect?: string | undefined;
}

/** A saved static list whose address box was left empty keeps its members. */
function keepsMembers(segment: SegmentWithCount | undefined, state: BuilderState): segment is SegmentWithCount {
  return segment?.kind === 'list' && state.emails.trim() === '';
}

async function savedView(db: Db, segment: SegmentWithCount, extra: Partial<BuilderView> = {}): Promise<BuilderView> {
  const emails = segment.kind === 'list' && (segment.memberCount ?? 0) <= MEMBERS_SHOWN ? await listMemberEmails(db, segment.id, MEMBERS_SHOWN) : [];
  return {
    segment,
    state: stateFromSegment(segment, emails),
    attributeKeys: await knownAttributeKeys(db),
    preview: await previewSegment(db, segment),
    approvedUpdates: await approvedUpdatesUsingSegment(db, segment.id),
    ...extra,
  };
}

/** The builder for a new segment (no id) or a saved one. */
export async function openBuilder(db: Db, segmentId?: number): Promise<BuilderView> {
  if (segmentId === undefined) return { state: emptyState(), attributeKeys: await knownAttributeKeys(db) };
  return savedView(db, await getSegment(db, segmentId));
}

/**
 * One step of the builder form, by the button pressed: add or remove a
 * condition row, preview, or save. Validation failures are thrown (the page
 * shows them in place); a clean save asks for a redirect.
 */
export async function builderStep(db: Db, actor: Actor, segment: SegmentWithCount | undefined, body: FormBody): Promise<BuilderView> {
  const state = readForm(body);
  if (segment) state.kind = segment.kind;
  const action = typeof body['action'] === 'string' ? body['action'] : 'preview';
  const base = { segment, state, attributeKeys: await knownAttributeKeys(db), approvedUpdates: segment ? await approvedUpdatesUsingSegment(db, segment.id) : undefined };
  if (action === 'add') {
    if (state.rows.length < RULE_LIMITS.conditions) state.rows.push(emptyRow());
    return { ...base, focusRow: state.rows.length - 1 };
  }
  const remove = /^remove:(\d+)$/.exec(action);
  if (remove) {
    state.rows.splice(Number(remove[1]), 1);
    if (state.rows.length === 0) state.rows.push(emptyRow());
    return base;
  }
  if (action !== 'save') return { ...base, preview: await previewSegment(db, keepsMembers(segment, state) ? segment : previewTargetFromForm(state)) };

  const input = keepsMembers(segment, state) ? { name: nameFromForm(state) } : segmentInputFromForm(state);
  const r = segment ? await updateSegment(db, actor, segment.id, input) : await createSegment(db, actor, input);
  const withdrawn = r.withdrawnApprovals.length ? ` ${t('segments.withdrawnAfterSave', { count: r.withdrawnApprovals.length })}` : '';
  if (r.unknownEmails.length === 0) return { ...base, redirect: `/segments/${r.segment.id}?saved=${r.withdrawnApprovals.length ? `withdrawn-${r.withdrawnApprovals.length}` : '1'}` };
  const shown = r.unknownEmails.slice(0, 50).join(', ');
  const addresses = r.unknownEmails.length > 50 ? t('segments.andMore', { list: shown, count: r.unknownEmails.length - 50 }) : shown;
  return savedView(db, r.segment, { flash: `${t('segments.savedUnknown', { count: r.unknownEmails.length, addresses })}${withdrawn}` });
}

/** The builder's live count: the same form, counted without a sample. */
export async function liveCount(db: Db, body: FormBody): Promise<Preview> {
  const state = readForm(body);
  const segmentId = Number(typeof body['segment_id'] === 'string' ? body['segment_id'] : NaN);
  const segment = Number.isSafeInteger(segmentId) && segmentId > 0 ? await getSegment(db, segmentId) : undefined;
  if (segment) state.kind = segment.kind;
  return previewSegment(db, keepsMembers(segment, state) ? segment : previewTargetFromForm(state), { sampleSize: 0 });
}
