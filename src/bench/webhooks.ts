import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { CLI_ACTOR } from '../audit/log.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { createSituation } from '../situations/queries.ts';
import { seedHistory } from './history.ts';
import { fmt, line, pass } from './report.ts';

/*
 * Webhook ingestion: signed events posted over real HTTP to the app in a
 * process of its own, 64 in flight, with replays, forged and stale events
 * interleaved; and, meanwhile, the latency of a staff write that goes on the
 * chain. The same load against one event per commit is the old figure.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const IN_FLIGHT = 64;

interface Post {
  headers: Record<string, string>;
  body: string;
  kind: 'event' | 'replay' | 'forged' | 'stale' | 'unknown';
}

/** Signs as Resend does (Svix / Standard Webhooks): HMAC-SHA256 over "id.timestamp.body" with the secret's bytes. */
function sign(secret: string, id: string, body: string, at = Math.floor(Date.now() / 1000)): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${at}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(at), 'svix-signature': `v1,${sig}` };
}

function event(type: string, emailId: string, deliveryId: number | null): string {
  const data: Record<string, unknown> = { email_id: emailId, created_at: new Date().toISOString(), to: ['reader@history.example.org'], subject: 'Update' };
  if (deliveryId !== null) data['tags'] = { delivery_id: String(deliveryId) };
  return JSON.stringify({ type, created_at: new Date().toISOString(), data });
}

async function startApp(dbUrl: string, config: Config, webhookSecret: string, batchLimit?: number): Promise<{ url: string; child: ChildProcess }> {
  const profile = process.env.TIDINGS_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TIDINGS_BENCH_PROFILE}/web`] : [];
  const args = [...profile, '--import', 'tsx', path.join(ROOT, 'src/bench/webhook-child.ts'), dbUrl, config.secret, webhookSecret, ...(batchLimit ? [String(batchLimit)] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const first: string = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the web process exited (${code})`)));
  });
  return { url: (JSON.parse(first) as { url: string }).url, child };
}

/** Posts every item with IN_FLIGHT requests in flight over kept-alive connections; counts the answers by kind and status. */
async function load(url: string, posts: Post[]): Promise<{ seconds: number; answers: Map<string, number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const target = new URL('/webhooks/resend', url);
  const answers = new Map<string, number>();
  let next = 0;
  const started = performance.now();
  const one = (p: Post) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(target, { method: 'POST', agent, headers: { ...p.headers, 'content-length': Buffer.byteLength(p.body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(p.body);
    });
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < posts.length) {
        const p = posts[next++]!;
        const status = await one(p);
        const k = `${p.kind} ${status}`;
        answers.set(k, (answers.get(k) ?? 0) + 1);
      }
    }),
  );
  agent.destroy();
  return { seconds: (performance.now() - started) / 1000, answers };
}

/** Creates situations one after another while `running()`: each a staff write with its own chain entry; returns the latencies in ms. */
async function staffWrites(db: Db, running: () => boolean): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; running(); i++) {
    const t0 = performance.now();
    await createSituation(db, CLI_ACTOR, { title: `During the load ${i}`, summary: '' });
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return times.sort((a, b) => a - b);
}

const p95 = (sorted: number[]) => sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? NaN;

async function round(db: Db, dbUrl: string, config: Config, secret: string, posts: Post[], batchLimit?: number) {
  const app = await startApp(dbUrl, config, secret, batchLimit);
  try {
    let done = false;
    const writes = staffWrites(db, () => !done);
    const result = await load(app.url, posts);
    done = true;
    return { ...result, writes: await writes };
  } finally {
    app.child.kill('SIGTERM');
  }
}

