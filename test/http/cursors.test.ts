import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
let token: string;
let session: PageSession;

beforeAll(async () => {
  await seedContacts(t.deps.db, 4);
  const s = await baseScenario(t.deps.db);
  await buildUpdate(t, { situationId: s.situation.id, segmentIds: [s.segment.id], contactPointId: s.cp.id });
  await t.deps.db
    .insertInto('suppressions')
    .values(['s1@example.org', 's2@example.org', 's3@example.org'].map((email) => ({ email_lower: email, reason: 'manual' as const, source: null })))
    .execute();
  const admin = await t.userWithToken('admin');
  token = admin.token;
  session = await pageSession(t.app, admin.email, admin.password);
});

/** Every keyset-paginated list, API and page, and where its next cursor is found. */
const KEYSET_ROUTES: { path: string; next(res: Response): Promise<string | null> }[] = [
  { path: '/api/v1/contacts', next: async (r) => (await r.json()).nextCursor },
  { path: '/api/v1/suppressions', next: async (r) => (await r.json()).nextCursor },
  { path: '/api/v1/deliveries', next: async (r) => (await r.json()).nextCursor },
  { path: '/api/v1/audit', next: async (r) => (await r.json()).nextCursor },
  { path: '/contacts', next: nextLink },
  { path: '/suppressions', next: nextLink },
  { path: '/history', next: nextLink },
  { path: '/audit', next: nextLink },
];

async function nextLink(res: Response): Promise<string | null> {
  const m = /[?&;]cursor=([A-Za-z0-9_-]+)/.exec(await res.text());
  return m ? m[1]! : null;
}

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const cursorOf = (value: unknown) => b64(JSON.stringify(value));

/** Well-formed cursors of one list, which every other list must refuse. */
const OTHER_LISTS: Record<string, string> = {
  contacts: cursorOf({ id: 1 }),
  history: cursorOf({ u: 1, c: 1 }),
  audit: cursorOf({ before: 1 }),
  suppressions: cursorOf({ at: '2026-01-01 00:00:00.5+00', email: 'a@x.org' }),
};
const listOf = (path: string) => (path.includes('contacts') ? 'contacts' : path.includes('suppressions') ? 'suppressions' : path.includes('audit') ? 'audit' : 'history');

const MALFORMED: Record<string, string> = {
  'not base64url': 'not*a*cursor!',
  'padded base64': `${b64('{"id":1}')}=`,
  'a space inside': `${b64('{"id":1}')} `,
  'not JSON': b64('not json'),
  'not UTF-8': Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('base64url'),
  'a JSON string': cursorOf('x'),
  'a JSON number': cursorOf(1),
  'JSON null': cursorOf(null),
  'a JSON array': cursorOf([1, 2]),
  'an empty object': cursorOf({}),
  'an id as text': cursorOf({ id: '1' }),
  'a fractional id': cursorOf({ id: 1.5 }),
  'a negative id': cursorOf({ id: -1 }),
  'an id beyond 2^53': cursorOf({ id: 1e300 }),
  'an unknown key beside an id': cursorOf({ id: 1, x: 2 }),
  'an id and a history key': cursorOf({ id: 1, u: 1 }),
  'suppressions with at "1" (the reported 500)': cursorOf({ at: '1', email: 'a@x.org' }),
  'suppressions with an ISO date but no time zone': cursorOf({ at: '2026-01-01T00:00:00', email: 'a@x.org' }),
  'suppressions with month 13': cursorOf({ at: '2026-13-01 00:00:00+00', email: 'a@x.org' }),
  'suppressions with 30 February': cursorOf({ at: '2026-02-30 00:00:00.123456+00', email: 'a@x.org' }),
  'suppressions with a NUL in the email': cursorOf({ at: '2026-01-01 00:00:00+00', email: 'a\u0000@x.org' }),
  'suppressions with a numeric email': cursorOf({ at: '2026-01-01 00:00:00+00', email: 5 }),
  'very long': b64(JSON.stringify({ id: 1, pad: 'x'.repeat(5000) })),
};

async function get(path: string): Promise<Response> {
  const api = path.startsWith('/api/');
  return t.app.request(`http://localhost${path}`, { headers: api ? { authorization: `Bearer ${token}` } : { cookie: session.cookie, accept: 'application/json' } });
}

describe('cursors of the keyset-paginated lists', () => {
  it('every malformed cursor on every keyset list answers 400 invalid_input naming cursor: no 500, no silent first page', async () => {
    const wrong: string[] = [];
    for (const route of KEYSET_ROUTES) {
      const others = Object.entries(OTHER_LISTS).filter(([list]) => list !== listOf(route.path)).map(([list, cursor]) => [`a cursor of ${list}`, cursor] as const);
      for (const [what, cursor] of [...Object.entries(MALFORMED), ...others]) {
        const res = await get(`${route.path}?limit=1&cursor=${encodeURIComponent(cursor)}`);
        const body = await res.text();
        let error: { code?: string; details?: { field?: string }[] } | undefined;
        try {
          error = JSON.parse(body).error;
        } catch {
          /* not JSON */
        }
        if (res.status !== 400 || error?.code !== 'invalid_input' || error.details?.[0]?.field !== 'cursor') wrong.push(`${route.path} ${what}: ${res.status} ${body.slice(0, 100)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the cursors a list gives out still lead to its next page, and an empty cursor is the first page', async () => {
    for (const route of KEYSET_ROUTES) {
      const api = route.path.startsWith('/api/');
      // The pages have fixed page sizes; the API pages by one row so there is a next page.
      const first = await get(`${route.path}?cursor=${api ? '&limit=1' : ''}`);
      expect(first.status, route.path).toBe(200);
      if (!api) continue;
      const cursor = await route.next(first);
      expect(cursor, route.path).toBeTruthy();
      const second = await get(`${route.path}?limit=1&cursor=${cursor}`);
      expect(second.status, route.path).toBe(200);
    }
  });

  it('a page link with a cursor the list gave out works on the page too', async () => {
    const res = await get('/api/v1/contacts?limit=1');
    const cursor = (await res.json()).nextCursor as string;
    expect((await get(`/contacts?cursor=${cursor}`)).status).toBe(200);
    const supp = (await (await get('/api/v1/suppressions?limit=1')).json()).nextCursor as string;
    expect((await get(`/suppressions?cursor=${supp}`)).status).toBe(200);
  });

  it('no GET route answers a malformed cursor with a 500', async () => {
    const seen = new Set<string>();
    const crashed: string[] = [];
    for (const r of t.app.routes) {
      if (r.method !== 'GET' || seen.has(r.path) || r.path === '/assets/:file') continue;
      seen.add(r.path);
      for (const cursor of [MALFORMED['not JSON']!, MALFORMED['suppressions with at "1" (the reported 500)']!]) {
        const res = await get(`${r.path.replace(/:[a-zA-Z]+(\{[^}]*\})?/g, '1')}?cursor=${cursor}`);
        if (res.status >= 500) crashed.push(`${r.path}: ${res.status}`);
      }
    }
    expect(seen.size).toBeGreaterThan(40);
    expect(crashed).toEqual([]);
  });
});
