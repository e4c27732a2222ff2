// The benchmark's sending process: what `tidings worker` does for one update,
// in a fresh process, so its resident memory is measured on its own.
import pino from 'pino';
import { useChainKey } from '../audit/chain.ts';
import { createDb } from '../db/connection.ts';
import { EmailComposer } from '../sending/compose-email.ts';
import { sendUpdateBatches } from '../sending/sender.ts';
import { ResendTransport, type MailTransport } from '../sending/transport.ts';

const [dbUrl, updateId, loops, providerUrl, rate, secret] = process.argv.slice(2);
useChainKey(secret!);
const db = createDb(dbUrl!, { max: Number(loops) + 2 });
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
const started = process.hrtime.bigint();
// When each accepted provider call started, for the sustained rate between the
// first and the last call (start-up and the tail excluded).
const callStarts: number[] = [];
const t0 = performance.now();
const provider = new ResendTransport('re_bench', providerUrl);
const timedTransport: MailTransport = {
  name: provider.name,
  rateLimited: provider.rateLimited,
  async sendBatch(emails, key) {
    const at = performance.now();
    const outcome = await provider.sendBatch(emails, key);
    if (outcome.kind === 'accepted') callStarts.push(at);
    if (process.env.TIDINGS_BENCH_TRACE) process.stderr.write(`${(at - t0).toFixed(1)} ${(performance.now() - t0).toFixed(1)} ${outcome.kind}\n`);
    return outcome;
  },
};
await Promise.all(
  Array.from({ length: Number(loops) }, (_, i) =>
    sendUpdateBatches(
      {
        db,
        transport: timedTransport,
        composer: new EmailComposer({ secret: secret!, publicUrl: 'https://tidings.example.org', from: 'Bokklubben <updates@bokklubben.example.org>' }),
        log: pino({ level: 'error' }),
        worker: `bench-${process.pid}-${i}`,
        rate: rate === 'Infinity' ? Infinity : Number(rate),
        leaseSeconds: 300,
      },
      Number(updateId),
      { deadline: Date.now() + 60 * 60_000 },
    ),
  ),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
await db.destroy();
callStarts.sort((a, b) => a - b);
const span = callStarts.length > 1 ? (callStarts[callStarts.length - 1]! - callStarts[0]!) / 1000 : 0;
process.stdout.write(JSON.stringify({ seconds, peakRss, calls: callStarts.length, sustainedCallsPerSecond: span ? (callStarts.length - 1) / span : 0 }) + '\n');
