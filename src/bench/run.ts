import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { Resend } from 'resend';
import { CLI_ACTOR } from '../audit/log.ts';
import { importContacts } from '../contacts/import.ts';
import { createContactPoint } from '../contact-points/queries.ts';
import type { Config } from '../config.ts';
import { createDb, type Db } from '../db/connection.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { releaseUpdate } from '../updates/release.ts';
import { personalise, type RecipientValues } from '../sending/personalise.ts';
import { renderNaive, renderVariant, type VariantInput } from '../sending/render.ts';
import { createSegment, previewRule } from '../segments/queries.ts';
import { createSituation } from '../situations/queries.ts';
import { createDraft } from '../updates/compose.ts';
import { benchHistory } from './history.ts';

export interface BenchOptions {
  contacts: number;
  importRows: number;
  send: number;
  rate: number;
  rateSeconds: number;
  /** Sending processes (`tidings worker`s) for the unlimited run. */
  senders: number;
  /** Deliveries seeded for the history measurements. */
  deliveries: number;
  /** Run only this section (it seeds what it needs). */
  only?: 'history' | undefined;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const line = (label: string, value: string, target = '') => console.log(`  ${label.padEnd(46)} ${value.padEnd(30)} ${target}`);
const pass = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  return fn().then((r) => [r, Number(process.hrtime.bigint() - started) / 1e9]);
}

const SAMPLE_VARIANT: VariantInput = {
  locale: 'nb',
  organisation: 'Bokklubben',
  situationTitle: 'Bokklubbens rekonstruksjon',
  updateNumber: 3,
  subject: 'Dette betyr rekonstruksjonen for medlemskapet ditt',
  bodyMarkdown: 'Bokklubben er under **rekonstruksjon**. Medlemskapet ditt fortsetter som før.\n\n- Bestillinger før 1. mars blir levert\n- Tilgodelapper gjelder fortsatt\n- Refusjonskrav behandles i mottatt rekkefølge\n\nLes mer på [bokklubben.no](https://bokklubben.example.org/rekonstruksjon).',
  acknowledgement: { kind: 'both', text: 'Vi beklager usikkerheten dette skaper, og takker for tålmodigheten din.' },
  contactPoint: { name: 'Ingrid Dahl', role: 'Leder for medlemsservice', phone: '+47 22 12 34 56', email: 'ingrid.dahl@bokklubben.example.org' },
  final: false,
};

function recipient(i: number): RecipientValues {
  return {
    name: `Kari Nordmann ${i}`,
    statusUrl: `https://tidings.example.org/c/s${i.toString(36)}.abcdef.0123456789abcdefghijklmnopq`,
    unsubscribeUrl: `https://tidings.example.org/unsubscribe/u${i.toString(36)}.abcdef.0123456789abcdefghijklmnopq`,
    replyTo: 'ingrid.dahl@bokklubben.example.org',
    promisedDate: 'torsdag 5. mars 2026',
  };
}

async function scratchDatabase(config: Config): Promise<{ url: string; drop: () => Promise<void>; embedded?: EmbeddedServer }> {
  let embedded: EmbeddedServer | undefined;
  let adminUrl = config.databaseUrl;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres(config.home);
    adminUrl = embedded.url;
  }
  const name = `tidings_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    embedded,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await embedded?.stop();
    },
  };
}

interface FakeProcess {
  url: string;
  control: string;
  child: ChildProcess;
  stats(): Promise<{ calls: number; status429: number; accepted: number; extraCopies: number; recipients: number; rss: number }>;
  setRateLimit(rps: number | null): Promise<void>;
  reset(): Promise<void>;
}

/** The loopback provider runs as its own process so its work is not counted as ours. */
async function startFakeProvider(): Promise<FakeProcess> {
  const profile = process.env.TIDINGS_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TIDINGS_BENCH_PROFILE}/provider`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'test/fakes/serve.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const first: string = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`the fake provider exited (${code})`)));
  });
  const { url, control } = JSON.parse(first) as { url: string; control: string };
  return {
    url,
    control,
    child,
    stats: async () => (await fetch(`${control}/stats`)).json() as never,
    setRateLimit: async (rps) => void (await fetch(`${control}/rate-limit${rps ? `?rps=${rps}` : ''}`)),
    reset: async () => void (await fetch(`${control}/reset`)),
  };
}

