import { describe, expect, it } from 'vitest';
import { CLI_ACTOR, recordAudit } from '../../src/audit/log.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

describe('the audit log page', () => {
  it('checks the chain on request, and pages older entries with the same filter but without re-checking', async () => {
    for (let i = 0; i < 51; i++) await t.deps.db.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action: 'paging.entry', details: { i } }));
    const auditor = await t.userWithToken('auditor');
    const session = await pageSession(t.app, auditor.email, auditor.password);

    const first = await (await session.get('/audit?action=paging.&verify=1')).text();
    expect(first).toMatch(/id="verify-result">\s*Intact: \d+ entries, every link holds./);
    expect(first).toContain('/audit.csv?action=paging.');
    const link = /href="\/audit\?([^"]+)">Older entries/.exec(first);
    expect(link).not.toBeNull();
    const params = new URLSearchParams(link![1]!.replaceAll('&amp;', '&'));
    expect(params.get('action')).toBe('paging.');
    expect(params.has('verify')).toBe(false);

    const second = await (await session.get(`/audit?${params.toString()}`)).text();
    expect(second).not.toContain('id="verify-result"');
    expect(second.match(/<code>paging.entry<\/code>/g)).toHaveLength(1);
    expect(second).toContain('End of the record');
    expect((await session.get('/audit?from=garbage')).status).toBe(400);
  });
});
