/**
 * Checks that a page or email is in the language it should be: none of the
 * English sentences of its catalogue areas left, and no message key shown
 * instead of its text.
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

/** What a reader sees of some HTML: no scripts, styles, tags or addresses, entities decoded, spaces folded. */
export function readerText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' })[e]!)
    .replace(/\s+/g, ' ');
}

/** Message keys shown as text instead of their translation (only real keys count: "deliveries.csv" is a file). */
export function rawKeysIn(text: string): string[] {
  return [...text.matchAll(/\b[a-z][A-Za-z]*\.[a-z][A-Za-z0-9]*\b/g)].map((m) => m[0]).filter((k) => KEYS.has(k));
}

/** The English sentences of `namespaces` and the raw keys a page's HTML still shows; empty when it is all translated. */
export function englishLeft(html: string, ...namespaces: string[]): string[] {
  const text = readerText(html);
  return [...englishSentences(...namespaces).filter((s) => text.includes(s)), ...rawKeysIn(text)];
}
