import type { Tx } from '../db/connection.ts';
import { lockSignInKey } from '../db/locks.ts';
import { hmac } from '../secrets.ts';

/*
 * Sign-in throttling, counted in PostgreSQL so every web process shares it.
 * Three counters of failed sign-ins, each with a delay that doubles with every
 * further failure (up to a day):
 *   - pair: one client on one account. After 5 failures that client waits
 *     15 minutes, then 30, 60...; the right password does not help it.
 *   - address: one client across all accounts. After 30 failures it waits a
 *     minute, then 2, 4...: this stops a guesser trying many accounts.
 *   - account: one account from all clients. After 10 failures, every client
 *     that has itself failed on the account waits a minute, then 2, 4... up
 *     to an hour: this slows guessing from many addresses.
 * A client without failures of its own on an account is blocked only by its
 * own address's counter, so someone else's guesses never lock the real user
 * out from their own machine. A successful sign-in clears that client's pair.
 * A counter covers a day from its first failure, then starts again (a fixed
 * window: a trickle of typos in a shared office never adds up for ever); rows
 * are pruned once their day is over and they block no one.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WINDOW_MS = DAY;

// The account's delay stops at an hour: it also holds back the real user if
// they mistyped once during an attack, while the pair's (a day) bounds what
// each guessing client gets anyway.
export const THROTTLE = {
  pair: { after: 5, firstBlockMs: 15 * MINUTE, maxBlockMs: DAY },
  account: { after: 10, firstBlockMs: MINUTE, maxBlockMs: 60 * MINUTE },
  address: { after: 30, firstBlockMs: MINUTE, maxBlockMs: DAY },
} as const;

type Scope = keyof typeof THROTTLE;
export type ThrottleKeys = Record<Scope, string>;

export interface ThrottleRefusal {
  scope: Scope;
  retryAfterSeconds: number;
}

/**
 * The counters' keys: HMACs keyed with TIDINGS_SECRET, so neither a typed
 * email (perhaps a password typed into the wrong field, perhaps a stranger's
 * address) nor a client address is kept as typed. `account` is also the hash
 * the audit record keeps of an email that is no account.
 */
export function throttleKeys(secret: string, email: string, address: string | undefined): ThrottleKeys {
  const typed = email.trim().toLowerCase();
  const client = address ?? 'unknown';
  return {
    account: hmac(secret, `sign-in account\n${typed}`),
    address: hmac(secret, `sign-in address\n${client}`),
    pair: hmac(secret, `sign-in pair\n${typed}\n${client}`),
  };
}

/**
 * Takes the counters' locks for the rest of the transaction (address, then
 * account, in that order in every caller, which also covers the pair), so
 * concurrent guesses are counted one after the other, and says whether this
 * attempt must wait.
 */
export async function checkThrottle(tx: Tx, keys: ThrottleKeys, now: Date): Promise<ThrottleRefusal | undefined> {
  await lockSignInKey(tx, `address:${keys.address}`);
  await lockSignInKey(tx, `account:${keys.account}`);
  const rows = await tx
    .selectFrom('sign_in_failures')
    .select(['scope', 'first_failed_at', 'blocked_until'])
    .where((eb) => eb.or((Object.keys(keys) as Scope[]).map((scope) => eb.and([eb('scope', '=', scope), eb('key', '=', keys[scope])]))))
    .execute();
  const row = (scope: Scope) => rows.find((r) => r.scope === scope);
  const clientFailed = (row('pair')?.first_failed_at.getTime() ?? 0) > now.getTime() - WINDOW_MS;
  for (const scope of ['address', 'pair', 'account'] as const) {
    const until = row(scope)?.blocked_until?.getTime() ?? 0;
    if (until <= now.getTime() || (scope === 'account' && !clientFailed)) continue;
    return { scope, retryAfterSeconds: Math.ceil((until - now.getTime()) / 1000) };
  }
  return undefined;
}

/** Counts a failure on all three counters and prunes counters nobody needs any more. */
export async function countFailure(tx: Tx, keys: ThrottleKeys, now: Date): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  for (const scope of Object.keys(THROTTLE) as Scope[]) {
    const { failures } = await tx
      .insertInto('sign_in_failures')
      .values({ scope, key: keys[scope], failures: 1, first_failed_at: now, last_failed_at: now })
      .onConflict((oc) =>
        oc.columns(['scope', 'key']).doUpdateSet((eb) => {
          const dayOver = eb('sign_in_failures.first_failed_at', '<=', windowStart);
          return {
            failures: eb.case().when(dayOver).then(1).else(eb('sign_in_failures.failures', '+', 1)).end(),
            first_failed_at: eb.case().when(dayOver).then(now).else(eb.ref('sign_in_failures.first_failed_at')).end(),
            last_failed_at: now,
          };
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const { after, firstBlockMs, maxBlockMs } = THROTTLE[scope];
    if (failures >= after) {
      const blockMs = Math.min(maxBlockMs, firstBlockMs * 2 ** Math.min(failures - after, 20));
      await tx.updateTable('sign_in_failures').set({ blocked_until: new Date(now.getTime() + blockMs) }).where('scope', '=', scope).where('key', '=', keys[scope]).execute();
    }
  }
  await tx
    .deleteFrom('sign_in_failures')
    .where('first_failed_at', '<=', windowStart)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<=', now)]))
    .execute();
}

/** After a successful sign-in the client starts with a clean slate on that account (not on its address). */
export async function forgetClientFailures(tx: Tx, keys: ThrottleKeys): Promise<void> {
  await tx.deleteFrom('sign_in_failures').where('scope', '=', 'pair').where('key', '=', keys.pair).execute();
}
