import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/web.ts';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();
type App = Pick<typeof t.app, 'request'>;

let addresses = 0;
/** A client address of its own for each test, as the Node server reports the socket's peer. */
const newAddress = () => `203.0.113.${++addresses}`;

async function attempt(email: string, password: string, address: string, app: App = t.app): Promise<Response> {
  const env = { incoming: { socket: { remoteAddress: address } } };
  const loginPage = await app.request('http://localhost/login', {}, env);
  const csrf = /tidings_csrf=([^;]+)/.exec(loginPage.headers.get('set-cookie') ?? '')![1]!;
  return app.request(
    'http://localhost/login',
    { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `tidings_csrf=${csrf}` }, body: new URLSearchParams({ email, password, _csrf: csrf, next: '/' }) },
    env,
  );
}

async function failures(n: number, email: string, address: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await attempt(email, `wrong password ${i}`, address)).status);
  return statuses;
}

describe('sign-in throttling', () => {
  it("never locks the real user out on someone else's guesses", async () => {
    const officer = await t.userWithToken('officer');
    const guesser = newAddress();
    const statuses = await failures(8, officer.email, guesser);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // The guesser is stopped even with the right password...
    expect((await attempt(officer.email, officer.password, guesser)).status).toBe(429);
    // ...the officer, from their own machine, is not.
    expect((await attempt(officer.email, officer.password, newAddress())).status).toBe(303);
  });

  it('stops one address guessing across many accounts, and only that address', async () => {
    const guesser = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await attempt(`made-up-${i}@example.org`, 'password123456', guesser)).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    const refused = await attempt('made-up-x@example.org', 'password123456', guesser);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many failed sign-ins from your network');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const officer = await t.userWithToken('officer');
    expect((await attempt(officer.email, officer.password, newAddress())).status).toBe(303);
  });

  it('slows guesses at one account from many addresses, but not its user on a clean client', async () => {
    const officer = await t.userWithToken('officer');
    const botnet = Array.from({ length: 10 }, newAddress);
    for (const address of botnet) expect((await attempt(officer.email, 'a guessed password', address)).status).toBe(401);
    // Each guessing client now waits, even if its next guess is right.
    const again = await attempt(officer.email, officer.password, botnet[0]!);
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('Too many failed attempts for this address.');
    expect((await attempt(officer.email, officer.password, newAddress())).status).toBe(303);
  });

  it('delays grow: after a lock ends, the next failure locks for twice as long', async () => {
    const officer = await t.userWithToken('officer');
    const guesser = newAddress();
    await failures(5, officer.email, guesser);
    const locked = await attempt(officer.email, 'wrong again', guesser);
    expect(Number(locked.headers.get('retry-after'))).toBe(15 * 60);
    await sql`UPDATE sign_in_failures SET blocked_until = now() - interval '1 second' WHERE blocked_until > now()`.execute(t.deps.db);
    expect((await attempt(officer.email, 'wrong again', guesser)).status).toBe(401);
    const longer = await attempt(officer.email, officer.password, guesser);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers.get('retry-after'))).toBe(30 * 60);
    expect(await longer.text()).toContain('Wait 30 minutes and try again.');
  });

  it('is shared by every web process through PostgreSQL', async () => {
    const officer = await t.userWithToken('officer');
    const otherProcess = createApp({ ...t.deps });
    const guesser = newAddress();
    for (let i = 0; i < 3; i++) expect((await attempt(officer.email, 'wrong', guesser)).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await attempt(officer.email, 'wrong', guesser, otherProcess)).status).toBe(401);
    expect((await attempt(officer.email, officer.password, guesser)).status).toBe(429);
  });

  it('lets no more than five concurrent guesses through', async () => {
    const officer = await t.userWithToken('officer');
    const guesser = newAddress();
    const statuses = (await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(officer.email, `guess ${i}`, guesser)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('keeps an unknown typed email only as a keyed hash, in the record and the counters', async () => {
    const typed = 'someone-unknown-4711@example.org';
    expect((await attempt(typed, 'a password', newAddress())).status).toBe(401);
    const entry = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'auth.login_failed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(JSON.stringify(entry.details)).not.toContain('someone-unknown-4711');
    expect(entry.details).toMatchObject({ emailHash: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/) });
    const counters = await sql<{ row: string }>`SELECT row_to_json(f)::text AS row FROM sign_in_failures f`.execute(t.deps.db);
    expect(counters.rows.length).toBeGreaterThan(0);
    expect(counters.rows.some((r) => r.row.includes('someone-unknown'))).toBe(false);
  });

  it('starts counting again a day after the first failure, so a trickle of typos never adds up', async () => {
    const officer = await t.userWithToken('officer');
    const typist = newAddress();
    await failures(4, officer.email, typist);
    await sql`UPDATE sign_in_failures SET first_failed_at = first_failed_at - interval '25 hours'`.execute(t.deps.db);
    expect(await failures(2, officer.email, typist)).toEqual([401, 401]);
    expect((await attempt(officer.email, officer.password, typist)).status).toBe(303);
  });

  it('counts a day from the first failure, then forgets', async () => {
    const officer = await t.userWithToken('officer');
    const guesser = newAddress();
    await failures(5, officer.email, guesser);
    await sql`UPDATE sign_in_failures SET first_failed_at = now() - interval '25 hours', last_failed_at = now() - interval '25 hours', blocked_until = now() - interval '1 hour'`.execute(t.deps.db);
    const before = await t.deps.db.selectFrom('sign_in_failures').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(3);
    expect((await attempt('another-typo@example.org', 'x-password', newAddress())).status).toBe(401);
    const left = await t.deps.db.selectFrom('sign_in_failures').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(3); // the new failure's account, address and pair
    expect((await attempt(officer.email, officer.password, guesser)).status).toBe(303);
  });
});
