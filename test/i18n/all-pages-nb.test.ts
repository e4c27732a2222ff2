import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../i18n/translate.ts';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';
import { staffPageVisits } from '../helpers/staff-pages.ts';

// Issue 12: every staff page in Norwegian, with none of the English sentences
// of any staff catalogue left on it. The pages are every staff page route the
// app has (test/helpers/staff-pages.ts), as in no-raw-keys.test.ts.

const t = useTestApp();

/** The namespaces customers read (their emails, status page and unsubscribe pages): an update's preview shows them in the update's language. */
const CUSTOMER_NAMESPACES = new Set(['portal', 'unsubscribe', 'answers', 'statusUpdate']);
const STAFF_NAMESPACES = Object.keys(CATALOGUES.en).filter((ns) => !CUSTOMER_NAMESPACES.has(ns));

/** What a page says outside its text: confirmations, labels for screen readers, tooltips and the words its scripts show. */
function attributeTexts(html: string): string {
  return [...html.matchAll(/\s(?:title|aria-label|data-confirm|placeholder|data-text-[a-z-]+)="([^"]*)"/g)].map((m) => m[1]).join(' | ');
}

let staffPages: string[];
beforeAll(async () => {
  staffPages = await staffPageVisits(t);
});

describe('every staff page, for an admin reading Norwegian', () => {
  it('is in Norwegian: no English sentence of any staff catalogue is left on it', async () => {
    const { session: s } = await pageSessionIn(t, 'admin', 'nb');
    const visits = [...staffPages, '/no-such-page'];
    expect(visits.length).toBeGreaterThan(25);
    const left: Record<string, string[]> = {};
    for (const path of visits) {
      let res = await s.get(path);
      if (res.status === 303 || res.status === 302) res = await s.get(res.headers.get('location')!);
      expect(res.status, path).toBe(path === '/no-such-page' ? 404 : 200);
      const html = await res.text();
      expect(html, path).toContain('<html lang="nb">');
      const english = [...englishLeft(html, ...STAFF_NAMESPACES), ...englishLeft(attributeTexts(html), ...STAFF_NAMESPACES)];
      if (english.length) left[path] = english;
    }
    expect(left).toEqual({});
  });
});
