import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

const t = useTestApp({ maxUploadBytes: 1024 });

describe('contact import upload limit', () => {
  it('answers 413 for an upload over the limit and imports nothing, while a small one passes', async () => {
    const officer = await t.userWithToken('officer');
    const lines = ['email,name'];
    for (let i = 0; lines.join('\n').length < 2048; i++) lines.push(`over${i}@example.org,Person ${i}`);
    const big = lines.join('\n') + '\n';
    expect(big.length).toBeGreaterThanOrEqual(2048);
    const res = await t.api(officer.token, 'POST', '/api/v1/contacts/import', big, { 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(big)) });
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error.code).toBe('payload_too_large');
    expect(body.error.message).toMatch(/larger than the limit/);
    expect(await t.deps.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);

    const small = 'email,name\nsmall@example.org,Small\n';
    const ok = await t.api(officer.token, 'POST', '/api/v1/contacts/import', small, { 'content-type': 'text/csv', 'content-length': String(Buffer.byteLength(small)) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ created: 1, updated: 0, rejected: [], warnings: [] });
  });
});
