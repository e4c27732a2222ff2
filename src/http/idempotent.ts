import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import type { IdempotencyStore, KeptAnswer, KeyUse } from '../idempotent-request.ts';
import type { HttpEnv } from './context.ts';
import { ONCE_FIELD } from './once.tsx';

/** Visible ASCII, as a UUID or any client-made token is. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** The header that marks an answer given again for a repeated key. */
export const REPLAY_HEADER = 'idempotent-replayed';

const isForm = (c: Context) => /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(c.req.header('content-type') ?? '');

/** The request's key: the Idempotency-Key header, or a page form's one-time token. */
async function requestKey(c: Context<HttpEnv>): Promise<string | undefined> {
  const header = c.req.header('idempotency-key');
  if (header !== undefined) return header;
  if (!isForm(c)) return undefined;
  const token = (await c.req.parseBody())[ONCE_FIELD];
  return typeof token === 'string' && token ? token : undefined;
}

function hashStart(c: Context): ReturnType<typeof createHash> {
  const url = new URL(c.req.url);
  return createHash('sha256').update(`${c.req.method} ${url.pathname}${url.search}\n${c.req.header('content-type') ?? ''}\n`);
}

/**
 * What the request asks, as a hash. A form's fields (its CSRF and one-time
 * tokens left out) were parsed already. Any other body is hashed as it
 * streams: `tee` leaves the handler a copy (an import reads its CSV as it
 * arrives); otherwise the body is read here, for a repeat that runs nothing.
 */
async function fingerprint(c: Context<HttpEnv>, keepBodyForHandler: boolean): Promise<string> {
  const hash = hashStart(c);
  if (isForm(c)) {
    const form = await c.req.parseBody({ all: true });
    const fields = Object.entries(form).filter(([name]) => name !== '_csrf' && name !== ONCE_FIELD);
    fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return hash.update(JSON.stringify(fields.map(([name, v]) => [name, [v].flat().map((x) => (typeof x === 'string' ? x : `file:${x.name}:${x.size}`))]))).digest('hex');
  }
  let body = c.req.raw.body;
  if (body && keepBodyForHandler) {
    const [mine, theirs] = body.tee();
    c.req.raw = new Request(c.req.raw, { body: theirs, duplex: 'half' } as RequestInit);
    body = mine;
  }
  const reader = body?.getReader();
  for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) hash.update(r.value);
  return hash.digest('hex');
}

function replay(answer: KeptAnswer): Response {
  const headers = new Headers({ [REPLAY_HEADER]: 'true' });
  if (answer.type) headers.set('content-type', answer.type);
  if (answer.location) headers.set('location', answer.location);
  return new Response(answer.status === 204 || answer.status === 304 ? null : answer.body, { status: answer.status, headers });
}

const marked = new WeakSet<object>();

/** Whether a route handler is the `idempotent()` marker (for the test that lists the routes honouring keys). */
export function declaredIdempotent(handler: unknown): boolean {
  return typeof handler === 'function' && marked.has(handler);
}

/**
 * Honours a key on the route it is placed on, after `allow(...)`: the first
 * request under a key runs and its answer is kept; a repeat by the same user
 * within 24 hours gets that answer again, marked `Idempotent-Replayed: true`,
 * and runs nothing (a concurrent repeat waits for the first). Requests without
 * a key run as before.
 */
export function idempotent(): MiddlewareHandler {
  const honour: MiddlewareHandler<HttpEnv> = async (c, next) => {
    const key = await requestKey(c);
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) throw new AppError('validation_failed', 'Idempotency-Key: 1 to 255 visible ASCII characters (a UUID, for example)', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
    const url = new URL(c.req.url);
    const use: KeyUse = { userId: c.get('user').id, key, method: c.req.method, path: url.pathname + url.search };
    const { idempotency: store, log } = c.get('deps') as { idempotency?: IdempotencyStore; log: HttpEnv['Variables']['deps']['log'] };
    if (!store) throw new AppError('internal', 'the web app was built without an idempotency store');
    const claim = await store.claim(use);
    if (!claim) return replay(await store.repeated(use, await fingerprint(c, false)));

    const asked = fingerprint(c, true);
    asked.catch(() => {});
    try {
      await next();
    } catch (err) {
      await store.release(use, claim);
      throw err;
    }
    const res = c.res;
    try {
      if (!store.isKept(res.status)) return void (await store.release(use, claim));
      await store.keep(use, claim, await asked, { status: res.status, type: res.headers.get('content-type'), location: res.headers.get('location'), body: await res.clone().text() });
    } catch (err) {
      // The work is done; its answer still goes to this caller. A repeat then
      // waits, and after the abandon time the key may run again.
      log.error({ err, key }, 'could not keep the answer of an idempotent request');
    }
  };
  marked.add(honour);
  return honour as MiddlewareHandler;
}
