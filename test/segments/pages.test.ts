import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { seedBuilderContacts } from './fixtures.ts';

const t = useTestApp();

function cookieFrom(res: Response, name: string): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [k, v] = pair!.split('=');
    if (k === name) return v;
  }
  return undefined;
}

interface Session {
  cookie: string;
  csrf: string;
}

async function login(role: 'officer' | 'auditor'): Promise<Session> {
  const user = await t.userWithToken(role);
  const page = await t.app.request('http://localhost/login');
  const csrf = cookieFrom(page, 'tidings_csrf')!;
  expect(csrf).toBeTruthy();
  const res = await t.app.request('http://localhost/login', {
    method: 'POST',
    headers: { cookie: `tidings_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: user.email, password: user.password, _csrf: csrf, next: '/' }).toString(),
  });
  expect(res.status).toBe(303);
  const session = cookieFrom(res, 'tidings_session')!;
  expect(session).toBeTruthy();
  const rotated = cookieFrom(res, 'tidings_csrf') ?? csrf; // signing in rotates the CSRF token
  return { cookie: `tidings_csrf=${rotated}; tidings_session=${session}`, csrf: rotated };
}

function get(s: Session, path: string) {
  return t.app.request(`http://localhost${path}`, { headers: { cookie: s.cookie } });
}

function post(s: Session, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ _csrf: s.csrf, ...fields }).toString(),
  });
}

let officer: Session;
let auditor: Session;

beforeAll(async () => {
  officer = await login('officer');
  auditor = await login('auditor');
  await seedBuilderContacts(t.deps.db);
});