function build(secret: string, rows: { id: number; provider_id: string }[], tag: string): Post[] {
  const posts: Post[] = [];
  const events: Post[] = rows.map((r, i) => {
    const id = `msg_${tag}_${i}`;
    const body = event('email.delivered', r.provider_id, r.id);
    return { headers: sign(secret, id, body), body, kind: 'event' };
  });
  // Replays (1 in 10), forged and stale events (1 in 20 each way), events for an unknown email (1 in 100).
  events.forEach((e, i) => {
    posts.push(e);
    if (i % 10 === 0) posts.push({ ...e, kind: 'replay' });
    if (i % 20 === 5) posts.push({ headers: { ...e.headers, 'svix-id': `msg_${tag}_forged_${i}` }, body: e.body, kind: 'forged' });
    if (i % 20 === 15) {
      const id = `msg_${tag}_stale_${i}`;
      posts.push({ headers: sign(secret, id, e.body, Math.floor(Date.now() / 1000) - 3600), body: e.body, kind: 'stale' });
    }
    if (i % 100 === 50) {
      const body = event('email.delivered', `em_unknown_${tag}_${i}`, null);
      const id = `msg_${tag}_unknown_${i}`;
      posts.push({ headers: sign(secret, id, body), body, kind: 'unknown' });
    }
  });
  return posts;
}

export async function benchWebhooks(db: Db, dbUrl: string, config: Config, events: number): Promise<void> {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const naiveEvents = Math.max(1000, Math.round(events / 10));
  const { updates } = await seedHistory(db, events + naiveEvents, events + naiveEvents);
  await sql`UPDATE deliveries SET status = 'sent', last_event_at = NULL WHERE update_id = ${updates[0]!} AND status <> 'excluded'`.execute(db);
  const rows = (await sql<{ id: number; provider_id: string }>`SELECT id, provider_id FROM deliveries WHERE update_id = ${updates[0]!} AND provider_id IS NOT NULL ORDER BY id`.execute(db)).rows;
  const main = build(secret, rows.slice(0, events), 'main');
  const naive = build(secret, rows.slice(events), 'naive');
  const distinct = (posts: Post[]) => posts.filter((p) => p.kind === 'event' || p.kind === 'unknown').length;

  const before = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM delivery_events`.execute(db)).rows[0]!.n);
  const chainBefore = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db)).rows[0]!.n);
  const r = await round(db, dbUrl, config, secret, main);
  const stored = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM delivery_events`.execute(db)).rows[0]!.n) - before;
  const chainAfter = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db)).rows[0]!.n);
  const rate = main.length / r.seconds;
  const n = (k: string) => r.answers.get(k) ?? 0;
  line(`webhook posts, ${IN_FLIGHT} in flight (${fmt(main.length)})`, `${fmt(rate)} posts/s (${fmt(r.seconds, 1)} s)`, `target ≥ 5,000: ${pass(rate >= 5000)}; before: 484`);
  line('  distinct events stored once each', `${fmt(stored)} of ${fmt(distinct(main))}`, pass(stored === distinct(main) && n('event 200') + n('unknown 200') === distinct(main)));
  line('  replays answered 200, nothing stored', `${fmt(n('replay 200'))} of ${fmt(main.filter((p) => p.kind === 'replay').length)}`);
  line('  forged and stale refused (401)', `${fmt(n('forged 401') + n('stale 401'))} of ${fmt(main.filter((p) => p.kind === 'forged' || p.kind === 'stale').length)}`);
  line('  chain entries added (groups + staff writes)', `${fmt(chainAfter - chainBefore)}`, `for ${fmt(stored)} events and ${fmt(r.writes.length)} staff writes`);
  line('  a staff write on the chain meanwhile, p95', `${fmt(p95(r.writes), 1)} ms (${r.writes.length} writes)`, `target ≤ 200 ms: ${pass(p95(r.writes) <= 200)}`);

  const o = await round(db, dbUrl, config, secret, naive, 1);
  const oRate = naive.length / o.seconds;
  line(`one event per commit, same load (${fmt(naive.length)})`, `${fmt(oRate)} posts/s`, `grouped is ${fmt(rate / oRate, 1)}× faster`);
  line('  a staff write meanwhile, p95', `${fmt(p95(o.writes), 1)} ms`);

  const [verified, vSecs] = await (async () => {
    const t0 = performance.now();
    const v = await verifyAuditChain(db);
    return [v, (performance.now() - t0) / 1000] as const;
  })();
  line('record verifies after the load', verified.intact ? 'intact' : `BROKEN at ${verified.brokenAt?.id}`, `${fmt(verified.entries)} chain entries in ${fmt(vSecs, 1)} s`);
}
