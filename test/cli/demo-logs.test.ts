import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { TEST_SECRET, useTestApp } from '../helpers/app.ts';
import { cleanEnv, runTidings, waitForHealth, type Spawned } from '../helpers/process.ts';

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

describe('tidings demo without a terminal', () => {
  it('puts the demo sign-ins into a JSON log line next to the URL; no plain text line', async () => {
    const port = await freePort();
    const s = runTidings(['demo'], cleanEnv({ DATABASE_URL: t.tdb.url, TIDINGS_SECRET: TEST_SECRET, PORT: String(port) }));
    spawned.push(s);
    await waitForHealth(port, 120_000, s);
    await new Promise((r) => setTimeout(r, 500));
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    const lines = s
      .output()
      .split('\n')
      .filter((l) => l.trim() !== '');
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as { msg?: string; demo?: string[] };
      } catch {
        throw new Error(`not a JSON log line: ${l}`);
      }
    });
    const demo = parsed.find((l) => l.msg === 'demo ready');
    expect(demo?.demo?.join('\n')).toMatch(/sign in with password "[^"]+" as:[\s\S]*officer@demo\.tidings\.localhost/);
    expect(parsed.some((l) => l.msg?.includes(`http://localhost:${port}`))).toBe(true);
  }, 180_000);
});
