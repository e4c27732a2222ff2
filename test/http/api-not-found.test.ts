import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp();

describe('an API path that matches no route', () => {
  it('answers the API’s 404 in JSON with a valid token, and 401 without one, never the sign-in page', async () => {
    const officer = await t.userWithToken('officer');
    const res = await t.api(officer.token, 'GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'nothing at GET /api/v1/no-such-thing' } });
    const post = await t.api(officer.token, 'POST', '/api/v1/updates/1/no-such-action', {});
    expect(post.status).toBe(404);
    expect((await t.app.request('http://localhost/api/v1/no-such-thing')).status).toBe(401);
  });
});
