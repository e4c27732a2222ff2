/**
 * A role's journey through the product in one language: every page it visits
 * is checked with axe and photographed into test/e2e/screenshots/<journey>/
 * (or $JOURNEY_SCREENSHOTS), with a pages.txt listing what was visited.
 */
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { MessageKey, ValuesArg } from '../../i18n/catalogue.ts';
import { INTL_LOCALE, type Locale } from '../../i18n/locales.ts';
import { translator } from '../../i18n/translate.ts';
import { rawKeysIn } from '../helpers/i18n.ts';
import { expectAccessible, type BrowserContext } from './browser.ts';

export const SCREENSHOTS = process.env['JOURNEY_SCREENSHOTS'] ?? join(import.meta.dirname, 'screenshots');

export interface Journey {
  page: Page;
  lang: Locale;
  /** The text a person reads in this journey's language. */
  T<K extends MessageKey>(key: K, ...values: ValuesArg<K>): string;
  /** Checks the page as it stands (axe, html lang, no raw keys) and photographs it. */
  step(name: string): Promise<void>;
  /** The side bar's link to `key`. */
  nav(key: MessageKey): ReturnType<Page['getByRole']>;
}

export async function startJourney(ctx: BrowserContext, name: string, lang: Locale): Promise<Journey> {
  const folder = join(SCREENSHOTS, `${name}-${lang}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const context = await ctx.browser.newContext({ baseURL: ctx.baseUrl, locale: INTL_LOCALE[lang], viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const tr = translator(lang);
  let n = 0;
  const T = ((key: MessageKey, ...values: unknown[]) => (tr.t as (k: MessageKey, ...v: unknown[]) => string)(key, ...values)) as Journey['T'];
  return {
    page,
    lang,
    T,
    nav: (key) => page.getByRole('navigation', { name: T('layout.mainNav') }).getByRole('link', { name: T(key as never), exact: true }),
    async step(stepName) {
      await page.waitForLoadState('load');
      const url = new URL(page.url());
      const expectedLang = url.pathname.startsWith('/api/') ? 'en' : lang;
      expect(await page.locator('html').getAttribute('lang'), `lang of ${url.pathname}`).toBe(expectedLang);
      const text = (await page.locator('body').innerText()) ?? '';
      expect(rawKeysIn(text), `raw message keys on ${url.pathname}`).toEqual([]);
      await expectAccessible(page);
      n += 1;
      await page.screenshot({ path: join(folder, `${String(n).padStart(2, '0')}-${stepName}.png`), fullPage: true });
      appendFileSync(join(folder, 'pages.txt'), `${stepName}\t${url.pathname}${url.search}\n`);
    },
  };
}
