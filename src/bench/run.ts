import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { Resend } from 'resend';
import { CLI_ACTOR } from '../audit/log.ts';
import { importContacts } from '../contacts/import.ts';
import type { Config } from '../config.ts';
import { useChainKey } from '../audit/chain.ts';
import { createDb } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { personalise } from '../sending/personalise.ts';
import { renderNaive, renderVariant } from '../sending/render.ts';
import { previewRule } from '../segments/queries.ts';
import { releaseUpdate } from '../updates/release.ts';
import { approvedUpdateTo, csvRows, recipient, SAMPLE_VARIANT, scratchDatabase, seedContacts } from './fixtures.ts';
import { benchHistory } from './history.ts';
import { benchWebhooks } from './webhooks.ts';
import { benchOneCommand } from './one-command.ts';
import { sendInChild, startFakeProvider, type FakeProcess } from './processes.ts';
import { fmt, line, pass, timed } from './report.ts';

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
  /** Distinct webhook events for the ingestion measurement. */
  webhookEvents: number;
  /** Run only this section (it seeds what it needs). */
  only?: 'history' | 'webhooks' | 'start' | undefined;
}

/** The naive path: a React render and one provider call per recipient, emails/s over a sample. */
async function naiveSendRate(providerUrl: string, sample: number): Promise<number> {
  const resend = new Resend('re_bench', { baseUrl: providerUrl });
  const [, seconds] = await timed(async () => {
    for (let i = 0; i < sample; i++) {
      const msg = await renderNaive(SAMPLE_VARIANT, recipient(i));
      await resend.emails.send({ from: 'updates@bokklubben.example.org', to: `naive${i}@members.example.org`, subject: msg.subject, html: msg.html, text: msg.text });
    }
  });
  return sample / seconds;
}

export async function runBench(config: Config, opts: BenchOptions): Promise<void> {
  console.log(`tidings bench — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  useChainKey(config.secret);
  const scratch = await scratchDatabase(config);
  const db = createDb(scratch.url, { max: 12 });
  let fake: FakeProcess | undefined;
  try {
    await migrateToLatest(db);
    const history = async () => {
      console.log(`\nSend history at ${fmt(opts.deliveries)} deliveries`);
      await benchHistory(db, config, opts.deliveries, { line, fmt, pass });
    };
    const webhooks = async () => {
      console.log(`\nWebhook ingestion (${fmt(opts.webhookEvents)} events; load average ${(await import('node:os')).loadavg().map((l) => fmt(l, 1)).join(' ')})`);
      await benchWebhooks(db, scratch.url, config, opts.webhookEvents);
    };
    if (opts.only === 'history') {
      await history();
      return;
    }
    if (opts.only === 'webhooks') {
      await webhooks();
      return;
    }
    if (opts.only === 'start') {
      fake = await startFakeProvider();
      const [, seedSecs] = await timed(() => seedContacts(db, opts.contacts));
      console.log(`\nseeded ${fmt(opts.contacts)} contacts in ${fmt(seedSecs, 1)} s`);
      const naiveRate = await naiveSendRate(fake.url, 300);
      line('naive path (render + 1 call each), 300 sample', `${fmt(naiveRate, 1)} emails/s`);
      await benchOneCommand(db, scratch.url, config, fake, { naiveRate });
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
    const sample = 300;
    const naiveRate = await naiveSendRate(fake.url, sample);
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

    // 7. The provider's events coming back, on the record.
    await webhooks();

    // 8. The one command, as shipped: `tidings start` from the send call on its API.
    await benchOneCommand(db, scratch.url, config, fake, { naiveRate });

    // 9. What the auditor reads: history pages and exports at scale.
    await history();
  } finally {
    fake?.child.kill('SIGTERM');
    await db.destroy();
    // TIDINGS_BENCH_KEEP=1 leaves the scratch database for a look at its plans afterwards.
    if (process.env.TIDINGS_BENCH_KEEP) console.log(`\nkept the scratch database: ${scratch.url}`);
    else await scratch.drop();
  }
}
