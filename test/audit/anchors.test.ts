import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR, recordAudit } from '../../src/audit/log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { cleanEnv, runTidings } from '../helpers/process.ts';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

async function addEntries(n: number, action = 'test.entry') {
  for (let i = 0; i < n; i++) await t.deps.db.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action, details: { i } }));
}

describe('anchors', () => {
  it('answers the head of the chain, which the audit page shows for an auditor to copy', async () => {
    const auditor = await t.userWithToken('auditor');
    const res = await t.api(auditor.token, 'GET', '/api/v1/audit/verify');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { head: { seq: number; hash: string }; keyedFrom: number | null };
    const last = await t.deps.db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(body.head).toEqual({ seq: last.id, hash: last.hash });

    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      paths: Record<string, { get: { parameters?: { name: string }[] } }>;
    };
    expect(Object.keys(doc.components.schemas['AuditVerification']!.properties)).toEqual(expect.arrayContaining(['head', 'keyedFrom', 'anchor']));
    expect(doc.paths['/api/v1/audit/verify']!.get.parameters?.map((p) => p.name)).toContain('anchor');

    const s = await pageSession(t.app, auditor.email, auditor.password);
    const head = await t.deps.db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    const html = await (await s.get('/audit')).text();
    expect(html).toContain(`${head.id}:${head.hash}`);
  });

  it('finds the newest entries cut off after an anchor was noted, which the chain alone cannot', async () => {
    await addEntries(3);
    const auditor = await t.userWithToken('auditor');
    const noted = ((await (await t.api(auditor.token, 'GET', '/api/v1/audit/verify')).json()) as { head: { seq: number; hash: string } }).head;
    const anchor = `${noted.seq}:${noted.hash}`;
    let res = await t.api(auditor.token, 'GET', `/api/v1/audit/verify?anchor=${anchor}`);
    expect(await res.json()).toMatchObject({ intact: true, anchor: { seq: noted.seq, hash: noted.hash, holds: true } });

    await addEntries(2, 'test.after_anchor');
    // Someone with the database removes everything from the anchored entry on.
    const su = new pg.Client({ connectionString: t.tdb.url });
    await su.connect();
    await su.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await su.query('DELETE FROM audit_log WHERE id >= $1', [noted.seq - 1]);
    await su.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    await su.end();

    expect(await verifyAuditChain(t.deps.db)).toMatchObject({ intact: true });
    res = await t.api(auditor.token, 'GET', `/api/v1/audit/verify?anchor=${anchor}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { intact: boolean; brokenAt: { id: number; reason: string }; anchor: { holds: boolean } };
    expect(body).toMatchObject({ intact: false, brokenAt: { id: noted.seq }, anchor: { holds: false } });
    expect(body.brokenAt.reason).toMatch(/cut back after the anchor/);

    const s = await pageSession(t.app, auditor.email, auditor.password);
    const page = await (await s.get(`/audit?verify=1&anchor=${anchor}`)).text();
    expect(page).toMatch(new RegExp(`Broken at entry ${noted.seq}: no longer exists`));

    const cli = runTidings(['audit', 'verify', '--anchor', anchor], cleanEnv({ DATABASE_URL: t.tdb.url, TIDINGS_SECRET: TEST_SECRET }));
    await cli.exited;
    expect(cli.output()).toMatch(new RegExp(`broken at entry ${noted.seq}: .*cut back after the anchor`));
    const ok = runTidings(['audit', 'verify'], cleanEnv({ DATABASE_URL: t.tdb.url, TIDINGS_SECRET: TEST_SECRET }));
    await ok.exited;
    expect(ok.output()).toMatch(/intact: \d+ entries, keyed from entry \d+; head \d+:[0-9a-f]{64}/);
  });

  it('refuses a malformed anchor with 400', async () => {
    const auditor = await t.userWithToken('auditor');
    for (const bad of ['12', '12:zz', 'x:' + 'a'.repeat(64), '0:' + 'a'.repeat(64), '5:' + 'a'.repeat(63)]) {
      const res = await t.api(auditor.token, 'GET', `/api/v1/audit/verify?anchor=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
    }
    const s = await pageSession(t.app, auditor.email, auditor.password);
    expect((await s.get('/audit?verify=1&anchor=12:zz')).status).toBe(400);
    const cli = runTidings(['audit', 'verify', '--anchor', '12:zz'], cleanEnv({ DATABASE_URL: t.tdb.url, TIDINGS_SECRET: TEST_SECRET }));
    expect(await cli.exited).not.toBe(0);
    expect(cli.output()).toMatch(/anchor must be SEQ:HASH/);
  });
});
