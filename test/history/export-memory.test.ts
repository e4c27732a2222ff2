import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { cleanEnv, runTidings, waitForHealth, type Spawned } from '../helpers/process.ts';
import { seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';

const ROWS = 200_000;
const HEAP_MB = 96;
const t = useTestApp();
let server: Spawned;
let port = 0;
let token = '';
let updateId = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** The most memory the process has held resident so far, in MB (Linux's high-water mark). */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error('no VmHWM');
  return Number(m[1]) / 1024;
}

/** Reads the export to the end without keeping it, counting lines and bytes. */
async function drain(path: string): Promise<{ lines: number; bytes: number }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  return { lines, bytes };
}

beforeAll(async () => {
  token = (await t.userWithToken('auditor')).token;
  await seedContacts(t.deps.db, ROWS, 'mem');
  // An approved update marked sent, its deliveries written set-based below (a real send of this many would take minutes).
  const built = await buildUpdate(t, { until: 'approved' });
  updateId = built.updateId;
  await sql`UPDATE updates SET status = 'sent', number = 1, released_at = now(), sent_at = now() WHERE id = ${updateId}`.execute(t.deps.db);
  // Rows shaped like real ones: subject, SHA-256, provider id, promised date.
  await sql`
    INSERT INTO deliveries (update_id, contact_id, email, name, locale, timezone, contact_point_id, promised_at, status,
                            idempotency_key, subject, body_hash, provider_id, sent_at)
    SELECT ${updateId}, c.id, c.email, c.name, c.locale, c.timezone, ${built.contactPointId}, now() + interval '7 days', 'delivered',
           'k' || c.id, 'Update 1: Your membership during the restructuring', encode(sha256(c.email::bytea), 'hex'),
           gen_random_uuid()::text, now()
      FROM contacts c WHERE c.email LIKE 'mem%'`.execute(t.deps.db);
  port = await freePort();
  // A heap too small to hold the export: buffering it would end the process, streaming does not.
  server = runTidings(['serve'], cleanEnv({ DATABASE_URL: t.tdb.url, PORT: String(port), TIDINGS_SECRET: TEST_SECRET, LOG_LEVEL: 'warn', NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` }));
  await waitForHealth(port, 60_000, server);
}, 300_000);

afterAll(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
});

it(`streams a CSV export of ${ROWS.toLocaleString('en')} deliveries with steady memory`, async () => {
  // Warm up: load every module the export path uses, so the measurement sees only the rows.
  await drain(`/api/v1/deliveries.csv?update=${updateId}&status=bounced`);
  await drain(`/api/v1/deliveries.csv?email=mem1@example.org`);
  const before = peakRssMb(server.child.pid!);
  const { lines, bytes } = await drain(`/api/v1/deliveries.csv?update=${updateId}`);
  const after = peakRssMb(server.child.pid!);
  // The description line, the header, then one line per delivery.
  expect(lines).toBe(ROWS + 2);
  const exportMb = bytes / 1024 / 1024;
  expect(exportMb).toBeGreaterThan(40);
  expect(exportMb).toBeGreaterThan(HEAP_MB / 2);
  // Resident memory may grow by garbage awaiting collection, never by the export's size.
  console.log(`export of ${ROWS} rows: ${exportMb.toFixed(0)} MB; server peak RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB`);
  expect(after - before).toBeLessThan(exportMb);
  expect(server.child.exitCode).toBeNull();
}, 300_000);
