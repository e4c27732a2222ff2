import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { CATALOGUES } from '../../i18n/translate.ts';
import { useTestApp } from '../helpers/app.ts';
import { rawKeysIn, readerText } from '../helpers/i18n.ts';
import { completeUpdate } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

// Issue 12: no page renders a raw key. Every staff page route the app has is
// visited (those without an id as they are, those with one with a record of
// their area), signed in as an admin reading Norwegian and one reading
// Hungarian. The namespaces come from the English catalogue at run time, so a
// namespace added later is covered too.

const t = useTestApp();

/** Routes that are not staff pages: the API, customers' and the provider's routes, files, and sign-in (checked by itself below). */
const NOT_STAFF_PAGES = /^\/(api|assets|webhooks|c|unsubscribe|login)(\/|$)|^\/(health|favicon\.ico|logout)$|\.(csv|json|html|js)$|\/html$/;

/** One record of each area, for the routes that need an id; a route under an area missing here fails the test, so it is not skipped unseen. */
const ids: Record<string, string[]> = {};

/** The page as a reader gets it, without <code>: that shows identifiers as they are (an audit action such as "auth.login" is data). */
const readable = (html: string) => readerText(html, { withoutCode: true });

function staffRoutes(): string[] {
  const paths = new Set<string>();
  for (const r of t.app.routes) if (r.method === 'GET' && !r.path.includes('*') && !NOT_STAFF_PAGES.test(r.path)) paths.add(r.path);
  const visits: string[] = [];
  for (const path of paths) {
    if (!path.includes(':')) {
      visits.push(path);
      continue;
    }
    const area = path.split('/')[1]!;
    const records = ids[area];
    if (!records?.length) throw new Error(`no record of the area "${area}" for ${path}: add one to this test`);
    for (const id of records) visits.push(path.replace(/:[a-zA-Z]+/, id));
  }
  return visits;
}

beforeAll(async () => {
  const sent = await buildUpdate(t, { newCustomers: { n: 3, prefix: 'rawkey' } });
  const draft = await createDraft(t.deps.db, CLI_ACTOR, sent.situationId, completeUpdate(sent.segmentIds[0]!, sent.contactPointId));
  const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'rawkey1@example.org').executeTakeFirstOrThrow();
  const message = await t.deps.db.selectFrom('outbox_messages').select('id').where('to_address', '=', 'rawkey1@example.org').executeTakeFirstOrThrow();
  const filed = await fileCustomerMessage(t.deps.db, {
    contactId: contact.id,
    situationId: sent.situationId,
    updateId: sent.updateId,
    contactPointId: sent.contactPointId,
    channel: 'email',
    from: 'rawkey1@example.org',
    to: 'reply@example.org',
    subject: 'When will my order arrive?',
    text: 'When will my order arrive?',
    visibleText: 'When will my order arrive?',
    classification: 'human',
  });
  const someone = await t.userWithToken('responder');
  Object.assign(ids, {
    situations: [String(sent.situationId)],
    updates: [String(sent.updateId), String(draft.id)],
    segments: [String(sent.segmentIds[0])],
    contacts: [String(contact.id)],
    'contact-points': [String(sent.contactPointId)],
    users: [String(someone.id)],
    outbox: [String(message.id)],
    inbox: [String(filed.conversationId)],
  });
});

describe.each(['nb', 'hu'])('every staff page, for an admin reading %s', (locale) => {
  it('answers 200 in that language, with no raw key anywhere', async () => {
    const admin = await t.userWithToken('admin');
    const s = await pageSession(t.app, admin.email, admin.password);
    expect((await s.post('/account/language', { locale })).status).toBe(200);
    const visits = [...staffRoutes(), `/updates/${ids['updates']![0]}/recipient?email=rawkey1%40example.org`];
    expect(visits.length).toBeGreaterThan(25);
    for (const path of visits) {
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
