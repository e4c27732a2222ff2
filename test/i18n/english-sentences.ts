import { CATALOGUES } from '../../i18n/translate.ts';

/**
 * The English sentences of some namespaces (longer than 12 characters, without
 * placeholders or plurals): none of them may appear on a page meant to be in
 * another language.
 */
export function englishSentences(namespaces: string[]): string[] {
  const en = CATALOGUES.en as unknown as Record<string, Record<string, string> | undefined>;
  return namespaces.flatMap((ns) => {
    const messages = en[ns];
    if (!messages) throw new Error(`no namespace ${ns} in the English catalogue`);
    return Object.values(messages).filter((text) => text.length > 12 && !text.includes('{'));
  });
}
