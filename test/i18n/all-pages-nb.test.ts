import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { CATALOGUES } from '../../i18n/translate.ts';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft } from '../helpers/i18n.ts';
import { completeUpdate } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

// Issue 12: every staff page in Norwegian, with none of the English sentences
// of any staff catalogue left on it. The routes are the app's own, as in
// no-raw-keys.test.ts: those without an id as they are, those with one with a
// record of their area (a sent update, an approved one and a draft, so the
// composer, the review and the progress views are all seen).

const t = useTestApp();

/** Routes that are not staff pages: the API, customers' and the provider's routes, files, and sign-in. */
const NOT_STAFF_PAGES = /^\/(api|assets|webhooks|c|unsubscribe|login)(\/|$)|^\/(health|favicon\.ico|logout)$|\.(csv|json|html|js)$|\/html$/;

/** The namespaces customers read (their emails, status page and unsubscribe pages): an update's preview shows them in the update's language. */
const CUSTOMER_NAMESPACES = new Set(['portal', 'unsubscribe', 'answers', 'statusUpdate']);
const STAFF_NAMESPACES = Object.keys(CATALOGUES.en).filter((ns) => !CUSTOMER_NAMESPACES.has(ns));

const ids: Record<string, string[]> = {};

/** What a page says outside its text: confirmations, labels for screen readers, tooltips and the words its scripts show. */
function attributeTexts(html: string): string {
  return [...html.matchAll(/\s(?:title|aria-label|data-confirm|placeholder|data-text-[a-z-]+)="([^"]*)"/g)].map((m) => m[1]).join(' | ');
}

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
  const sent = await buildUpdate(t, { newCustomers: { n: 3, prefix: 'allnb' }, title: 'Lagerbrann' });
  const approved = await buildUpdate(t, { situationId: sent.situationId, segmentIds: sent.segmentIds, contactPointId: sent.contactPointId, until: 'approved' });
  const draft = await createDraft(t.deps.db, CLI_ACTOR, sent.situationId, { ...completeUpdate(sent.segmentIds[0]!, sent.contactPointId), contactPointId: null });
  const contact = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'allnb1@example.org').executeTakeFirstOrThrow();
  const message = await t.deps.db.selectFrom('outbox_messages').select('id').where('to_address', '=', 'allnb1@example.org').executeTakeFirstOrThrow();
  const filed = await fileCustomerMessage(t.deps.db, {
    contactId: contact.id,
    situationId: sent.situationId,
    updateId: sent.updateId,
    contactPointId: sent.contactPointId,
    channel: 'email',
    from: 'allnb1@example.org',
    to: 'reply@example.org',
    subject: 'Når kommer bestillingen min?',
    text: 'Når kommer bestillingen min?',
    visibleText: 'Når kommer bestillingen min?',
    classification: 'human',
  });
  const someone = await t.userWithToken('responder');
  Object.assign(ids, {
    situations: [String(sent.situationId)],
    updates: [String(sent.updateId), String(approved.updateId), String(draft.id)],
    segments: [String(sent.segmentIds[0])],
    contacts: [String(contact.id)],
    'contact-points': [String(sent.contactPointId)],
    users: [String(someone.id)],
    outbox: [String(message.id)],
    inbox: [String(filed.conversationId)],
  });
});

describe('every staff page, for an admin reading Norwegian', () => {
  it('is in Norwegian: no English sentence of any staff catalogue is left on it', async () => {
    const admin = await t.userWithToken('admin');
    const s = await pageSession(t.app, admin.email, admin.password);
    expect((await s.post('/account/language', { locale: 'nb' })).status).toBe(200);
    const visits = [...staffRoutes(), `/updates/${ids['updates']![0]}/recipient?email=allnb1%40example.org`, '/no-such-page'];
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
