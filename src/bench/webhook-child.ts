// The benchmark's web process: the app as `tidings serve` runs it, receiving
// webhooks over real HTTP, in a process of its own so the load generator's
// work is not counted as its. Prints its URL, then serves until killed.
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { createDb } from '../db/connection.ts';
import { setProviderEventBatchLimit } from '../deliveries/batcher.ts';
import type { Jobs } from '../jobs.ts';
import { listen } from '../server.ts';
import { createApp } from '../web.ts';

const [dbUrl, secret, webhookSecret, batchLimit] = process.argv.slice(2);
if (batchLimit) setProviderEventBatchLimit(Number(batchLimit));
const config = { ...loadConfig(), databaseUrl: dbUrl!, secret: secret!, resendWebhookSecret: webhookSecret! };
const db = createDb(dbUrl!, { max: 10 });
const app = createApp({ db, config, log: pino({ level: 'silent' }), jobs: {} as Jobs });
const server = await listen(app.fetch, 0, '127.0.0.1');
console.log(JSON.stringify({ url: `http://127.0.0.1:${server.port}` }));
process.on('SIGTERM', () => void server.close().then(() => db.destroy()).then(() => process.exit(0)));
