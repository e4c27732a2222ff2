/**
 * The language of the request being served. The web app runs each request in
 * its reader's language (a signed-in user's own locale, a customer's contact
 * locale, or the browser's Accept-Language before sign-in), so a view anywhere
 * in the tree calls t() without threading a translator through every prop.
 * Outside a request (jobs, tests, the CLI) it is English; code that writes to
 * someone in particular (an email) uses translator(theirLocale) explicitly.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MessageKey, ValuesArg } from './catalogue.ts';
import type { Locale } from './locales.ts';
import { translator, type Translator } from './translate.ts';

const current = new AsyncLocalStorage<Translator>();

/** Runs `fn` (and everything it awaits) in `locale`. */
export function inLocale<T>(locale: Locale, fn: () => T): T {
  return current.run(translator(locale), fn);
}

/** The translator of the request being served (English outside one). */
export function tr(): Translator {
  return current.getStore() ?? translator('en');
}

/** The message `key` in the current language. */
export function t<K extends MessageKey>(key: K, ...values: ValuesArg<K>): string {
  return tr().t(key, ...values);
}
