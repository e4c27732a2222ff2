import { expect } from 'vitest';
import type { TestContext } from '../helpers/app.ts';

/** Feeds text or bytes as a stream in small chunks, so rows and even characters straddle chunk boundaries. */
export async function* chunked(data: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Signs in through the login form like a browser: CSRF cookie first, then the session cookie. */
export async function signIn(t: TestContext, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const page = await t.app.request('http://localhost/login');
  expect(page.status).toBe(200);
  const csrf = /tidings_csrf=([^;]+)/.exec(page.headers.getSetCookie().join('\n'))?.[1];
  expect(csrf).toBeTruthy();
  const res = await t.app.request('http://localhost/login', {
    method: 'POST',
    headers: { cookie: `tidings_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, _csrf: csrf!, next: '/contacts' }).toString(),
  });
  expect(res.status).toBe(303);
  const session = /tidings_session=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  expect(session).toBeTruthy();
  const rotated = /tidings_csrf=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1] ?? csrf!; // signing in rotates the CSRF token
  return { cookie: `tidings_csrf=${rotated}; tidings_session=${session}`, csrf: rotated };
}
