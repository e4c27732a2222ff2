import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { cleanEnv, runTidings, waitForHealth, type Spawned } from '../helpers/process.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
const spawned: Spawned[] = [];
afterEach(async () => {
  await Promise.all(
    spawned.splice(0).map(async (s) => {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM');
      await s.exited;
    }),
  );
});

/** Every line tidings wrote, parsed; a line that is not JSON fails the test. */
function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${l}\n--- whole output ---\n${output}`);
      }
    });
}

describe('tidings start without a terminal (a supervisor, a container)', () => {
  it('writes JSON log lines only, the URL among them, and one "update sent" per update however many send jobs it had', async () => {
    const built = await buildUpdate(t, { until: 'scheduled', newCustomers: { n: 450, prefix: 'logs' } });
    const port = await freePort();
    const s = runTidings(['start'], cleanEnv({ DATABASE_URL: t.tdb.url, TIDINGS_SECRET: TEST_SECRET, PORT: String(port), TIDINGS_SEND_RATE: '1000' }));
    spawned.push(s);
    await waitForHealth(port, 60_000, s);

    const until = Date.now() + 60_000;
    let status = '';
    while (Date.now() < until) {
      status = (await t.deps.db.selectFrom('updates').select('status').where('id', '=', built.updateId).executeTakeFirstOrThrow()).status;
      if (status === 'sent') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status, s.output()).toBe('sent');
    // Let every other send job of the update end too: before, each logged "update sent".
    await new Promise((r) => setTimeout(r, 3000));
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);

    const lines = jsonLines(s.output());
    expect(lines.some((l) => typeof l.msg === 'string' && l.msg.includes(`http://localhost:${port}`))).toBe(true);
    const sent = lines.filter((l) => l.msg === 'update sent');
    expect(sent).toEqual([expect.objectContaining({ updateId: built.updateId, level: 30 })]);
    expect(lines.filter((l) => l.msg === 'update released')).toHaveLength(1);
  }, 120_000);
});
