import { CATALOGUES } from '../../i18n/translate.ts';
import type { Namespace } from '../../i18n/catalogue.ts';

/**
 * The English sentences of a namespace that a page in another language must
 * not show: texts longer than 12 characters with no placeholder (short words
 * such as "Status" or "Inbox" are the same in several languages).
 */
export function englishSentences(namespace: Namespace): string[] {
  return Object.values(CATALOGUES.en[namespace] as Record<string, string>).filter((text) => text.length > 12 && !text.includes('{'));
}

/** Those of `sentences` a page's HTML still contains. */
export function leftIn(html: string, sentences: string[]): string[] {
  return sentences.filter((s) => html.includes(s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')));
}
