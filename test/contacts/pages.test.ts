import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { importContacts } from '../../src/contacts/import.ts';
import { useTestApp } from '../helpers/app.ts';
import { chunked, signIn } from './helpers.ts';

const t = useTestApp();

async function seed(csv: string) {
  return importContacts(t.deps.db, CLI_ACTOR, { kind: 'csv', stream: chunked(csv, 1024) });
}

function page(path: string, cookie: string) {
  return t.app.request(`http://localhost${path}`, { headers: { cookie } });
}

function upload(session: { cookie: string; csrf: string }, csv: string, name = 'contacts.csv') {
  const form = new FormData();
  form.set('_csrf', session.csrf);
  form.set('file', new File([csv], name, { type: 'text/csv' }));
  return t.app.request('http://localhost/contacts/import', { method: 'POST', headers: { cookie: session.cookie }, body: form });
}

describe('contacts pages', () => {
  beforeEach(async () => {
    await sql`TRUNCATE contacts RESTART IDENTITY CASCADE`.execute(t.deps.db);
  });

  it('imports an uploaded file through the form and shows the counts and every rejected row', async () => {
    const officer = await t.userWithToken('officer');
    const session = await signIn(t, officer.email, officer.password);
    const form = await page('/contacts', session.cookie);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain('enctype="multipart/form-data"');
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('src="/assets/contacts.js"');

    const res = await upload(session, 'email,name,tier\nup1@example.org,Uma,gold\nup2@example.org,Ugo,\nnot-an-email,Nope,\nup1@example.org,Again,\n');
    expect(res.status).toBe(200);
    const result = await res.text();
    expect(result).toContain('2 created, 0 updated, 2 rejected');
    expect(result).toMatch(/<h3[^>]*>Rejected rows: not imported<\/h3>/);
    expect(result).toMatch(/role="alert"[^>]*>2 rows were not imported/);
    expect(result).toMatch(/<td>4<\/td><td class="mono">not-an-email<\/td><td>not a valid email address<\/td>/);
    expect(result).toMatch(/<td>5<\/td><td class="mono">up1@example.org<\/td><td>duplicate of row 2<\/td>/);
    // The list below the result already shows the new contacts.
    expect(result).toContain('>up1@example.org</a>');
    expect(result).toContain('>up2@example.org</a>');
    const rows = await t.deps.db.selectFrom('contacts').select(['email', 'name']).orderBy('id').execute();
    expect(rows).toEqual([
      { email: 'up1@example.org', name: 'Uma' },
      { email: 'up2@example.org', name: 'Ugo' },
    ]);
    const audit = await t.deps.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', 'contacts.import').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.actor).toBe(`user:${officer.id} ${officer.email}`);
    expect(audit.details).toMatchObject({ source: 'page:contacts.csv', created: 2, rejected: 2 });
  });

  it('explains a refused file on the page, and refuses a form without the CSRF field', async () => {
    const officer = await t.userWithToken('officer');
    const session = await signIn(t, officer.email, officer.password);
    const refused = await upload(session, 'mail,name\nx@example.org,X\n');
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(/role="alert" id="import-error">The file was not imported: the file has no &quot;email&quot; column.*found: &quot;mail&quot;, &quot;name&quot;/);

    const form = new FormData();
    form.set('file', new File(['email\ncsrf@example.org\n'], 'c.csv', { type: 'text/csv' }));
    const forged = await t.app.request('http://localhost/contacts/import', { method: 'POST', headers: { cookie: session.cookie }, body: form });
    expect(forged.status).toBe(403);
    expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
  });

  it('escapes HTML in names, emails of rejected rows and attributes', async () => {
    await seed('email,name,note\nxss@example.org,<script>alert(1)</script>,"<img src=x onerror=alert(2)>"\n');
    const auditor = await t.userWithToken('auditor');
    const session = await signIn(t, auditor.email, auditor.password);
    const list = await (await page('/contacts', session.cookie)).text();
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(list).not.toContain('<script>alert(1)');
    expect(list).not.toContain('<img src=x');
    const id = (await t.deps.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()).id;
    const detail = await (await page(`/contacts/${id}`, session.cookie)).text();
    expect(detail).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(detail).not.toContain('<script>alert(1)');

    const officer = await t.userWithToken('officer');
    const os = await signIn(t, officer.email, officer.password);
    const rejected = await (await upload(os, 'email,name\n<b>bold</b>@x,Y\n')).text();
    expect(rejected).toContain('&lt;b&gt;bold&lt;/b&gt;@x');
    expect(rejected).not.toContain('<b>bold</b>');
  });

  it('shows auditors the list without the import form and refuses their upload', async () => {
    await seed('email,name\nseen@example.org,Seen\n');
    const auditor = await t.userWithToken('auditor');
    const session = await signIn(t, auditor.email, auditor.password);
    const html = await (await page('/contacts', session.cookie)).text();
    expect(html).toContain('>seen@example.org</a>');
    expect(html).not.toContain('action="/contacts/import"');
    const res = await upload(session, 'email\nsneaky@example.org\n');
    expect(res.status).toBe(403);
    expect(await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'sneaky@example.org').execute()).toHaveLength(0);
  });

  it('searches by email or name, pages with a cursor, and shows a contact with its attributes', async () => {
    const lines = ['email,name,tier,score'];
    for (let i = 1; i <= 60; i++) lines.push(`c${String(i).padStart(2, '0')}@example.org,Customer ${i},${i % 2 ? 'gold' : 'silver'},${i}`);
    lines.push('percent@example.org,100% Sure_Thing,,');
    await seed(lines.join('\n'));
    const responder = await t.userWithToken('responder');
    const session = await signIn(t, responder.email, responder.password);

    const first = await (await page('/contacts', session.cookie)).text();
    expect(first).toContain('<strong>61</strong> contacts in total');
    expect(first).toContain('>c01@example.org</a>');
    expect(first).toContain('>c50@example.org</a>');
    expect(first).not.toContain('>c51@example.org</a>');
    expect(first).toMatch(/<span class="attr-name">tier<\/span>: gold/);
    const next = /href="(\/contacts\?cursor=[^"]+)" rel="next"/.exec(first)?.[1];
    expect(next).toBeTruthy();
    const second = await (await page(next!.replaceAll('&amp;', '&'), session.cookie)).text();
    expect(second).toContain('>c51@example.org</a>');
    expect(second).toContain('>percent@example.org</a>');
    expect(second).not.toContain('>c50@example.org</a>');
    expect(second).not.toContain('rel="next"');

    // Case-insensitive, on the name or the email; LIKE wildcards match literally.
    const byName = await (await page('/contacts?q=CUSTOMER%207', session.cookie)).text();
    expect(byName).toContain('>c07@example.org</a>');
    expect(byName).not.toContain('>c08@example.org</a>');
    const wild = await (await page(`/contacts?q=${encodeURIComponent('0%')}`, session.cookie)).text();
    expect(wild).toContain('>percent@example.org</a>');
    expect(wild).not.toContain('>c10@example.org</a>');
    const underscore = await (await page(`/contacts?q=${encodeURIComponent('_')}`, session.cookie)).text();
    expect(underscore).toContain('>percent@example.org</a>');
    expect(underscore).not.toContain('>c01@example.org</a>');
    const none = await (await page('/contacts?q=zzz', session.cookie)).text();
    expect(none).toContain('No contacts match this search.');

    const c07 = await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'c07@example.org').executeTakeFirstOrThrow();
    const detail = await page(`/contacts/${c07.id}`, session.cookie);
    expect(detail.status).toBe(200);
    const dh = await detail.text();
    expect(dh).toContain('<h1>Customer 7</h1>');
    expect(dh).toMatch(/<th scope="row">score<\/th><td>7<\/td><td>number<\/td>/);
    expect(dh).toMatch(/<th scope="row">tier<\/th><td>gold<\/td><td>text<\/td>/);
    expect((await page('/contacts/999999', session.cookie)).status).toBe(404);
  });

  it('lists, searches and pages through the API with an opaque cursor', async () => {
    const lines = ['email,name'];
    for (let i = 1; i <= 5; i++) lines.push(`api${i}@example.org,Api ${i}`);
    await seed(lines.join('\n'));
    const auditor = await t.userWithToken('auditor');
    const p1 = await (await t.api(auditor.token, 'GET', '/api/v1/contacts?limit=2')).json();
    expect(p1.contacts.map((c: { email: string }) => c.email)).toEqual(['api1@example.org', 'api2@example.org']);
    expect(p1.nextCursor).toEqual(expect.any(String));
    const p3 = await (await t.api(auditor.token, 'GET', `/api/v1/contacts?limit=2&cursor=${(await (await t.api(auditor.token, 'GET', `/api/v1/contacts?limit=2&cursor=${p1.nextCursor}`)).json()).nextCursor}`)).json();
    expect(p3).toMatchObject({ contacts: [{ email: 'api5@example.org', name: 'Api 5', locale: 'en', timezone: 'UTC', attributes: {} }], nextCursor: null });
    const search = await (await t.api(auditor.token, 'GET', '/api/v1/contacts?q=API%203')).json();
    expect(search.contacts.map((c: { email: string }) => c.email)).toEqual(['api3@example.org']);
    const one = await t.api(auditor.token, 'GET', `/api/v1/contacts/${search.contacts[0].id}`);
    expect(await one.json()).toMatchObject({ email: 'api3@example.org', unsubscribedAt: null });
    expect((await t.api(auditor.token, 'GET', '/api/v1/contacts/987654')).status).toBe(404);
    expect((await t.api(auditor.token, 'GET', '/api/v1/contacts?cursor=garbage')).status).toBe(400);

    const doc = await (await t.app.request('http://localhost/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/v1/contacts/import'].post.requestBody.content)).toEqual(['text/csv', 'application/json']);
    expect(doc.paths['/api/v1/contacts'].get).toBeDefined();
    expect(doc.paths['/api/v1/contacts/{id}'].get).toBeDefined();
  });
});
