import { describe, expect, it } from 'vitest';
import { addSuppression } from '../../src/suppressions/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

describe('the suppressions page', () => {
  it('pages older suppressions keeping the search, and shows a refused lift in place with its status', async () => {
    for (let i = 0; i < 51; i++) await addSuppression(t.deps.db, `older${String(i).padStart(2, '0')}@example.org`, 'manual', null);
    const admin = await t.userWithToken('admin');
    const session = await pageSession(t.app, admin.email, admin.password);

    const first = await (await session.get('/suppressions?q=older')).text();
    const link = /href="\/suppressions\?([^"]+)">Older suppressions/.exec(first);
    expect(link).not.toBeNull();
    const params = new URLSearchParams(link![1]!.replaceAll('&amp;', '&'));
    expect(params.get('q')).toBe('older');
    const second = await (await session.get(`/suppressions?${params.toString()}`)).text();
    expect(second.match(/older\d\d@example.org<\/td>/g)).toHaveLength(1);
    expect(second).not.toContain('Older suppressions');

    const unknown = await session.post('/suppressions/lift', { email: 'never@example.org', reason: 'asked' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/id="lift-error">\s*suppression for never@example.org not found/);
  });
});
