/**
 * Render once, personalise many (DESIGN.md, sending pipeline step 2).
 *
 * Each (update, locale) variant is rendered once with React Email, to HTML and
 * to plain text, with placeholder tokens where per-recipient values go. The
 * output is split into static parts and slots at that point, so personalising
 * one recipient is a join of precomputed strings with escaped values: no React,
 * no search and replace over the whole email.
 */
import { randomBytes } from 'node:crypto';
import { createElement } from 'react';
import { render } from '@react-email/render';
import StatusUpdateEmail, { type StatusUpdateEmailProps } from '../../emails/status-update.tsx';
import type { Locale } from '../config.ts';
import { greetingFor, t } from '../../emails/i18n/status-update.ts';
import { INTL_LOCALE } from '../../emails/i18n/locales.ts';
import { PLAIN_TEXT_OPTIONS } from '../../emails/markdown.ts';

export interface VariantInput {
  locale: Locale;
  organisation: string;
  situationTitle: string;
  updateNumber: number;
  /** The officer's subject for this locale; the email's subject is "Update 3: …" around it. */
  subject: string;
  bodyMarkdown: string;
  acknowledgement: { kind: 'apology' | 'thanks' | 'both'; text: string };
  contactPoint: { name: string; role: string; phone: string; email: string };
  final: boolean;
  /** A test send: banner in the email and a tag in the subject. */
  test?: boolean;
}

export interface RecipientValues {
  name: string;
  statusUrl: string;
  unsubscribeUrl: string;
  replyTo: string;
  /** Already localised, see {@link formatPromiseDate}. Required unless the update is final. */
  promisedDate: string;
}

/** The per-recipient places in a rendered variant. */
export type Slot = 'greeting' | 'statusUrl' | 'unsubscribeUrl' | 'replyTo' | 'promisedDate';
const SLOTS: readonly Slot[] = ['greeting', 'statusUrl', 'unsubscribeUrl', 'replyTo', 'promisedDate'];

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

// ---------------------------------------------------------------------------
// Headers and values

/**
 * Makes a value safe for a mail header: every run of control characters (CR,
 * LF, TAB, NUL, NEL …) and Unicode line/paragraph separators becomes one space,
 * and the result is trimmed. A subject can never carry a line break.
 */
