/**
 * Personalise many (DESIGN.md, sending pipeline step 2): a variant rendered
 * once (render.ts) is split at its per-recipient slots, so one recipient's
 * email is a join of precomputed strings with escaped values: no React, no
 * search and replace over the whole email.
 */
import type { Locale } from '../config.ts';
import { greetingFor } from '../../emails/greeting.ts';
import { escapeHtml } from './escape.ts';

export interface RecipientValues {
  name: string;
  statusUrl: string;
  unsubscribeUrl: string;
  replyTo: string;
  /** Already written out in the recipient's locale (formatPromiseDate, emails/i18n/dates.ts). Required unless the update is final. */
  promisedDate: string;
}

/** The per-recipient places in a rendered variant. */
export type Slot = 'greeting' | 'statusUrl' | 'unsubscribeUrl' | 'replyTo' | 'promisedDate';
export const SLOTS: readonly Slot[] = ['greeting', 'statusUrl', 'unsubscribeUrl', 'replyTo', 'promisedDate'];

/**
 * A rendered email split at its slots: `parts.length === slots.length + 1`, and
 * the email is parts[0] + value(slots[0]) + parts[1] + … . Plain data, so it can
 * be cached or stored as JSON.
 */
export interface CompiledTemplate {
  /** html: values are HTML-escaped; text: values are inserted as they are. */
  readonly kind: 'html' | 'text';
  readonly parts: readonly string[];
  readonly slots: readonly Slot[];
}

export interface RenderedVariant {
  locale: Locale;
  /** Final subject line, already safe for a header. */
  subject: string;
  html: CompiledTemplate;
  text: CompiledTemplate;
}

export interface PersonalisedEmail {
  subject: string;
  html: string;
  text: string;
}

// Whitespace in the sense of both JavaScript and html-to-text (which also folds U+200B),
// plus every control character. MESSY matches exactly when RUN + trim would change something.
const SINGLE_LINE_MESSY = /[^\S ]|[\p{Cc}\u200b]| {2}|^ | $/u;
const SINGLE_LINE_RUN = /[\s\p{Cc}\u200b]+/gu;

/** A single-line value: any run of whitespace or control characters becomes one space; trimmed. */
function singleLine(value: string): string {
  return SINGLE_LINE_MESSY.test(value) ? value.replace(SINGLE_LINE_RUN, ' ').trim() : value;
}

const HTTP_URL = /^https?:\/\/[^\s\p{Cc}]+$/iu;
const ADDRESS = /^[^\s\p{Cc}@<>"]+@[^\s\p{Cc}@<>"]+$/u;

/**
 * Normalises and checks one recipient's values. Both the fast path and the
 * naive path go through this, so they produce the same email.
 */
export function recipientSlots(locale: Locale, final: boolean, r: RecipientValues): Record<Slot, string> {
  const statusUrl = r.statusUrl.trim();
  const unsubscribeUrl = r.unsubscribeUrl.trim();
  const replyTo = r.replyTo.trim();
  if (!HTTP_URL.test(statusUrl)) throw new TypeError(`statusUrl must be an http(s) URL (got ${JSON.stringify(r.statusUrl)})`);
  if (!HTTP_URL.test(unsubscribeUrl)) {
    throw new TypeError(`unsubscribeUrl must be an http(s) URL (got ${JSON.stringify(r.unsubscribeUrl)})`);
  }
  if (!ADDRESS.test(replyTo)) throw new TypeError(`replyTo must be an email address (got ${JSON.stringify(r.replyTo)})`);
  const promisedDate = final ? '' : singleLine(r.promisedDate);
  if (!final && promisedDate === '') throw new TypeError('promisedDate is required for an update that is not final');
  return {
    greeting: greetingFor(locale, singleLine(r.name)),
    statusUrl,
    unsubscribeUrl,
    replyTo,
    promisedDate,
  };
}

/** Fills a compiled template with already-prepared slot values. */
export function fill(template: CompiledTemplate, values: Readonly<Record<Slot, string>>): string {
  const { parts, slots } = template;
  let out = parts[0]!;
  for (let i = 0; i < slots.length; i++) out += values[slots[i]!] + parts[i + 1]!;
  return out;
}

/**
 * One recipient's email from a rendered variant: HTML slots get HTML-escaped
 * values (also safe inside attributes), text slots the values as they are,
 * every value on one line. Throws a TypeError for a URL that is not http(s),
 * a reply address that is not an address, or a missing promised date.
 */
export function personalise(v: RenderedVariant, r: RecipientValues): PersonalisedEmail {
  const final = !v.text.slots.includes('promisedDate');
  const raw = recipientSlots(v.locale, final, r);
  const escaped: Record<Slot, string> = {
    greeting: escapeHtml(raw.greeting),
    statusUrl: escapeHtml(raw.statusUrl),
    unsubscribeUrl: escapeHtml(raw.unsubscribeUrl),
    replyTo: escapeHtml(raw.replyTo),
    promisedDate: escapeHtml(raw.promisedDate),
  };
  return { subject: v.subject, html: fill(v.html, escaped), text: fill(v.text, raw) };
}
