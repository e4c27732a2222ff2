// The benchmark's sending process: what `tidings worker` does for one update,
// in a fresh process, so its resident memory is measured on its own.
import pino from 'pino';
import { createDb } from '../db/connection.ts';
import { EmailComposer } from '../sending/compose-email.ts';
import { sendUpdateBatches } from '../sending/sender.ts';
import { ResendTransport } from '../sending/transport.ts';

const [dbUrl, updateId, loops, providerUrl, rate, secret] = process.argv.slice(2);
const db = createDb(dbUrl!, { max: Number(loops) + 2 });
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: Number(loops) }, (_, i) =>
    sendUpdateBatches(
      {
        db,
        transport: new ResendTransport('re_bench', providerUrl),
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
process.stdout.write(JSON.stringify({ seconds, peakRss }) + '\n');
