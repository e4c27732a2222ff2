import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
let auditor: Awaited<ReturnType<typeof t.userWithToken>>;
/** Situation A got updates a1 and a2 (to hist1..12); situation B got b1 (to hist1..6). */
const ids = { a: 0, b: 0, a1: 0, a2: 0, b1: 0 };

interface Row {
  id: number;
  updateId: number;
  email: string;
  status: string;
  subject: string;
  bodyHash: string;
  contactPoint: string;
  promisedAt: string;
  locale: string;
  situationTitle: string;
}

async function page(query: string): Promise<{ deliveries: Row[]; nextCursor: string | null }> {
  const res = await t.api(auditor.token, 'GET', `/api/v1/deliveries?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { deliveries: Row[]; nextCursor: string | null };
}

async function all(query: string, limit = 5): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const p = await page(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    rows.push(...p.deliveries);
    cursor = p.nextCursor;
  } while (cursor);
  return rows;
}

beforeAll(async () => {
  auditor = await t.userWithToken('auditor');
  await seedContacts(t.deps.db, 12, 'hist');
  const a = await baseScenario(t.deps.db);
  const b = await baseScenario(t.deps.db);
  const twelve = (await createSegment(t.deps.db, CLI_ACTOR, { name: 'hist all', rule: { all: [{ attribute: 'email', op: 'contains', value: 'hist' }] } })).segment;
  const six = (await createSegment(t.deps.db, CLI_ACTOR, { name: 'hist six', rule: { all: [{ attribute: 'email', op: 'contains', value: 'hist' }, { attribute: 'n', op: 'lt', value: 7 }] } })).segment;
  ids.a = a.situation.id;
  ids.b = b.situation.id;
  ids.a1 = (await buildUpdate(t, { situationId: a.situation.id, segmentIds: [twelve.id], contactPointId: a.cp.id, subject: 'A first' })).updateId;
  ids.a2 = (await buildUpdate(t, { situationId: a.situation.id, segmentIds: [twelve.id], contactPointId: a.cp.id, subject: 'A second' })).updateId;
  ids.b1 = (await buildUpdate(t, { situationId: b.situation.id, segmentIds: [six.id], contactPointId: b.cp.id, subject: 'B first' })).updateId;
  // Provider outcomes for the state filter.
  await sql`UPDATE deliveries SET status = 'bounced', bounce_type = 'hard' WHERE update_id = ${ids.a2} AND email IN ('hist3@example.org', 'hist4@example.org')`.execute(t.deps.db);
  await sql`UPDATE deliveries SET status = 'delivered' WHERE status = 'sent' AND update_id = ${ids.a1}`.execute(t.deps.db);
  // Spread the send times so a time window can pick one update.
  await sql`UPDATE deliveries SET sent_at = '2026-01-10T10:00:00Z' WHERE update_id = ${ids.a1}`.execute(t.deps.db);
  await sql`UPDATE updates SET sent_at = '2026-01-10T10:05:00Z', released_at = '2026-01-10T09:59:00Z' WHERE id = ${ids.a1}`.execute(t.deps.db);
});

describe('send history', () => {
  it('walks every delivery once, newest update first, across keyset pages', async () => {
    const rows = await all('');
    expect(rows).toHaveLength(12 + 12 + 6);
    expect(new Set(rows.map((r) => r.id)).size).toBe(30);
    expect(rows.map((r) => r.updateId)).toEqual([...Array(6).fill(ids.b1), ...Array(12).fill(ids.a2), ...Array(12).fill(ids.a1)]);
    const first = rows.find((r) => r.updateId === ids.a2 && r.email === 'hist5@example.org')!;
    expect(first).toMatchObject({ subject: 'Update 2: A second', contactPoint: 'Ingrid Dahl', locale: 'en' });
    expect(first.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.promisedAt).toMatch(/^\d{4}-/);
  });

  it('filters by situation, update, state and sending time', async () => {
    expect((await all(`situation=${ids.a}`)).map((r) => r.updateId).filter((u) => u === ids.b1)).toHaveLength(0);
    expect(await all(`situation=${ids.a}`)).toHaveLength(24);
    expect(await all(`update=${ids.b1}`)).toHaveLength(6);
    const bounced = await all('status=bounced');
    expect(bounced.map((r) => r.email).sort()).toEqual(['hist3@example.org', 'hist4@example.org']);
    expect(await all(`status=delivered&situation=${ids.b}`)).toHaveLength(0);
    const january = await all('from=2026-01-10&to=2026-01-11');
    expect(new Set(january.map((r) => r.updateId))).toEqual(new Set([ids.a1]));
    expect(january).toHaveLength(12);
  });

  it('finds one customer across every update by email, whatever the case', async () => {
    const rows = await all('email=HIST5@Example.org');
    expect(rows.map((r) => r.updateId)).toEqual([ids.b1, ids.a2, ids.a1]);
    expect(await all('email=nobody@example.org')).toEqual([]);
  });

  it('refuses bad filters with the parameter named', async () => {
    for (const [query, field] of [
      ['status=lost', 'status'],
      ['from=yesterday', 'from'],
      ['update=-3', 'update'],
      ['cursor=bm9wZQ', 'cursor'],
      ['limit=100000', 'limit'],
      ['from=2026-02-01&to=2026-01-01', 'from'],
    ] as const) {
      const res = await t.api(auditor.token, 'GET', `/api/v1/deliveries?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message, query).toContain(field);
    }
  });

  it('exports a view as CSV: a line describing the filter, a header, one row per delivery; the export is on the record', async () => {
    const res = await t.api(auditor.token, 'GET', `/api/v1/deliveries.csv?email=hist5@example.org&situation=${ids.a}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="tidings-history-.*\.csv"/);
    const text = await res.text();
    const [firstLine] = text.split('\n');
    expect(firstLine).toContain(`situation ${ids.a}`);
    expect(firstLine).toContain('email hist5@example.org');
    const records = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
    expect(records.map((r) => Number(r['update_id']))).toEqual([ids.a2, ids.a1]);
    expect(records[0]).toMatchObject({ email: 'hist5@example.org', subject: 'Update 2: A second', contact_point: 'Ingrid Dahl' });
    const entry = await t.deps.db.selectFrom('audit_log').select(['action', 'actor', 'details']).where('action', '=', 'history.export').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.actor).toContain(auditor.email);
    expect(JSON.stringify(entry.details)).not.toContain('hist5@');
    expect(entry.details).toMatchObject({ situationId: ids.a, contactIds: [expect.any(Number)] });
  });

  it('shows the history page to an auditor with filters, the record link and the export link', async () => {
    const s = await pageSession(t.app, auditor.email, auditor.password);
    const res = await s.get(`/history?email=hist5%40example.org`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('email hist5@example.org');
    expect(html).toContain(`/updates/${ids.a2}/recipient?email=hist5%40example.org`);
    expect(html).toContain('/history.csv?email=hist5%40example.org');
    expect(html).toContain('A second');
    const record = await (await s.get(`/updates/${ids.a2}/recipient?email=hist5%40example.org`)).text();
    const hash = (await t.deps.db.selectFrom('deliveries').select('body_hash').where('update_id', '=', ids.a2).where('email', '=', 'hist5@example.org').executeTakeFirstOrThrow()).body_hash!;
    for (const text of ['Update 2: A second', 'Ingrid Dahl, Head of member relations', hash, 'Every update this customer was sent', 'Bokklubben restructuring · update 2']) expect(record).toContain(text);
    const csv = await s.get('/history.csv?status=bounced');
    expect(csv.status).toBe(200);
    expect(parse(await csv.text(), { comment: '#', columns: true })).toHaveLength(2);
    const bad = await s.get('/history?status=lost');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('status must be one of');
  });
});
