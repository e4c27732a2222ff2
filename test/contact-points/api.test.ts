import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

const ingrid = { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@example.org', phone: '+47 22 12 34 56' };

describe('contact points API', () => {
  it('creates, reads, replaces and archives a contact point, each on the audit record', async () => {
    const officer = await t.userWithToken('officer');
    const created = await t.api(officer.token, 'POST', '/api/v1/contact-points', ingrid);
    expect(created.status).toBe(201);
    const cp = await created.json();
    expect(cp).toMatchObject({ ...ingrid, workingHours: null, userId: null });

    const replaced = await t.api(officer.token, 'PUT', `/api/v1/contact-points/${cp.id}`, { ...ingrid, phone: '+47 99 99 99 99', workingHours: 'Mon–Fri 9–16' });
    expect(replaced.status).toBe(200);
    expect((await replaced.json()).phone).toBe('+47 99 99 99 99');

    const list = await (await t.api(officer.token, 'GET', '/api/v1/contact-points')).json();
    expect(list.contactPoints.map((p: { name: string }) => p.name)).toEqual(['Ingrid Dahl']);

    expect((await t.api(officer.token, 'DELETE', `/api/v1/contact-points/${cp.id}`)).status).toBe(204);
    expect((await (await t.api(officer.token, 'GET', '/api/v1/contact-points')).json()).contactPoints).toEqual([]);
    expect((await t.api(officer.token, 'DELETE', `/api/v1/contact-points/${cp.id}`)).status).toBe(404);

    const actions = (await t.deps.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'contact_point').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['contact_point.create', 'contact_point.update', 'contact_point.archive']);
  });

  it('names the field that is wrong, and refuses line breaks in values that end up in mail headers', async () => {
    const officer = await t.userWithToken('officer');
    const missing = await t.api(officer.token, 'POST', '/api/v1/contact-points', { ...ingrid, phone: undefined });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.message).toMatch(/^phone/);

    const injected = await t.api(officer.token, 'POST', '/api/v1/contact-points', { ...ingrid, name: 'Ingrid\r\nBcc: everyone@example.org' });
    expect(injected.status).toBe(400);
    expect((await injected.json()).error.message).toMatch(/name.*one line/);

    const badEmail = await t.api(officer.token, 'POST', '/api/v1/contact-points', { ...ingrid, email: 'not-an-address' });
    expect(badEmail.status).toBe(400);
    expect((await badEmail.json()).error.details[0].field).toBe('email');

    const notJson = await t.api(officer.token, 'POST', '/api/v1/contact-points', '{"name": ', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe('validation_failed');
  });

  it('links a contact point to a responder who answers in tidings, but not to an auditor', async () => {
    const officer = await t.userWithToken('officer');
    const responder = await t.userWithToken('responder');
    const auditor = await t.userWithToken('auditor');
    const ok = await t.api(officer.token, 'POST', '/api/v1/contact-points', { ...ingrid, userId: responder.id });
    expect(ok.status).toBe(201);
    const bad = await t.api(officer.token, 'POST', '/api/v1/contact-points', { ...ingrid, userId: auditor.id });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/auditor/);
  });

  it('answers 404 in the error shape for an unknown contact point', async () => {
    const officer = await t.userWithToken('officer');
    const res = await t.api(officer.token, 'GET', '/api/v1/contact-points/999999');
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: 'not_found' });
  });

  it('documents the routes in the OpenAPI document and on the reference page', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/contact-points', '/api/v1/contact-points/{id}', '/api/v1/audit/verify']));
    const page = await (await t.app.request('/api/docs')).text();
    expect(page).toContain('POST /api/v1/contact-points');
  });
});