export function safeHeader(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** The subject line of a variant: "Update 3: <officer's subject>" in the locale, test-tagged. */
export function variantSubject(input: VariantInput): string {
  const subject = t(input.locale, 'subject', { n: input.updateNumber, subject: safeHeader(input.subject) });
  return safeHeader(input.test ? `${t(input.locale, 'testSubjectTag')} ${subject}` : subject);
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
function recipientSlots(locale: Locale, final: boolean, r: RecipientValues): Record<Slot, string> {
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

// Exactly React's escaping (react-dom's escapeTextForBrowser), for text and attributes alike,
// so the filled-in HTML is byte for byte what React would have produced.
const HTML_SPECIAL = /["'&<>]/;
const HTML_SPECIAL_ALL = /["'&<>]/g;
const HTML_ENTITY: Record<string, string> = { '"': '&quot;', "'": '&#x27;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const entity = (c: string) => HTML_ENTITY[c]!;

/** Escapes `& < > " '` (safe in text and in quoted attribute values). */
export function escapeHtml(value: string): string {
  return HTML_SPECIAL.test(value) ? value.replace(HTML_SPECIAL_ALL, entity) : value;
}

// ---------------------------------------------------------------------------
// Dates

type DateParts = { weekday: string; day: string; month: string; year: string };
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

// Hungarian dates take the temporal case: "március 5-én, csütörtökön".
const HU_DAY_SUFFIX = [
  '', 'jén', 'án', 'án', 'én', 'én', 'án', 'én', 'án', 'én', 'én', // 1–10
  'én', 'én', 'án', 'én', 'én', 'án', 'én', 'án', 'én', 'án', // 11–20
  'én', 'én', 'án', 'én', 'én', 'án', 'én', 'án', 'én', 'án', // 21–30
  'én', // 31
];
const HU_WEEKDAY_ON: Record<string, string> = {
  hétfő: 'hétfőn',
  kedd: 'kedden',
  szerda: 'szerdán',
  csütörtök: 'csütörtökön',
  péntek: 'pénteken',
  szombat: 'szombaton',
  vasárnap: 'vasárnap',
};

/** Word order per locale, from Intl's localised names (stable across ICU versions). */
const DATE_PATTERN: Record<Locale, (p: DateParts) => string> = {
  en: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`, // Thursday 5 March 2026
  nb: (p) => `${p.weekday} ${p.day}. ${p.month} ${p.year}`, // torsdag 5. mars 2026
  sv: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`, // torsdag 5 mars 2026
  nl: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`, // donderdag 5 maart 2026
  hu: (p) =>
    // 2026. március 5-én, csütörtökön
    `${p.year}. ${p.month} ${p.day}-${HU_DAY_SUFFIX[Number(p.day)] ?? 'én'}, ${HU_WEEKDAY_ON[p.weekday] ?? p.weekday}`,
};

/**
 * The promised next-update date as it reads in the promise sentence, in the
 * recipient's locale and time zone: "Thursday 5 March 2026", "torsdag 5. mars
 * 2026", "2026. március 5-én, csütörtökön". Throws a RangeError for an unknown
 * time zone.
 */
export function formatPromiseDate(date: Date, locale: Locale, timeZone: string): string {
  const key = `${locale}\u0000${timeZone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone,
    });
    dateFormatters.set(key, formatter);
  }
  const parts: DateParts = { weekday: '', day: '', month: '', year: '' };
  for (const part of formatter.formatToParts(date)) {
    if (part.type === 'weekday' || part.type === 'day' || part.type === 'month' || part.type === 'year') {
      parts[part.type] = part.value;
    }
  }
  return DATE_PATTERN[locale](parts);
}

// ---------------------------------------------------------------------------
// Rendering

function emailProps(input: VariantInput, values: Record<Slot, string>, recipientName: string): StatusUpdateEmailProps {
  return {
    locale: input.locale,
    organisation: input.organisation,
    situationTitle: input.situationTitle,
    updateNumber: input.updateNumber,
    subject: variantSubject(input),
    bodyMarkdown: input.bodyMarkdown,
    acknowledgement: input.acknowledgement,
    contactPoint: input.contactPoint,
    final: input.final,
    test: input.test ?? false,
    recipientName,
    greeting: values.greeting,
    promisedDate: values.promisedDate,
    statusUrl: values.statusUrl,
    unsubscribeUrl: values.unsubscribeUrl,
    replyTo: values.replyTo,
  };
}

async function renderBoth(props: StatusUpdateEmailProps): Promise<{ html: string; text: string }> {
  const element = createElement(StatusUpdateEmail, props);
  const [html, text] = await Promise.all([
    render(element),
    render(element, { plainText: true, htmlToTextOptions: PLAIN_TEXT_OPTIONS }),
  ]);
  // html-to-text leaves up to three line breaks between some blocks; one blank line reads better.
  // (Slot values never contain line breaks, so this cannot depend on the recipient.)
  return { html, text: text.replace(/\n{3,}/g, '\n\n').trim() };
}

function compile(kind: 'html' | 'text', rendered: string, tokenRe: RegExp, nonce: string): CompiledTemplate {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const m of rendered.matchAll(tokenRe)) {
    parts.push(rendered.slice(last, m.index));
    slots.push(m[1] as Slot);
    last = m.index + m[0].length;
  }
  parts.push(rendered.slice(last));
  // A token that came out altered (escaped, wrapped, upper-cased) would leave a
  // fragment of the nonce behind and the recipient would see it: refuse.
  if (parts.some((p) => p.includes(nonce))) {
    throw new Error(`renderVariant: a placeholder in the ${kind} part was altered by rendering`);
  }
  if (!slots.includes('greeting') || !slots.includes('statusUrl') || !slots.includes('unsubscribeUrl')) {
    throw new Error(`renderVariant: the ${kind} part lost a per-recipient placeholder`);
  }
  return { kind, parts, slots };
}

/**
 * Renders one (update, locale) variant once, with placeholders for the
 * per-recipient values, and splits it for {@link personalise}.
 */
export async function renderVariant(input: VariantInput): Promise<RenderedVariant> {
  // A fresh nonce per render: text an officer typed can never pose as a placeholder.
  const nonce = randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x');
  const token = (slot: Slot) => `%%tidings-${nonce}-${slot}%%`;
  const placeholders = Object.fromEntries(SLOTS.map((s) => [s, token(s)])) as Record<Slot, string>;
  if (input.final) placeholders.promisedDate = '';
  const tokenRe = new RegExp(`%%tidings-${nonce}-(${SLOTS.join('|')})%%`, 'g');
  const { html, text } = await renderBoth(emailProps(input, placeholders, ''));
  return {
    locale: input.locale,
    subject: variantSubject(input),
    html: compile('html', html, tokenRe, nonce),
    text: compile('text', text, tokenRe, nonce),
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

/**
 * The naive path: React renders the whole email for one recipient. Same output
 * as `personalise(await renderVariant(input), r)`; the benchmark compares them.
 */
export async function renderNaive(input: VariantInput, r: RecipientValues): Promise<PersonalisedEmail> {
  const values = recipientSlots(input.locale, input.final, r);
  const { html, text } = await renderBoth(emailProps(input, values, r.name));
  return { subject: variantSubject(input), html, text };
}
