import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { rawKeysIn, readerText } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';
import { staffPageVisits } from '../helpers/staff-pages.ts';

// Issue 12: no page renders a raw key. Every staff page route the app has is
// visited (test/helpers/staff-pages.ts), signed in as an admin reading
// Norwegian and one reading Hungarian. The namespaces come from the English
// catalogue at run time, so a namespace added later is covered too.

const t = useTestApp();

/** The page as a reader gets it, without <code>: that shows identifiers as they are (an audit action such as "auth.login" is data). */
const readable = (html: string) => readerText(html, { withoutCode: true });

let staffPages: string[];
beforeAll(async () => {
  staffPages = await staffPageVisits(t);
});

describe.each(['nb', 'hu'])('every staff page, for an admin reading %s', (locale) => {
  it('answers 200 in that language, with no raw key anywhere', async () => {
    const { session: s } = await pageSessionIn(t, 'admin', locale);
    expect(staffPages.length).toBeGreaterThan(25);
    for (const path of staffPages) {
      let res = await s.get(path);
      if (res.status === 303 || res.status === 302) res = await s.get(res.headers.get('location')!);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain(`<html lang="${locale}">`);
      expect(rawKeysIn(readable(html)), path).toEqual([]);
    }

    const missing = await s.get('/no-such-page');
    expect(missing.status).toBe(404);
    const notFound = await missing.text();
    expect(notFound).toContain(`<html lang="${locale}">`);
    expect(rawKeysIn(readable(notFound))).toEqual([]);
  });

  it('and the pages before sign-in, in the browser’s language', async () => {
    for (const path of ['/login', '/api/docs']) {
      const res = await t.app.request(`http://localhost${path}`, { headers: { 'accept-language': locale } });
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain(`<html lang="${locale}">`);
      expect(rawKeysIn(readable(html)), path).toEqual([]);
    }
  });
});
