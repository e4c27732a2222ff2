import type { Actor } from '../audit/log.ts';
import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { editDraft } from './compose.ts';
import { loadUpdate, type UpdateContent, type UpdateWithRelations } from './model.ts';
import { DEFAULT_ZONE, instantToZoned, requireZone, zonedToInstant } from './zones.ts';

// The composer form: what was typed, and what it means.

export interface ComposerValues {
  segmentIds: string[];
  contactPointId: string;
  ackKind: string;
  ackText: string;
  nextUpdateLocal: string;
  timeZone: string;
  final: boolean;
  quietHours: boolean;
  defaultLocale: string;
  /** Per language; an empty acknowledgement means the language reads `ackText`. */
  content: Record<Locale, LanguageValues>;
}

export interface LanguageValues {
  subject: string;
  body: string;
  acknowledgement: string;
}

function emptyContent(): Record<Locale, LanguageValues> {
  return Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, { subject: '', body: '', acknowledgement: '' }])) as Record<Locale, LanguageValues>;
}

export function valuesFromUpdate(u: UpdateWithRelations, zone: string): ComposerValues {
  const content = emptyContent();
  const saved = (u.content ?? {}) as UpdateContent;
  for (const l of SUPPORTED_LOCALES) {
    const c = saved[l];
    if (c) content[l] = { subject: c.subject, body: c.body, acknowledgement: c.acknowledgement ?? '' };
  }
  return {
    segmentIds: u.segmentIds.map(String),
    contactPointId: u.contact_point_id ? String(u.contact_point_id) : '',
    ackKind: u.ack_kind ?? '',
    ackText: u.ack_text,
    nextUpdateLocal: u.next_update_at ? instantToZoned(u.next_update_at, zone) : '',
    timeZone: zone,
    final: u.final,
    quietHours: u.quiet_hours,
    defaultLocale: u.default_locale,
    content,
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** Reads the composer form (parsed with `all: true`). Nothing is validated yet: what was typed is kept to show again. */
export function valuesFromForm(form: Record<string, unknown>): ComposerValues {
  const content = emptyContent();
  for (const l of SUPPORTED_LOCALES) content[l] = { subject: str(form[`subject_${l}`]), body: str(form[`body_${l}`]), acknowledgement: str(form[`ack_${l}`]) };
  const zone = str(form['timeZone']);
  return {
    segmentIds: list(form['segmentIds']),
    contactPointId: str(form['contactPointId']),
    ackKind: str(form['ackKind']),
    ackText: str(form['ackText']),
    nextUpdateLocal: str(form['nextUpdateLocal']),
    timeZone: zone.trim() || DEFAULT_ZONE,
    final: ['on', 'true', '1'].includes(str(form['final'])),
    quietHours: ['on', 'true', '1'].includes(str(form['quietHours'])),
    defaultLocale: str(form['defaultLocale']),
    content,
  };
}

/**
 * The update input (see parseUpdateInput) for what was typed. Problems only the
 * form can have (an acknowledgement with no kind, a date that is no date) are
 * refused here with a message for people; the rest is the domain's to judge.
 */
export function inputFromValues(v: ComposerValues): Record<string, unknown> {
  const segmentIds = v.segmentIds.map((s) => Number(s));
  if (segmentIds.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw AppError.localized('validation_failed', 'composer.refuseSegmentsChoice');
  const contactPointId = v.contactPointId ? Number(v.contactPointId) : null;
  if (contactPointId !== null && (!Number.isSafeInteger(contactPointId) || contactPointId <= 0)) throw AppError.localized('validation_failed', 'composer.refuseContactChoice');
  let acknowledgement: { kind: string; text: string } | null = null;
  if (v.ackKind) acknowledgement = { kind: v.ackKind, text: v.ackText };
  else if (v.ackText.trim() || SUPPORTED_LOCALES.some((l) => v.content[l].acknowledgement.trim())) {
    throw AppError.localized('validation_failed', 'composer.refuseAckKind');
  }
  requireZone(v.timeZone);
  let nextUpdateAt: string | null = null;
  if (!v.final && v.nextUpdateLocal.trim()) {
    const at = zonedToInstant(v.nextUpdateLocal, v.timeZone);
    if (!at) throw AppError.localized('validation_failed', 'composer.refuseNextUpdateDate', { typed: v.nextUpdateLocal });
    nextUpdateAt = at.toISOString();
  }
  const content = contentFromValues(v);
  return {
    segmentIds,
    contactPointId,
    acknowledgement,
    nextUpdateAt,
    final: v.final,
    quietHours: v.quietHours,
    content,
    ...(v.defaultLocale ? { defaultLocale: v.defaultLocale } : {}),
  };
}

/**
 * The content the form holds: a language with any words in it. An empty
 * acknowledgement field is left out, so that language reads the general one
 * (the form cannot send an empty acknowledgement; the API refuses one).
 */
export function contentFromValues(v: Pick<ComposerValues, 'content'>): UpdateContent {
  const content: UpdateContent = {};
  for (const l of SUPPORTED_LOCALES) {
    const c = v.content[l];
    const ack = c.acknowledgement.replace(/\r\n/g, '\n');
    if (!c.subject.trim() && !c.body.trim() && !ack.trim()) continue;
    content[l] = { subject: c.subject, body: c.body.replace(/\r\n/g, '\n'), ...(ack.trim() ? { acknowledgement: ack } : {}) };
  }
  return content;
}

/**
 * Saves what the composer form says. `sentBack` tells the page whether saving
 * took an update that was waiting or approved back to draft, so it can say so.
 */
export async function saveComposerForm(db: Db, actor: Actor, updateId: number, values: ComposerValues): Promise<{ sentBack: boolean }> {
  const before = await loadUpdate(db, updateId);
  await editDraft(db, actor, updateId, inputFromValues(values));
  return { sentBack: before.status !== 'draft' };
}