describe('segment builder pages', () => {
  it('renders the builder with labelled fields, attribute suggestions and a live region', async () => {
    const res = await get(officer, '/segments/new');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<label for="attribute_0">Attribute</label>');
    expect(html).toContain('id="op_0"');
    expect(html).toContain('<label for="value_0">Value</label>');
    expect(html).not.toContain('id="attribute_1"');
    expect(html).toContain('<legend>Conditions</legend>');
    expect(html).toContain('<option value="refund_claim">');
    expect(html).toContain('<option value="locale">');
    expect(html).toMatch(/id="segment-live" role="status" aria-live="polite"/);
    expect(html).toContain('/assets/segments.js');
    expect(html).toContain('value="save"');
    expect(html).toContain('Advanced (JSON)');
  });

  it('"Add condition" re-renders the form with one more row, keeping what was typed', async () => {
    const res = await post(officer, '/segments/new', { action: 'add', rows: '1', name: 'Draft', kind: 'rule', match: 'any', attribute_0: 'tier', op_0: 'eq', value_0: 'gold' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="attribute_1"');
    expect(html).not.toContain('id="attribute_2"');
    expect(html).toMatch(/id="attribute_0" name="attribute_0" value="tier"/);
    expect(html).toMatch(/name="rows" value="2"/);
    expect(html).toMatch(/<option value="any" selected="">/);
    expect(html).toContain('value="Draft"');
  });

  it('"Preview" shows the count, exclusions by reason and a sample, without JavaScript', async () => {
    const res = await post(officer, '/segments/new', { action: 'preview', rows: '1', kind: 'rule', match: 'all', attribute_0: 'refund_claim', op_0: 'gt', value_0: '-1' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1 customer will receive this; 2 excluded (suppressed 1, unsubscribed 1)');
    expect(html).toContain('<caption>Left out, by reason</caption>');
    expect(html).toContain('ana@example.org');
    expect(html).not.toContain('ben@example.org</td>');
  });

  it('shows validation errors with role="alert", naming the condition', async () => {
    const res = await post(officer, '/segments/new', {
      action: 'preview',
      rows: '2',
      kind: 'rule',
      match: 'all',
      attribute_0: 'tier',
      op_0: 'eq',
      value_0: 'gold',
      attribute_1: 'refund_claim',
      op_1: 'gt',
      value_1: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p class="error" role="alert" id="segment-error">Condition 2, value: gt needs a number or a string<\/p>/);
    expect(html).toMatch(/id="value_1" name="value_1" value="" autocomplete="off" maxlength="2000" aria-invalid="true"/);

    const json = await post(officer, '/segments/new', { action: 'preview', rows: '1', kind: 'rule', json: '{"all": [{"attribute": "x", "op": "like", "value": 1}]}' });
    expect(json.status).toBe(400);
    expect(await json.text()).toContain('Advanced (JSON): rule.all[0].op: unknown operator &quot;like&quot;');
  });

  it('saves a segment (officer), then shows it with its preview; the JSON box takes precedence over rows', async () => {
    const res = await post(officer, '/segments/new', {
      action: 'save',
      rows: '1',
      name: 'Gold or Norwegian',
      kind: 'rule',
      match: 'all',
      attribute_0: 'ignored',
      op_0: 'exists',
      json: JSON.stringify({ any: [{ attribute: 'tier', op: 'eq', value: 'gold' }, { attribute: 'locale', op: 'eq', value: 'nb' }] }),
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/segments\/\d+\?saved=1$/);
    const id = Number(/\/segments\/(\d+)/.exec(location)![1]);
    const seg = await t.deps.db.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(seg.rule).toEqual({ any: [{ attribute: 'tier', op: 'eq', value: 'gold' }, { attribute: 'locale', op: 'eq', value: 'nb' }] });

    const page = await get(officer, location);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Segment saved.');
    expect(html).toContain('Segment: Gold or Norwegian');
    expect(html).toContain('1 customer will receive this; 1 excluded (suppressed 1, unsubscribed 0)');
    // A flat rule is shown as rows.
    expect(html).toMatch(/name="attribute_1" value="locale"/);

    const list = await (await get(auditor, '/segments')).text();
    expect(list).toContain(`<a href="/segments/${id}">Gold or Norwegian</a>`);
  });

  it('saves a static list from the textarea and reports unknown addresses', async () => {
    const res = await post(officer, '/segments/new', { action: 'save', rows: '1', name: 'Call list', kind: 'list', emails: 'ana@example.org\nCY@example.org\nwho@example.org\n' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('1 address matches no customer and was left out: who@example.org.');
    expect(html).toContain('1 customer will receive this; 1 excluded (suppressed 0, unsubscribed 1)');
    expect(html).toMatch(/<textarea id="seg-emails"[^>]*>ana@example.org\ncy@example.org<\/textarea>/);
  });

  it('lets an auditor preview but not save', async () => {
    const page = await (await get(auditor, '/segments/new')).text();
    expect(page).not.toContain('value="save"');
    const preview = await post(auditor, '/segments/new', { action: 'preview', rows: '1', kind: 'rule', match: 'all', attribute_0: 'tier', op_0: 'eq', value_0: 'gold' });
    expect(preview.status).toBe(200);
    const save = await post(auditor, '/segments/new', { action: 'save', rows: '1', name: 'Nope', kind: 'rule', match: 'all', attribute_0: 'tier', op_0: 'eq', value_0: 'gold' });
    expect(save.status).toBe(403);
    expect(await t.deps.db.selectFrom('segments').select('id').where('name', '=', 'Nope').executeTakeFirst()).toBeUndefined();
  });

  it('answers the live count as JSON for the page script (CSRF header)', async () => {
    const fields = { rows: '1', kind: 'rule', match: 'all', attribute_0: 'tier', op_0: 'eq', value_0: 'gold' };
    const res = await t.app.request('http://localhost/segments/preview.json', {
      method: 'POST',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ eligible: 1, excluded: { suppressed: 1, unsubscribed: 0 }, summary: '1 customer will receive this; 1 excluded (suppressed 1, unsubscribed 0)' });

    const bad = await t.app.request('http://localhost/segments/preview.json', {
      method: 'POST',
      headers: { cookie: officer.cookie, 'x-csrf-token': officer.csrf, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ ...fields, op_0: 'in', value_0: '' }).toString(),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^Condition 1, value: in needs/);

    const forged = await t.app.request('http://localhost/segments/preview.json', {
      method: 'POST',
      headers: { cookie: officer.cookie, 'x-csrf-token': 'wrong-token-wrong-token', 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
    });
    expect(forged.status).toBe(403);
  });
});