async function* csvRows(n: number): AsyncGenerator<Uint8Array> {
  const enc = new TextEncoder();
  yield enc.encode('email,name,locale,timezone,refund_claim,voucher_balance,magazine_subscriber,club\n');
  const locales = ['nb', 'sv', 'nl', 'hu', 'en'];
  const zones = ['Europe/Oslo', 'Europe/Stockholm', 'Europe/Amsterdam', 'Europe/Budapest', 'Europe/London'];
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `import${i}@members.example.org,Member ${i},${locales[i % 5]},${zones[i % 5]},${i % 7 === 0 ? 250 : 0},${i % 400},${i % 3 === 0},fiction\n`;
    if (chunk.length > 64 * 1024) {
      yield enc.encode(chunk);
      chunk = '';
    }
  }
  if (chunk) yield enc.encode(chunk);
}

async function seedContacts(db: Db, n: number): Promise<void> {
  await sql`
    INSERT INTO contacts (email, name, locale, timezone, attributes)
    SELECT 'member' || g || '@members.example.org', 'Member ' || g,
           (ARRAY['nb','sv','nl','hu','en'])[1 + g % 5],
           (ARRAY['Europe/Oslo','Europe/Stockholm','Europe/Amsterdam','Europe/Budapest','Europe/London'])[1 + g % 5],
           jsonb_build_object('refund_claim', CASE WHEN g % 7 = 0 THEN 50 + g % 900 ELSE 0 END,
                              'voucher_balance', g % 400,
                              'magazine_subscriber', g % 3 = 0,
                              'club', (ARRAY['crime','fiction','history','children','poetry'])[1 + g % 5],
                              'member_since', 1995 + g % 31)
      FROM generate_series(1, ${n}) AS g`.execute(db);
  await sql`ANALYZE contacts`.execute(db);
}

async function approvedUpdateTo(db: Db, rule: unknown, name: string): Promise<number> {
  const situation = await createSituation(db, CLI_ACTOR, { title: `Benchmark ${name}`, summary: '' });
  const cp = await createContactPoint(db, CLI_ACTOR, { name: 'Ingrid Dahl', role: 'Head of member relations', email: 'ingrid@bokklubben.example.org', phone: '+47 22 12 34 56' });
  const { segment } = await createSegment(db, CLI_ACTOR, { name, rule });
  const draft = await createDraft(db, CLI_ACTOR, situation.id, {
    segmentIds: [segment.id],
    contactPointId: cp.id,
    acknowledgement: { kind: 'both', text: SAMPLE_VARIANT.acknowledgement.text },
    nextUpdateAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    defaultLocale: 'en',
    content: { en: { subject: 'What the restructuring means for your membership', body: 'Your membership **continues**.' }, nb: { subject: SAMPLE_VARIANT.subject, body: SAMPLE_VARIANT.bodyMarkdown } },
  });
  // The benchmark measures sending, not the four-eyes workflow: mark it released-ready directly.
  await db.updateTable('updates').set({ status: 'scheduled', approved_at: new Date(), send_at: new Date() }).where('id', '=', draft.id).execute();
  return draft.id;
}

/** Runs the send loops of one update in a fresh process, as `tidings worker` would. */
interface SendRun {
  seconds: number;
  peakRss: number;
  calls: number;
  sustainedCallsPerSecond: number;
}

