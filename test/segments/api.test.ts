import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

let officer: { token: string; id: number };
let auditor: { token: string };
let responder: { token: string };

function deepRule(levels: number): unknown {
  let rule: Record<string, unknown> = { all: [{ attribute: 'tier', op: 'eq', value: 'gold' }] };
  for (let i = 1; i < levels; i++) rule = { any: [rule] };
  return rule;
}

async function auditFor(subjectId: number) {
  return t.deps.db.selectFrom('audit_log').select(['action', 'details', 'actor_user_id']).where('subject_type', '=', 'segment').where('subject_id', '=', String(subjectId)).orderBy('id').execute();
}

beforeAll(async () => {
  officer = await t.userWithToken('officer');
  auditor = await t.userWithToken('auditor');
  responder = await t.userWithToken('responder');
  // p1..p6 share attribute grp=p; p3 is bounced, p4 unsubscribed, p5 both, p6 suppressed under a different case.
  const rows = [
    { email: 'p1@example.org', name: 'P One', locale: 'nb', attributes: { grp: 'p', refund_claim: 10 } },
    { email: 'p2@example.org', name: 'P Two', locale: 'sv', attributes: { grp: 'p', refund_claim: 0 } },
    { email: 'p3@example.org', name: 'P Three', attributes: { grp: 'p' } },
    { email: 'p4@example.org', name: 'P Four', attributes: { grp: 'p' }, unsubscribed_at: new Date() },
    { email: 'p5@example.org', name: 'P Five', attributes: { grp: 'p' }, unsubscribed_at: new Date() },
    { email: 'P6@Example.org', name: 'P Six', attributes: { grp: 'p' } },
    { email: 'q1@example.org', name: 'Q One', attributes: { grp: 'q' } },
  ];
  await t.deps.db
    .insertInto('contacts')
    .values(rows.map((r) => ({ email: r.email, name: r.name, locale: r.locale ?? 'en', attributes: JSON.stringify(r.attributes), unsubscribed_at: r.unsubscribed_at ?? null })))
    .execute();
  await t.deps.db
    .insertInto('suppressions')
    .values([
      { email_lower: 'p3@example.org', reason: 'bounced', source: 'test' },
      { email_lower: 'p5@example.org', reason: 'complained', source: 'test' },
      { email_lower: 'p6@example.org', reason: 'manual', source: 'test' },
    ])
    .execute();
});

