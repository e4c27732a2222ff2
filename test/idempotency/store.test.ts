import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../src/errors.ts';
import { claimKey, keepAnswer, releaseKey, repeatedAnswer, type KeyUse } from '../../src/idempotency/store.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();
let n = 0;

async function use(): Promise<KeyUse> {
  const u = await t.userWithToken('officer');
  return { userId: u.id, key: `k-${++n}`, method: 'POST', path: '/api/v1/x' };
}

const refusal = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err as AppError);

describe('the key store shared by every web process', () => {
  it('one claim wins among many at once; the others wait for its answer', async () => {
    const k = await use();
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimKey(t.deps.db, k)));
    const won = claims.filter((c): c is string => c !== null);
    expect(won).toHaveLength(1);
    const waiting = repeatedAnswer(t.deps.db, k, 'fp', 5_000);
    await keepAnswer(t.deps.db, k, won[0]!, 'fp', { status: 201, type: 'application/json', location: null, body: '{"id":1}' });
    expect(await waiting).toEqual({ status: 201, type: 'application/json', location: null, body: '{"id":1}' });
  });

  it('a repeat while the first still runs gets 409 with Retry-After after its wait; a key freed without an answer is 409 too', async () => {
    const k = await use();
    const claim = (await claimKey(t.deps.db, k))!;
    expect(await refusal(repeatedAnswer(t.deps.db, k, 'fp', 100))).toMatchObject({ code: 'conflict', retryAfterSeconds: 1 });
    await releaseKey(t.deps.db, k, claim);
    expect(await refusal(repeatedAnswer(t.deps.db, k, 'fp', 100))).toMatchObject({ code: 'conflict' });
    // Freed, the key can be claimed again.
    expect(await claimKey(t.deps.db, k)).not.toBeNull();
  });

  it('the same key for another route or body is 422', async () => {
    const k = await use();
    const claim = (await claimKey(t.deps.db, k))!;
    expect(await refusal(repeatedAnswer(t.deps.db, { ...k, path: '/api/v1/y' }, 'fp', 100))).toMatchObject({ code: 'idempotency_key_reused', status: 422 });
    await keepAnswer(t.deps.db, k, claim, 'fp', { status: 200, type: null, location: null, body: '' });
    expect(await refusal(repeatedAnswer(t.deps.db, k, 'other', 100))).toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('a claim abandoned by a dead process is taken over after 10 minutes, and the late first cannot overwrite the new answer', async () => {
    const k = await use();
    const dead = (await claimKey(t.deps.db, k))!;
    expect(await claimKey(t.deps.db, k)).toBeNull();
    await sql`UPDATE idempotency_keys SET claimed_at = now() - interval '11 minutes' WHERE key = ${k.key}`.execute(t.deps.db);
    const fresh = (await claimKey(t.deps.db, k))!;
    expect(fresh).not.toBeNull();
    await keepAnswer(t.deps.db, k, fresh, 'fp', { status: 200, type: null, location: null, body: 'new' });
    await keepAnswer(t.deps.db, k, dead, 'fp', { status: 200, type: null, location: null, body: 'old' });
    expect((await repeatedAnswer(t.deps.db, k, 'fp', 100)).body).toBe('new');
  });
});
