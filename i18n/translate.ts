/**
 * The one translation mechanism for staff pages, customer pages and emails:
 * ICU MessageFormat (FormatJS) over one catalogue per language, with typed
 * keys. Messages that only fill in arguments are compiled to parts and joined
 * by hand, because greetings are filled in once per recipient on the send path;
 * plurals and selects go through IntlMessageFormat.
 */
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import type { ArgValue, MessageKey, Messages, ValuesArg } from './catalogue.ts';
import { en } from './en/index.ts';
import { hu } from './hu/index.ts';
import { INTL_LOCALE, type Locale } from './locales.ts';
import { nb } from './nb/index.ts';
import { nl } from './nl/index.ts';
import { sv } from './sv/index.ts';

export const CATALOGUES: Record<Locale, Messages> = { en, nb, sv, nl, hu };

/** A message split at its placeholders: text, or the name of an argument. */
export type MessagePart = string | { readonly arg: string };

type Compiled = { kind: 'parts'; parts: readonly MessagePart[] } | { kind: 'icu'; format: IntlMessageFormat };

export interface Translator {
  readonly locale: Locale;
  /** The BCP 47 tag Intl formats with, e.g. "nb-NO". */
  readonly intlLocale: string;
  /** The message `key` with its arguments filled in. */
  t<K extends MessageKey>(key: K, ...values: ValuesArg<K>): string;
  /** A message's text and argument slots, for filling slots with markup (a link, a bold name). */
  parts(key: MessageKey): readonly MessagePart[];
  /** A count as the language writes it: "1,234", "1 234". */
  number(n: number): string;
  /** A date and time for staff, in UTC and saying so. */
  dateTime(d: Date | null | undefined): string;
  /** A calendar date ("5 Mar 2026"), in `timeZone` (UTC unless given). */
  date(d: Date | null | undefined, timeZone?: string): string;
  /** A list joined the language's way: "a, b and c". */
  list(items: string[], type?: 'conjunction' | 'disjunction'): string;
}

/** The raw text of a key in one language; throws for a key that does not exist (a bug, not a translation gap). */
export function messageText(locale: Locale, key: string): string {
  const dot = key.indexOf('.');
  const namespace = (CATALOGUES[locale] as unknown as Record<string, Record<string, string> | undefined>)[key.slice(0, dot)];
  const text = namespace?.[key.slice(dot + 1)];
  if (typeof text !== 'string') throw new Error(`no message "${key}" in ${locale}`);
  return text;
}

function compile(locale: Locale, key: string): Compiled {
  const text = messageText(locale, key);
  const ast = parse(text, { ignoreTag: true });
  const simple = ast.every((el) => el.type === TYPE.literal || el.type === TYPE.argument);
  if (simple) {
    const parts = ast.map((el: MessageFormatElement): MessagePart => (el.type === TYPE.literal ? el.value : { arg: (el as { value: string }).value }));
    return { kind: 'parts', parts };
  }
  return { kind: 'icu', format: new IntlMessageFormat(ast, INTL_LOCALE[locale], undefined, { ignoreTag: true }) };
}

const translators = new Map<Locale, Translator>();

/** The translator for one language; cached, so compiled messages and formatters are shared. */
export function translator(locale: Locale): Translator {
  const cached = translators.get(locale);
  if (cached) return cached;
  const intlLocale = INTL_LOCALE[locale];
  const compiled = new Map<string, Compiled>();
  const compiledFor = (key: string): Compiled => {
    let c = compiled.get(key);
    if (!c) {
      c = compile(locale, key);
      compiled.set(key, c);
    }
    return c;
  };
  const numberFormat = new Intl.NumberFormat(intlLocale);
  const dateTimeFormat = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const dateFormats = new Map<string, Intl.DateTimeFormat>();
  // An argument as the language writes it, with the formatters made once per language, not per message.
  const display = (value: ArgValue | undefined): string =>
    value === undefined ? '' : typeof value === 'number' ? numberFormat.format(value) : value instanceof Date ? made.date(value) : value;
  const made: Translator = {
    locale,
    intlLocale,
    t(key, ...values) {
      const args = (values[0] ?? {}) as Record<string, ArgValue>;
      const c = compiledFor(key);
      if (c.kind === 'icu') return String(c.format.format(args));
      let out = '';
      for (const part of c.parts) out += typeof part === 'string' ? part : display(args[part.arg]);
      return out;
    },
    parts(key) {
      const c = compiledFor(key);
      if (c.kind === 'icu') throw new Error(`message "${key}" has plurals or selects; it cannot be split into parts`);
      return c.parts;
    },
    number: (n) => numberFormat.format(n),
    dateTime: (d) => (d ? `${dateTimeFormat.format(d)} UTC` : '—'),
    date(d, timeZone = 'UTC') {
      if (!d) return '—';
      let f = dateFormats.get(timeZone);
      if (!f) {
        f = new Intl.DateTimeFormat(intlLocale, { dateStyle: 'medium', timeZone });
        dateFormats.set(timeZone, f);
      }
      return f.format(d);
    },
    list: (items, type = 'conjunction') => new Intl.ListFormat(intlLocale, { type, style: 'long' }).format(items),
  };
  translators.set(locale, made);
  return made;
}