async function sendInChild(dbUrl: string, updateId: number, loops: number, providerUrl: string, rate: number, secret: string): Promise<SendRun> {
  const profile = process.env.TIDINGS_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TIDINGS_BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(ROOT, 'src/bench/send-child.ts'), dbUrl, String(updateId), String(loops), providerUrl, String(rate), secret], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const code: number | null = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the sending process failed (exit ${code})`);
  return JSON.parse(out.trim().split('\n').pop()!) as SendRun;
}

export async function runBench(config: Config, opts: BenchOptions): Promise<void> {
  console.log(`tidings bench — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  const scratch = await scratchDatabase(config);
  const db = createDb(scratch.url, { max: 12 });
  let fake: FakeProcess | undefined;
  try {
    await migrateToLatest(db);
    const history = async () => {
      console.log(`\nSend history at ${fmt(opts.deliveries)} deliveries`);
      await benchHistory(db, config, opts.deliveries, { line, fmt, pass });
    };
    if (opts.only === 'history') {
      await history();
      return;
    }

    // 1. Render once, personalise many — against the naive React render per recipient.
    console.log('\nPersonalisation (one core)');
    const variant = await renderVariant(SAMPLE_VARIANT);
    const n = 200_000;
    let bytes = 0;
    const [, pSecs] = await timed(async () => {
      for (let i = 0; i < n; i++) bytes += personalise(variant, recipient(i)).html.length;
    });
    const naiveN = 200;
    const [, nSecs] = await timed(async () => {
      for (let i = 0; i < naiveN; i++) await renderNaive(SAMPLE_VARIANT, recipient(i));
    });
    const fast = n / pSecs;
    const naive = naiveN / nSecs;
    line('personalised emails/s (pre-rendered variant)', fmt(fast), `target ≥ 50,000: ${pass(fast >= 50_000)}`);
    line('naive React render per recipient, emails/s', fmt(naive, 1), `(${fmt(bytes / n)} chars of HTML each)`);
    line('ratio', `${fmt(fast / naive)}×`);

    // 2. Import throughput.
    console.log('\nImport');
    const [imported, iSecs] = await timed(() => importContacts(db, CLI_ACTOR, { kind: 'csv', stream: Readable.from(csvRows(opts.importRows)) }));
    line(`CSV import of ${fmt(opts.importRows)} rows`, `${fmt(opts.importRows / iSecs)} rows/s`, `(${fmt(iSecs, 1)} s, ${imported.created} created, ${imported.rejected.length} rejected)`);
    await db.deleteFrom('contacts').execute();

    // 3. Segment preview at scale.
    console.log(`\nSegment preview over ${fmt(opts.contacts)} contacts`);
    const [, seedSecs] = await timed(() => seedContacts(db, opts.contacts));
    line('seeded with generate_series', `${fmt(seedSecs, 1)} s`);
    const rule = { all: [{ attribute: 'locale', op: 'eq', value: 'nb' }, { attribute: 'magazine_subscriber', op: 'eq', value: true }, { attribute: 'refund_claim', op: 'gt', value: 100 }] };
    const times: number[] = [];
    let eligible = 0;
    for (let i = 0; i < 7; i++) {
      const [p, s] = await timed(() => previewRule(db, rule));
      times.push(s * 1000);
      eligible = p.eligible;
    }
    times.sort((a, b) => a - b);
    const noIndex: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [, s] = await timed(() =>
        db.transaction().execute(async (tx) => {
          await sql`SET LOCAL enable_bitmapscan = off`.execute(tx);
          await sql`SET LOCAL enable_indexscan = off`.execute(tx);
          return previewRule(tx, rule);
        }),
      );
      noIndex.push(s * 1000);
    }
    noIndex.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    line('preview, 3 conditions (median of 7)', `${fmt(median)} ms (max ${fmt(times[times.length - 1]!)} ms)`, `target ≤ 300 ms: ${pass(median <= 300)}`);
    line('same rule without the GIN index (median of 3)', `${fmt(noIndex[1]!)} ms`, `ratio ${fmt(noIndex[1]! / median, 1)}×; ${fmt(eligible)} eligible`);

    // 4. Release: materialise every delivery set-based.
    console.log(`\nRelease and send`);
    const everyone = await approvedUpdateTo(db, { all: [{ attribute: 'email', op: 'exists' }] }, 'everyone');
    const [released, rSecs] = await timed(() => releaseUpdate(db, everyone));
    const queued = released.released ? released.queued : 0;
    line(`release of ${fmt(opts.contacts)} recipients`, `${fmt(rSecs, 1)} s (${fmt(queued / rSecs)} rows/s)`, `target ≤ 30 s for 1,000,000: ${pass(rSecs * (1_000_000 / opts.contacts) <= 30)}`);

    // 5. Hand emails to a loopback provider with no rate limit.
    fake = await startFakeProvider();
    const sendTo = Math.min(opts.send, queued);
    if (sendTo < queued) {
      await sql`UPDATE deliveries SET status = 'excluded', reason = 'benchmark: outside the send sample' WHERE update_id = ${everyone} AND id > (SELECT id FROM deliveries WHERE update_id = ${everyone} ORDER BY id OFFSET ${sendTo - 1} LIMIT 1)`.execute(db);
    }
    const sendLoops = 6;
    const sends = await Promise.all(Array.from({ length: opts.senders }, () => sendInChild(scratch.url, everyone, sendLoops, fake!.url, Infinity, config.secret)));
    const sSecs = Math.max(...sends.map((x) => x.seconds));
    const peakRss = Math.max(...sends.map((x) => x.peakRss));
    const st = await fake.stats();
    const perCall = st.calls ? st.accepted / st.calls : 0;
    line(`hand ${fmt(sendTo)} emails to the loopback provider`, `${fmt(sSecs, 1)} s (${fmt(sendTo / sSecs)} emails/s)`, `target ≤ 180 s for 1,000,000: ${pass(sSecs * (1_000_000 / sendTo) <= 180)}`);
    line(`resident memory per sending process (${opts.senders} × ${sendLoops} loops)`, `${fmt(peakRss / 1048576)} MB peak`, `target ≤ 400 MB: ${pass(peakRss <= 400 * 1048576)}`);
    line('provider calls', `${fmt(st.calls)} (${fmt(perCall, 1)} recipients per call)`, `target ≤ 1 per 100: ${pass(st.calls <= Math.ceil(sendTo / 100))}`);
    line('copies accepted', `${fmt(st.accepted)} for ${fmt(st.recipients)} recipients, ${st.extraCopies} extra`, `exactly one each: ${pass(st.extraCopies === 0 && st.accepted === sendTo)}`);

    // Naive path: React render and one provider call per recipient, on a sample.
    const resend = new Resend('re_bench', { baseUrl: fake.url });
    const sample = 300;
    const [, naiveSecs] = await timed(async () => {
      for (let i = 0; i < sample; i++) {
        const msg = await renderNaive(SAMPLE_VARIANT, recipient(i));
        await resend.emails.send({ from: 'updates@bokklubben.example.org', to: `naive${i}@members.example.org`, subject: msg.subject, html: msg.html, text: msg.text });
      }
    });
    const naiveRate = sample / naiveSecs;
    line(`naive path (render + 1 call each), ${sample} sample`, `${fmt(naiveRate, 1)} emails/s`, `batched path is ${fmt(sendTo / sSecs / naiveRate)}× faster`);

    // 6. Behind a provider limit of R requests/s.
    const rate = opts.rate;
    await fake.reset();
    await fake.setRateLimit(rate);
    const limitedCount = Math.round(rate * 100 * opts.rateSeconds);
    await db.deleteFrom('send_batches').where('update_id', '=', everyone).execute().catch(() => {});
    const limited = await approvedUpdateTo(db, { all: [{ attribute: 'refund_claim', op: 'exists' }] }, 'rate-limited');
    await releaseUpdate(db, limited);
    await sql`UPDATE deliveries SET status = 'excluded', reason = 'benchmark: outside the send sample' WHERE update_id = ${limited} AND id > (SELECT id FROM deliveries WHERE update_id = ${limited} ORDER BY id OFFSET ${limitedCount - 1} LIMIT 1)`.execute(db);
    // The rows just excluded leave dead entries in the queued index that a real release of
    // this many recipients would not have; without a vacuum the last claim walks them all.
    await sql`VACUUM (ANALYZE) deliveries`.execute(db);
    const { seconds: lSecs, sustainedCallsPerSecond } = await sendInChild(scratch.url, limited, 2, fake.url, rate, config.secret);
    const ls = await fake.stats();
    const achieved = limitedCount / lSecs;
    line(`behind a limit of ${rate} requests/s (${fmt(limitedCount)} emails)`, `${fmt(achieved)} emails/s = ${fmt((achieved / (rate * 100)) * 100, 1)}% of R×100`, `target ≥ 95%: ${pass(achieved >= 0.95 * rate * 100)}`);
    const sustained = sustainedCallsPerSecond * 100;
    line('  sustained, first to last call', `${fmt(sustained)} emails/s = ${fmt((sustained / (rate * 100)) * 100, 1)}% of R×100`, `target ≥ 95%: ${pass(sustained >= 0.95 * rate * 100)}`);
    line('calls answered 429', `${ls.status429} of ${ls.calls} (${fmt((ls.status429 / Math.max(1, ls.calls)) * 100, 2)}%)`, `target < 1%: ${pass(ls.status429 / Math.max(1, ls.calls) < 0.01)}`);

    // 7. What the auditor reads: history pages and exports at scale.
    await history();
  } finally {
    fake?.child.kill('SIGTERM');
    await db.destroy();
    // TIDINGS_BENCH_KEEP=1 leaves the scratch database for a look at its plans afterwards.
    if (process.env.TIDINGS_BENCH_KEEP) console.log(`\nkept the scratch database: ${scratch.url}`);
    else await scratch.drop();
  }
}
