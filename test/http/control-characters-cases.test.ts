import { beforeAll, describe, expect, it } from 'vitest';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { addSuppression } from '../../src/suppressions/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';

const t = useTestApp();
let token: string;
let session: PageSession;
let conversationId: number;

beforeAll(async () => {
  await seedContacts(t.deps.db, 2);
  const s = await baseScenario(t.deps.db);
  const filed = await fileCustomerMessage(t.deps.db, { contactId: 1, situationId: s.situation.id, updateId: null, contactPointId: s.cp.id, channel: 'email', from: 'c1@example.org', to: 'x@example.org', subject: 'A question', text: 'A question', visibleText: 'A question', classification: 'human' });
  conversationId = filed.conversationId;
  await addSuppression(t.deps.db, 'a@x.org', 'manual', null);
  const admin = await t.userWithToken('admin');
  token = admin.token;
  session = await pageSession(t.app, admin.email, admin.password);
});

const auditCount = async () => Number((await t.deps.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function refusal(res: Response): Promise<{ code: string; field: string; message: string }> {
  expect(res.status).toBe(400);
  const { error } = await res.json();
  return { code: error.code, field: error.details?.[0]?.field, message: error.message };
}

async function pagePost(path: string, form: Record<string, string>, type: 'urlencoded' | 'multipart' = 'urlencoded'): Promise<Response> {
  const fields = { ...form, _csrf: session.csrf };
  let body: URLSearchParams | FormData = new URLSearchParams(fields);
  if (type === 'multipart') {
    body = new FormData();
    for (const [k, v] of Object.entries(fields)) body.append(k, v);
  }
  const headers: Record<string, string> = { cookie: session.cookie, accept: 'application/json' };
  if (type === 'urlencoded') headers['content-type'] = 'application/x-www-form-urlencoded';
  return t.app.request('http://localhost' + path, { method: 'POST', headers, body });
}

describe('the reproductions of issue 11, item 7: refused with 400 invalid_input naming the field, nothing written', () => {
  it('POST /api/v1/situations {"title":"t\\u0000"}', async () => {
    const before = await auditCount();
    const res = await t.api(token, 'POST', '/api/v1/situations', { title: 't\u0000', summary: 'A summary' });
    expect(await refusal(res)).toMatchObject({ code: 'invalid_input', field: 'title', message: expect.stringContaining('U+0000 (NUL)') });
    expect(await t.deps.db.selectFrom('situations').select('id').where('title', 'like', 't%').execute()).toHaveLength(0);
    expect(await auditCount()).toBe(before);
  });

  it('GET /api/v1/contacts?q=%00', async () => {
    expect(await refusal(await t.api(token, 'GET', '/api/v1/contacts?q=%00'))).toMatchObject({ code: 'invalid_input', field: 'q' });
  });

  it('a segment rule value with \\u0000', async () => {
    const before = await auditCount();
    const res = await t.api(token, 'POST', '/api/v1/segments', { name: 'Gold', rule: { all: [{ attribute: 'tier', op: 'eq', value: 'gold\u0000' }] } });
    expect(await refusal(res)).toMatchObject({ code: 'invalid_input', field: 'rule.all.0.value' });
    expect(await t.deps.db.selectFrom('segments').select('id').where('name', '=', 'Gold').execute()).toHaveLength(0);
    expect(await auditCount()).toBe(before);
  });

  it('a follow-up note', async () => {
    const before = await auditCount();
    expect(await refusal(await pagePost(`/inbox/${conversationId}/flag`, { note: 'call her\u0000' }))).toMatchObject({ code: 'invalid_input', field: 'note' });
    expect(await auditCount()).toBe(before);
  });

  it('DELETE /api/v1/suppressions/a%00@x.org, while a@x.org stays suppressed', async () => {
    const res = await t.api(token, 'DELETE', '/api/v1/suppressions/a%00@x.org', { reason: 'asked us' });
    expect(await refusal(res)).toMatchObject({ code: 'invalid_input', field: 'path' });
    expect(await t.deps.db.selectFrom('suppressions').select('email_lower').where('email_lower', '=', 'a@x.org').execute()).toHaveLength(1);
  });
});

describe('which characters are refused', () => {
  it('tab, newline and the CRLF of a browser textarea are text: the situation is opened with them', async () => {
    const res = await pagePost('/situations', { title: 'Two\tcolumns', summary: 'First line\r\nSecond line\nThird' });
    expect(res.status).toBe(303);
    const s = await t.deps.db.selectFrom('situations').selectAll().where('title', '=', 'Two\tcolumns').executeTakeFirstOrThrow();
    expect(s.summary).toContain('Second line');
    expect((await t.api(token, 'POST', '/api/v1/situations', { title: 'JSON\tline', summary: 'a\r\nb\nc' })).status).toBe(201);
  });

  it('a lone carriage return, ESC, DEL and a C1 control are refused', async () => {
    for (const [text, name] of [['a\rb', 'U+000D'], ['\u001b[31mred', 'U+001B (ESC)'], ['a\u007f', 'U+007F (DEL)'], ['a\u0085b', 'U+0085']] as const) {
      const res = await t.api(token, 'POST', '/api/v1/situations', { title: 'Fine', summary: text });
      expect(await refusal(res)).toMatchObject({ code: 'invalid_input', field: 'summary', message: expect.stringContaining(name) });
    }
  });

  it('a key of a JSON object is checked too, and named printably', async () => {
    const res = await t.api(token, 'POST', '/api/v1/segments/preview', { rule: { all: [{ attribute: 'tier', op: 'eq', value: 'gold' }], 'x\u0000': 1 } });
    expect(await refusal(res)).toMatchObject({ code: 'invalid_input', field: 'rule.x\\u0000' });
  });

  it('multipart text fields are checked like urlencoded ones, before the handler writes anything', async () => {
    const before = await auditCount();
    expect(await refusal(await pagePost('/situations', { title: 'Multi\u0000part', summary: 'x' }, 'multipart'))).toMatchObject({ code: 'invalid_input', field: 'title' });
    expect(await auditCount()).toBe(before);
  });

  it('a NUL in the sign-in form is refused before a session or an audit entry is written', async () => {
    const before = await auditCount();
    const login = await t.app.request('http://localhost/login');
    const csrf = /tidings_csrf=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')![1]!;
    const res = await t.app.request('http://localhost/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tidings_csrf=${csrf}`, accept: 'application/json' },
      body: new URLSearchParams({ email: 'x\u0000@example.org', password: 'whatever', _csrf: csrf }),
    });
    expect(await refusal(res)).toMatchObject({ code: 'invalid_input', field: 'email' });
    expect(res.headers.get('set-cookie') ?? '').not.toContain('tidings_session');
    expect(await auditCount()).toBe(before);
  });
});

describe('CSV imports: a row with a control character is rejected with its reason, the others land', () => {
  it('over the API (the same domain function as `tidings import`)', async () => {
    const csv = ['email,name,notes', 'ok1@example.org,Ok One,fine', 'nul@example.org,Nul\u0000Name,x', 'esc@example.org,Esc,\u001b[2J', 'multi@example.org,Multi,"line one\r\nline two"', 'ok2@example.org,Ok Two,fine'].join('\n');
    const res = await t.api(token, 'POST', '/api/v1/contacts/import', csv, { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.created).toBe(3);
    expect(result.rejected).toEqual([
      { row: 3, email: 'nul@example.org', reason: 'column 2 contains the control character U+0000 (NUL); only tab and line breaks are allowed' },
      { row: 4, email: 'esc@example.org', reason: 'column 3 contains the control character U+001B (ESC); only tab and line breaks are allowed' },
    ]);
    const multi = await t.deps.db.selectFrom('contacts').select('attributes').where('email', '=', 'multi@example.org').executeTakeFirstOrThrow();
    expect(multi.attributes).toMatchObject({ notes: 'line one\r\nline two' });
  });

  it('a JSON import too: the row is rejected, not the whole body', async () => {
    const rows = [{ email: 'json1@example.org', name: 'Json One' }, { email: 'json2@example.org', name: 'Json\u0000Two' }, { email: 'json3@example.org', tier: 'gold\u0007' }];
    const res = await t.api(token, 'POST', '/api/v1/contacts/import', rows);
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result.created).toBe(1);
    expect(result.rejected).toEqual([
      { row: 2, email: 'json2@example.org', reason: 'name contains the control character U+0000 (NUL); only tab and line breaks are allowed' },
      { row: 3, email: 'json3@example.org', reason: 'value of "tier" contains the control character U+0007; only tab and line breaks are allowed' },
    ]);
  });
});
