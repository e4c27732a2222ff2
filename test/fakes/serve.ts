// Runs the fake Resend server as its own process, for the benchmark: the
// provider's CPU and memory then stay out of tidings' own figures. Prints one
// JSON line with its addresses; a control port answers stats and settings.
import http from 'node:http';
import { startFakeResend } from './resend.ts';

const fake = await startFakeResend({ keepBodies: false, keepRecords: false, recipientIndex: 'compact' });
const control = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://control');
  if (url.pathname === '/stats') {
    const mem = process.memoryUsage();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ...fake.stats(), rss: mem.rss }));
    return;
  }
  if (url.pathname === '/rate-limit') {
    const rps = url.searchParams.get('rps');
    fake.setRateLimit(rps ? Number(rps) : null);
    res.end('ok');
    return;
  }
  if (url.pathname === '/reset') {
    fake.reset();
    res.end('ok');
    return;
  }
  res.statusCode = 404;
  res.end();
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const address = control.address() as { port: number };
process.stdout.write(JSON.stringify({ url: fake.url, control: `http://127.0.0.1:${address.port}` }) + '\n');
process.on('SIGTERM', () => {
  control.close();
  void fake.close().then(() => process.exit(0));
});
