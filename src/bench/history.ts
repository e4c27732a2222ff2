import pino from 'pino';
import { sql } from 'kysely';
import { CLI_ACTOR } from '../audit/log.ts';
import { openSession } from '../auth/sessions.ts';
import { createUser } from '../auth/users.ts';
import { createContactPoint } from '../contact-points/queries.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { createApp } from '../web.ts';
import type { Jobs } from '../jobs.ts';
import { createSituation } from '../situations/queries.ts';

type Line = (label: string, value: string, target?: string) => void;
type Fmt = (n: number, digits?: number) => string;

const PAGE = 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function ms<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - started) / 1e6];
}

/**
 * Seeds `total` deliveries set-based: one situation whose updates each went to
 * every seeded contact (a day apart), with realistic subjects, hashes,
 * provider ids and a spread of outcomes.
 */
export async function seedHistory(db: Db, total: number, perUpdate: number): Promise<{ updates: number[]; situationId: number }> {
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM contacts`.execute(db)).rows[0]!.n);
  if (have < perUpdate) {
    await sql`
      INSERT INTO contacts (email, name, locale, timezone, attributes)
      SELECT 'reader' || g || '@history.example.org', 'Reader ' || g, (ARRAY['nb','sv','nl','hu','en'])[1 + g % 5], 'Europe/Oslo', '{}'
        FROM generate_series(1, ${perUpdate - have}) AS g`.execute(db);
  }
  const situation = await createSituation(db, CLI_ACTOR, { title: 'Benchmark history', summary: '' });
  const cp = await createContactPoint(db, CLI_ACTOR, { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid.history@bokklubben.example.org', phone: '+47 22 12 34 56' });
  const count = Math.ceil(total / perUpdate);
  // Bulk load as a DBA would: secondary indexes off during the insert, rebuilt once after
  // (from their own definitions, so the schema stays the migrations').
  const indexes = (
    await sql<{ name: string; def: string }>`
      SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
       WHERE i.tablename = 'deliveries' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(db)
  ).rows;
  for (const ix of indexes) await sql`DROP INDEX ${sql.id(ix.name)}`.execute(db);
  const updates: number[] = [];
  const firstDay = Date.now() - (count + 1) * 86_400_000;
  const seedOne = async (i: number) => {
    const released = new Date(firstDay + i * 86_400_000);
    const n = Math.min(perUpdate, total - i * perUpdate);
    const u = await db
      .insertInto('updates')
      .values({
        situation_id: situation.id,
        number: i + 1,
        status: 'sent',
        contact_point_id: cp.id,
        ack_kind: 'apology',
        ack_text: 'We are sorry.',
        next_update_at: new Date(released.getTime() + 7 * 86_400_000),
        content: JSON.stringify({ en: { subject: `Update ${i + 1}`, body: 'Body' } }),
        released_at: released,
        sent_at: new Date(released.getTime() + 3_600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Sent in claim order over an hour, as a real send goes out; outcomes: 1 in 100 bounced, 1 in 500 complained, 1 in 200 excluded, 1 in 50 sent without a delivery event yet.
    await sql`
      INSERT INTO deliveries (update_id, contact_id, email, name, locale, timezone, contact_point_id, promised_at, status, reason, bounce_type,
                             provider_id, idempotency_key, subject, body_hash, created_at, sent_at, last_event_at)
      SELECT ${u.id}, c.id, c.email, c.name, c.locale, c.timezone, ${cp.id}, ${new Date(released.getTime() + 7 * 86_400_000)},
             s.status, CASE WHEN s.status = 'excluded' THEN 'unsubscribed' END, CASE WHEN s.status = 'bounced' THEN 'hard' END,
             CASE WHEN s.status <> 'excluded' THEN 'em_' || ${u.id} || '_' || c.id END, 'b' || ${u.id} || '-' || c.id,
             'Update ' || ${i + 1} || ': what the restructuring means for your membership', md5(c.email || ${u.id}) || md5(c.email),
             ${released}, CASE WHEN s.status <> 'excluded' THEN ${released}::timestamptz + (c.rn * 3600.0 / ${n}) * interval '1 second' END,
             CASE WHEN s.status <> 'excluded' THEN ${released}::timestamptz + (c.rn * 3600.0 / ${n} + 5) * interval '1 second' END
        FROM (SELECT id, email, name, locale, timezone, row_number() OVER (ORDER BY id) AS rn FROM contacts ORDER BY id LIMIT ${n}) c
        CROSS JOIN LATERAL (SELECT CASE WHEN c.id % 500 = 7 THEN 'complained' WHEN c.id % 100 = 3 THEN 'bounced' WHEN c.id % 200 = 11 THEN 'excluded'
                                        WHEN c.id % 50 = 13 THEN 'sent' ELSE 'delivered' END AS status) s`.execute(db);
    updates[i] = Number(u.id);
  };
  for (let i = 0; i < count; i++) await seedOne(i);
  await db.connection().execute(async (c) => {
    await sql`SET maintenance_work_mem = '1GB'`.execute(c);
    for (const ix of indexes) await sql.raw(ix.def).execute(c);
  });
  await sql`VACUUM ANALYZE deliveries`.execute(db);
  await sql`ANALYZE updates`.execute(db);
  return { updates, situationId: Number(situation.id) };
}

/** History pages and exports at `total` deliveries, against OFFSET pagination measured in the same run. */
export async function benchHistory(db: Db, config: Config, total: number, out: { line: Line; fmt: Fmt; pass: (ok: boolean) => string }): Promise<void> {
  const { line, fmt, pass } = out;
  const perUpdate = Math.min(1_000_000, total);
  const started = Date.now();
  const { updates, situationId } = await seedHistory(db, total, perUpdate);
  line(`seeded ${fmt(total)} deliveries (${updates.length} updates)`, `${fmt((Date.now() - started) / 1000, 1)} s`);

  const app = createApp({ db, config, log: pino({ level: 'silent' }), jobs: {} as Jobs });
  const user = await createUser(db, CLI_ACTOR, { email: `auditor-${Date.now()}@bench.example.org`, name: 'Bench auditor', role: 'auditor', password: 'bench password bench' });
  const full = await db.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
  const cookie = `tidings_session=${await openSession(db, full, {})}`;
  const get = async (path: string) => {
    const res = await app.request(`http://localhost${path}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return res.text();
  };

  // Cursors at random depths, taken from real rows so they are the ones the pages hand out.
  const maxId = Number((await sql<{ m: string }>`SELECT max(id) AS m FROM deliveries`.execute(db)).rows[0]!.m);
  const minId = Number((await sql<{ m: string }>`SELECT min(id) AS m FROM deliveries`.execute(db)).rows[0]!.m);
  const cursorAt = async (): Promise<string> => {
    const r = await db.selectFrom('deliveries').select(['contact_id', 'update_id']).where('id', '>=', Math.floor(minId + Math.random() * (maxId - minId))).orderBy('id').limit(1).executeTakeFirstOrThrow();
    return Buffer.from(JSON.stringify({ u: Number(r.update_id), c: Number(r.contact_id) })).toString('base64url');
  };
  const contactEmail = async () =>
    (await db.selectFrom('contacts').select('email').where('id', '>=', Math.floor(1 + Math.random() * perUpdate)).orderBy('id').limit(1).executeTakeFirstOrThrow()).email;
  const anyUpdate = () => updates[Math.floor(Math.random() * updates.length)]!;
  const releasedAt = new Map((await db.selectFrom('updates').select(['id', 'released_at']).where('id', 'in', updates).execute()).map((u) => [Number(u.id), u.released_at!]));
  const day = (u: number) => releasedAt.get(u)!;

  const kinds: Record<string, () => Promise<string>> = {
    'first page, no filter': async () => '/history',
    'deep page, no filter': async () => `/history?cursor=${await cursorAt()}`,
    'one situation, deep page': async () => `/history?situation=${situationId}&cursor=${await cursorAt()}`,
    'one update, deep page': async () => {
      const c = await cursorAt();
      const { u } = JSON.parse(Buffer.from(c, 'base64url').toString()) as { u: number };
      return `/history?update=${u}&cursor=${c}`;
    },
    'customer by email, all updates': async () => `/history?email=${encodeURIComponent(await contactEmail())}`,
    'state bounced, all updates': async () => `/history?status=bounced&cursor=${await cursorAt()}`,
    'state complained, one update': async () => `/history?status=complained&update=${anyUpdate()}`,
    'one hour of sending': async () => {
      const from = new Date(day(anyUpdate()).getTime() + 1_800_000);
      return `/history?from=${from.toISOString()}&to=${new Date(from.getTime() + 3_600_000).toISOString()}`;
    },
    // Few rows of a large update, far from where (update, contact) order starts: the case a BRIN index on sent_at is for.
    'first 5 minutes of one update': async () => {
      const from = day(anyUpdate());
      return `/history?from=${from.toISOString()}&to=${new Date(from.getTime() + 300_000).toISOString()}`;
    },
  };
  await get('/history'); // warm-up: modules, plans, caches
  const all: number[] = [];
  const perKind: [string, number][] = [];
  for (const [kind, path] of Object.entries(kinds)) {
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const p = await path();
      const [, t] = await ms(() => get(p));
      times.push(t);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    perKind.push([kind, percentile(times, 95)]);
  }
  all.sort((a, b) => a - b);
  const p95 = percentile(all, 95);
  line(`history page p95 (${all.length} loads, ${perKind.length} kinds, ${PAGE} rows)`, `${fmt(p95, 1)} ms (median ${fmt(percentile(all, 50), 1)} ms)`, `target ≤ 100 ms: ${pass(p95 <= 100)}`);
  for (const [kind, t] of perKind) line(`  p95 ${kind}`, `${fmt(t, 1)} ms`);

  // The naive page: OFFSET to the same depth, measured on the query alone.
  const offsets: number[] = [];
  for (let i = 0; i < 5; i++) {
    const depth = Math.floor(Math.random() * total);
    const [, t] = await ms(() => sql`SELECT d.id FROM deliveries d JOIN updates u ON u.id = d.update_id ORDER BY d.update_id DESC, d.contact_id DESC OFFSET ${depth} LIMIT ${PAGE}`.execute(db));
    offsets.push(t);
  }
  offsets.sort((a, b) => a - b);
  const deepKeyset = perKind.find(([k]) => k === 'deep page, no filter')![1];
  line('naive deep page (OFFSET, query only, median of 5)', `${fmt(percentile(offsets, 50), 1)} ms`, `keyset page is ${fmt(percentile(offsets, 50) / deepKeyset, 1)}× faster`);

  // Export: one update's deliveries streamed as CSV through the page route.
  const exportUpdate = updates[updates.length - 1]!;
  const exportRows = Math.min(perUpdate, total - (updates.length - 1) * perUpdate);
  const [bytes, exportMs] = await ms(async () => {
    const res = await app.request(`http://localhost/history.csv?update=${exportUpdate}`, { headers: { cookie } });
    let n = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) n += chunk.length;
    return n;
  });
  const rate = exportRows / (exportMs / 1000);
  line(`CSV export of ${fmt(exportRows)} rows`, `${fmt(rate)} rows/s`, `(${fmt(exportMs / 1000, 1)} s, ${fmt(bytes / 1048576)} MB)`);
  // The naive export: OFFSET pages of the same size. It slows as it goes deeper, so the sample is the deepest rows.
  const sample = Math.min(100_000, exportRows);
  const [, naiveMs] = await ms(async () => {
    for (let offset = exportRows - sample; offset < exportRows; offset += 2_000) {
      await sql`SELECT d.* FROM deliveries d WHERE d.update_id = ${exportUpdate} ORDER BY d.contact_id DESC OFFSET ${offset} LIMIT 2000`.execute(db);
    }
  });
  const naiveRate = sample / (naiveMs / 1000);
  line(`naive export (OFFSET pages), deepest ${fmt(sample)} rows`, `${fmt(naiveRate)} rows/s`, `streamed keyset export is ${fmt(rate / naiveRate, 1)}× faster`);
}