describe('segments API', () => {
  it('creates a rule segment, reads it back, lists it, and audits the write with the rule', async () => {
    const rule = { all: [{ attribute: 'grp', op: 'eq', value: 'p' }] };
    const res = await t.api(officer.token, 'POST', '/api/v1/segments', { name: 'Group P', rule });
    expect(res.status).toBe(201);
    const seg = await res.json();
    expect(seg).toMatchObject({ name: 'Group P', kind: 'rule', rule, createdBy: officer.id, archivedAt: null, unknownEmails: [] });

    const got = await t.api(officer.token, 'GET', `/api/v1/segments/${seg.id}`);
    expect(got.status).toBe(200);
    expect((await got.json()).rule).toEqual(rule);

    const list = await (await t.api(auditor.token, 'GET', '/api/v1/segments')).json();
    expect(list.segments.map((s: { name: string }) => s.name)).toContain('Group P');

    const audit = await auditFor(seg.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'segment.create', actor_user_id: officer.id, details: { name: 'Group P', kind: 'rule', rule } });
  });

  it('previews a saved segment: eligible, exclusions by reason (a contact both suppressed and unsubscribed counts once, as suppressed), sample', async () => {
    const seg = await (await t.api(officer.token, 'POST', '/api/v1/segments', { name: 'Preview P', rule: { all: [{ attribute: 'grp', op: 'eq', value: 'p' }] } })).json();
    const res = await t.api(officer.token, 'GET', `/api/v1/segments/${seg.id}/preview`);
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.eligible).toBe(2);
    expect(p.excluded).toEqual({ suppressed: 3, unsubscribed: 1 });
    expect(p.sample.map((s: { email: string }) => s.email)).toEqual(['p1@example.org', 'p2@example.org']);
    expect(Object.keys(p.sample[0]).sort()).toEqual(['email', 'id', 'locale', 'name']);
    expect(p.sample[0]).toMatchObject({ name: 'P One', locale: 'nb' });

    const small = await (await t.api(officer.token, 'GET', `/api/v1/segments/${seg.id}/preview?sample=1`)).json();
    expect(small.sample).toHaveLength(1);
    expect(small.eligible).toBe(2);
  });

  it('previews an unsaved rule with POST /segments/preview', async () => {
    const res = await t.api(officer.token, 'POST', '/api/v1/segments/preview', { rule: { all: [{ attribute: 'grp', op: 'eq', value: 'p' }, { attribute: 'refund_claim', op: 'gt', value: 5 }] } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ eligible: 1, excluded: { suppressed: 0, unsubscribed: 0 }, sample: [{ email: 'p1@example.org' }] });
  });

  it('refuses a duplicate name (case-insensitive) with 409 conflict', async () => {
    expect((await t.api(officer.token, 'POST', '/api/v1/segments', { name: 'Refund claims', rule: { all: [{ attribute: 'refund_claim', op: 'gt', value: 0 }] } })).status).toBe(201);
    const dup = await t.api(officer.token, 'POST', '/api/v1/segments', { name: '  refund CLAIMS ', rule: { all: [{ attribute: 'refund_claim', op: 'exists' }] } });
    expect(dup.status).toBe(409);
    const body = await dup.json();
    expect(body.error.code).toBe('conflict');
    expect(body.error.message).toMatch(/refund CLAIMS/);
  });

  it('lets the auditor and responder read and preview but not write', async () => {
    const seg = await (await t.api(officer.token, 'POST', '/api/v1/segments', { name: 'Read only check', rule: { all: [{ attribute: 'grp', op: 'eq', value: 'q' }] } })).json();
    const post = await t.api(auditor.token, 'POST', '/api/v1/segments', { name: 'Auditor try', rule: { all: [{ attribute: 'grp', op: 'exists' }] } });
    expect(post.status).toBe(403);
    expect((await post.json()).error.code).toBe('forbidden');
    expect((await t.api(auditor.token, 'PUT', `/api/v1/segments/${seg.id}`, { name: 'x' })).status).toBe(403);
    expect((await t.api(auditor.token, 'DELETE', `/api/v1/segments/${seg.id}`)).status).toBe(403);
    expect((await t.api(responder.token, 'POST', '/api/v1/segments', { name: 'Responder try', rule: { all: [{ attribute: 'grp', op: 'exists' }] } })).status).toBe(403);

    const preview = await t.api(auditor.token, 'GET', `/api/v1/segments/${seg.id}/preview`);
    expect(preview.status).toBe(200);
    expect((await preview.json()).eligible).toBe(1);
    expect((await t.api(auditor.token, 'POST', '/api/v1/segments/preview', { rule: { all: [{ attribute: 'grp', op: 'exists' }] } })).status).toBe(200);
    expect((await t.api(responder.token, 'GET', `/api/v1/segments/${seg.id}`)).status).toBe(200);
  });

  it('refuses a 100-level-deep rule with 400 and the limit in the message', async () => {
    for (const path of ['/api/v1/segments', '/api/v1/segments/preview']) {
      const res = await t.api(officer.token, 'POST', path, { name: 'Deep', rule: deepRule(100) });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.message).toBe('rule is nested 100 levels deep; the limit is 10');
    }
  });

  it('names the failing condition in validation errors', async () => {
    const res = await t.api(officer.token, 'POST', '/api/v1/segments', {
      name: 'Bad',
      rule: { all: [{ attribute: 'grp', op: 'eq', value: 'p' }, { any: [{ attribute: 'refund_claim', op: 'gt', value: [1] }] }] },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.message).toBe('rule.all[1].any[0].value: gt needs a number or a string, not a list');
    expect(body.error.details).toEqual([{ field: 'rule.all[1].any[0].value', message: 'gt needs a number or a string, not a list' }]);

    const noRule = await t.api(officer.token, 'POST', '/api/v1/segments', { name: 'Nothing' });
    expect(noRule.status).toBe(400);
    expect((await noRule.json()).error.message).toMatch(/^rule: is required/);
    const noName = await t.api(officer.token, 'POST', '/api/v1/segments', { name: '  ', rule: { all: [{ attribute: 'grp', op: 'exists' }] } });
    expect((await noName.json()).error.message).toBe('name: is required');
    const missing = await t.api(auditor.token, 'POST', '/api/v1/segments/preview', {});
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/^rule: is required/);
    const badPreview = await t.api(auditor.token, 'POST', '/api/v1/segments/preview', { rule: { all: [{ attribute: 'grp', op: 'like', value: 'p' }] } });
    expect(badPreview.status).toBe(400);
    expect((await badPreview.json()).error.message).toMatch(/^rule\.all\[0\]\.op: unknown operator "like"/);
  });

  it('creates a static list: known addresses become members (case-insensitive, duplicates once), unknown ones are reported', async () => {
    const res = await t.api(officer.token, 'POST', '/api/v1/segments', { name: 'Callback list', emails: ['p1@example.org', 'P2@EXAMPLE.ORG', 'nobody@example.org', 'p1@Example.org', 'p3@example.org', ' '] });
    expect(res.status).toBe(201);
    const seg = await res.json();
    expect(seg).toMatchObject({ kind: 'list', rule: null, memberCount: 3, unknownEmails: ['nobody@example.org'] });

    const p = await (await t.api(officer.token, 'GET', `/api/v1/segments/${seg.id}/preview`)).json();
    expect(p).toMatchObject({ eligible: 2, excluded: { suppressed: 1, unsubscribed: 0 } });

    const put = await t.api(officer.token, 'PUT', `/api/v1/segments/${seg.id}`, { emails: ['q1@example.org', 'ghost@example.org'] });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ memberCount: 1, unknownEmails: ['ghost@example.org'] });
    const p2 = await (await t.api(officer.token, 'GET', `/api/v1/segments/${seg.id}/preview`)).json();
    expect(p2.sample.map((s: { email: string }) => s.email)).toEqual(['q1@example.org']);

    const wrong = await t.api(officer.token, 'PUT', `/api/v1/segments/${seg.id}`, { rule: { all: [{ attribute: 'grp', op: 'exists' }] } });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toMatch(/static list/);

    const audit = await auditFor(seg.id);
    expect(audit.map((a) => a.action)).toEqual(['segment.create', 'segment.update']);
    expect(audit[0]!.details).toMatchObject({ kind: 'list', members: 3, unknownEmails: 1 });
  });

  it('updates (rename, new rule) and archives, auditing each write; an archived name can be reused', async () => {
    const seg = await (await t.api(officer.token, 'POST', '/api/v1/segments', { name: 'To change', rule: { all: [{ attribute: 'grp', op: 'eq', value: 'q' }] } })).json();
    const newRule = { any: [{ attribute: 'grp', op: 'eq', value: 'p' }, { attribute: 'grp', op: 'eq', value: 'q' }] };
    const put = await t.api(officer.token, 'PUT', `/api/v1/segments/${seg.id}`, { name: 'Changed', rule: newRule });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ name: 'Changed', rule: newRule });
    expect((await (await t.api(officer.token, 'GET', `/api/v1/segments/${seg.id}/preview`)).json()).eligible).toBe(3);

    const rename = await t.api(officer.token, 'PUT', `/api/v1/segments/${seg.id}`, { name: 'Group P' });
    expect(rename.status).toBe(409);

    expect((await t.api(officer.token, 'DELETE', `/api/v1/segments/${seg.id}`)).status).toBe(204);
    expect((await t.api(officer.token, 'DELETE', `/api/v1/segments/${seg.id}`)).status).toBe(404);
    const list = await (await t.api(officer.token, 'GET', '/api/v1/segments')).json();
    expect(list.segments.map((s: { id: number }) => s.id)).not.toContain(seg.id);
    const archived = await (await t.api(officer.token, 'GET', `/api/v1/segments/${seg.id}`)).json();
    expect(archived.archivedAt).not.toBeNull();
    expect((await t.api(officer.token, 'PUT', `/api/v1/segments/${seg.id}`, { name: 'Again' })).status).toBe(404);
    expect((await t.api(officer.token, 'POST', '/api/v1/segments', { name: 'Changed', rule: newRule })).status).toBe(201);

    const audit = await auditFor(seg.id);
    expect(audit.map((a) => a.action)).toEqual(['segment.create', 'segment.update', 'segment.archive']);
    expect(audit[1]!.details).toMatchObject({ name: 'Changed', previousName: 'To change', rule: newRule, previousRule: { all: [{ attribute: 'grp', op: 'eq', value: 'q' }] } });
    expect(audit[2]!.details).toMatchObject({ name: 'Changed', rule: newRule });
  });

  it('answers 404 for an unknown segment and documents the routes in OpenAPI', async () => {
    const res = await t.api(officer.token, 'GET', '/api/v1/segments/999999');
    expect(res.status).toBe(404);
    expect((await res.json()).error.message).toBe('segment 999999 not found');
    const doc = await (await t.app.request('/api/openapi.json')).json();
    for (const path of ['/api/v1/segments', '/api/v1/segments/{id}', '/api/v1/segments/{id}/preview', '/api/v1/segments/preview']) expect(doc.paths).toHaveProperty([path]);
  });
});
