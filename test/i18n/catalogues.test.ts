import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES, localeFromAcceptLanguage } from '../../i18n/locales.ts';
import { CATALOGUES, translator } from '../../i18n/translate.ts';
import { inLocale, t } from '../../i18n/current.ts';

const english = CATALOGUES.en as unknown as Record<string, Record<string, string>>;
const keysOf = (cat: Record<string, Record<string, string>>) => Object.entries(cat).flatMap(([ns, msgs]) => Object.keys(msgs).map((k) => `${ns}.${k}`));

/** The argument names a message uses, plurals and selects included. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) argumentsOf(option.value, into);
  }
  return into;
}

describe('the catalogues', () => {
  const englishKeys = keysOf(english).sort();

  it('hold several hundred keys, all of them in every language and no others', () => {
    expect(englishKeys.length).toBeGreaterThan(50);
    for (const locale of SUPPORTED_LOCALES) {
      expect(keysOf(CATALOGUES[locale] as unknown as Record<string, Record<string, string>>).sort(), locale).toEqual(englishKeys);
    }
  });

  it('parse as ICU messages and use exactly the arguments English uses, in every language', () => {
    for (const key of englishKeys) {
      const [ns = '', k = ''] = key.split('.');
      const expected = [...argumentsOf(parse(english[ns]![k]!, { ignoreTag: true }))].sort();
      for (const locale of SUPPORTED_LOCALES) {
        const text = (CATALOGUES[locale] as unknown as Record<string, Record<string, string>>)[ns]![k]!;
        expect(text.trim(), `${locale} ${key} is empty`).not.toBe('');
        expect([...argumentsOf(parse(text, { ignoreTag: true }))].sort(), `${locale} ${key}`).toEqual(expected);
      }
    }
  });

  it('are translated: most texts differ from English in each other language', () => {
    for (const locale of SUPPORTED_LOCALES.filter((l) => l !== 'en')) {
      const cat = CATALOGUES[locale] as unknown as Record<string, Record<string, string>>;
      const same = englishKeys.filter((key) => {
        const [ns = '', k = ''] = key.split('.');
        return cat[ns]![k] === english[ns]![k] && /[a-z]{4}/i.test(english[ns]![k]!.replace(/\{[^}]*\}/g, ''));
      });
      // Words such as "Status", "Admin" or "Inbox" are the same in several languages; whole sentences are not.
      expect(same.length / englishKeys.length, `${locale}: ${same.slice(0, 20).join(', ')}`).toBeLessThan(0.1);
    }
  });
});

describe('a translator', () => {
  it('fills arguments, formats plurals and numbers the language’s way', () => {
    expect(translator('en').t('statusUpdate.greeting', { name: 'Kari' })).toBe('Dear Kari,');
    expect(translator('nb').t('statusUpdate.promise', { date: 'torsdag 5. mars 2026' })).toBe('Vi skriver til deg igjen innen torsdag 5. mars 2026.');
    expect(translator('en').number(1234567)).toBe('1,234,567');
    expect(translator('sv').number(1234567)).toBe('1\u00a0234\u00a0567');
    expect(translator('hu').dateTime(new Date('2026-03-05T15:00:00Z'))).toMatch(/^2026\. márc\. 5\. 15:00 UTC$/);
  });

  it('follows the language it runs in, English outside', async () => {
    expect(t('layout.signOut')).toBe('Sign out');
    const inside = await inLocale('nl', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return t('layout.signOut');
    });
    expect(inside).toBe('Afmelden');
  });

  it('reads a browser’s Accept-Language by weight', () => {
    expect(localeFromAcceptLanguage('de-DE,sv;q=0.8,en;q=0.5')).toBe('sv');
    expect(localeFromAcceptLanguage('nn-NO')).toBe('nb');
    expect(localeFromAcceptLanguage('fr')).toBe('en');
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
    expect(localeFromAcceptLanguage('hu;q=0.2, nl;q=0.9')).toBe('nl');
  });
});
