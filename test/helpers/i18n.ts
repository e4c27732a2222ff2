/**
 * Checks that a page or email is in the language it should be: none of the
 * English sentences of its catalogue areas left, and no message key shown
 * instead of its text. The one copy of these checks for every test.
 */
import { CATALOGUES } from '../../i18n/translate.ts';

const english = CATALOGUES.en as unknown as Record<string, Record<string, string>>;
const KEYS = new Set(Object.entries(english).flatMap(([ns, messages]) => Object.keys(messages).map((k) => `${ns}.${k}`)));

/**
 * The English sentences of these namespaces that a text in another language
 * must not contain: longer than 12 characters, without placeholders (short
 * words such as "Status" or "Inbox" are the same in several languages).
 */
export function englishSentences(...namespaces: string[]): string[] {
  return namespaces.flatMap((ns) => {
    const messages = english[ns];
    if (!messages) throw new Error(`no namespace ${ns} in the English catalogue`);
    return Object.values(messages).filter((text) => text.length > 12 && !text.includes('{'));
  });
}

/** Text with the entities the renderer writes decoded (for an attribute value read out of HTML, too). */
export function decodeEntities(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e]!);
}

/**
 * The attributes whose values reach a reader: tooltips, names read out by a
 * screen reader, placeholders and field values, and the texts the page's
 * scripts show (a confirmation, a live count, a new row's name).
 */
const READ_ATTRIBUTES = /\s(?:title|alt|aria-label|placeholder|label|value|data-confirm|data-text-[a-z-]+)="([^"]*)"/g;

/**
 * What a reader sees of some HTML: its text and the attribute values that reach
 * a reader, without scripts, styles, tags or addresses, entities decoded,
 * spaces folded. `withoutCode` leaves out <code>, which shows identifiers as
 * they are (an audit action such as "auth.login" is data, not a key).
 */
export function readerText(html: string, options: { withoutCode?: boolean } = {}): string {
  let shown = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ');
  if (options.withoutCode) shown = shown.replace(/<code\b[\s\S]*?<\/code>/g, ' ');
  shown = shown.replace(/<[^>]+>/g, (tag) => ` ${[...tag.matchAll(READ_ATTRIBUTES)].map((m) => m[1]).join(' ')} `);
  return decodeEntities(shown).replace(/\s+/g, ' ');
}

/** Message keys shown as text instead of their translation (only real keys count: "deliveries.csv" is a file). */
export function rawKeysIn(text: string): string[] {
  return [...text.matchAll(/\b[a-z][A-Za-z]*\.[a-z][A-Za-z0-9]*\b/g)].map((m) => m[0]).filter((k) => KEYS.has(k));
}

/** The English sentences of `namespaces` and the raw keys a plain text (a text email, a page's reader text) still shows. */
export function englishLeftInText(text: string, ...namespaces: string[]): string[] {
  return [...englishSentences(...namespaces).filter((s) => text.includes(s)), ...rawKeysIn(text)];
}

/** The English sentences of `namespaces` and the raw keys a page's HTML still shows; empty when it is all translated. */
export function englishLeft(html: string, ...namespaces: string[]): string[] {
  return englishLeftInText(readerText(html), ...namespaces);
}
