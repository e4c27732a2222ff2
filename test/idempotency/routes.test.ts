import { describe, expect, it } from 'vitest';
import { declaredIdempotent } from '../../src/http/idempotent.ts';
import { openApiDocument } from '../../src/web.ts';
import { useTestApp } from '../helpers/app.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();

// POSTs of the API that only read: they have nothing to do twice.
const READ_ONLY_POSTS = new Set(['/api/v1/segments/preview']);
// Page forms that send something to someone carry a one-time token.
const PAGE_FORMS_THAT_SEND = ['/inbox/:id/answer', '/inbox/:id/messages/:messageId/resend', '/updates/:id/send', '/updates/:id/test-send'];

/** `POST /path` of every route whose definition declares `idempotent()`. */
function honouring(): string[] {
  return [...new Set(t.app.routes.filter((r) => declaredIdempotent(r.handler)).map((r) => `${r.method} ${r.path}`))].sort();
}

describe('which routes honour a key', () => {
  it('every API POST that creates, sends or changes something declares it next to its route, and the page forms that send', () => {
    const apiPosts = [...new Set(t.app.routes.filter((r) => r.method === 'POST' && r.path.startsWith('/api/v1/') && !READ_ONLY_POSTS.has(r.path)).map((r) => `POST ${r.path}`))];
    expect(apiPosts.length).toBeGreaterThanOrEqual(16);
    const declared = honouring();
    expect(declared.filter((r) => r.startsWith('POST /api/'))).toEqual(apiPosts.sort());
    expect(declared.filter((r) => !r.startsWith('POST /api/'))).toEqual(PAGE_FORMS_THAT_SEND.map((p) => `POST ${p}`).sort());
    expect(declared.filter((r) => !r.startsWith('POST '))).toEqual([]);
  });

  it('the OpenAPI document names the Idempotency-Key header on exactly those API routes', () => {
    const doc = openApiDocument(t.app) as unknown as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    const documented: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) documented.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    expect(documented.sort()).toEqual(honouring().filter((r) => r.startsWith('POST /api/')));
  });
});

describe('Idempotency-Key on imports and sends', () => {
  it('an import sent twice under one key imports once and answers the same; another file under the key is 422', async () => {
    const { token } = await t.userWithToken('officer');
    const csv = 'email,name\nkey-import-1@example.org,One\nkey-import-2@example.org,Two\nnot-an-address,Three\n';
    const headers = { 'content-type': 'text/csv', 'idempotency-key': 'import-1' };
    const first = await t.api(token, 'POST', '/api/v1/contacts/import', csv, headers);
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body).toMatchObject({ created: 2, rejected: [{ row: 4 }] });
    const second = await t.api(token, 'POST', '/api/v1/contacts/import', csv, headers);
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(body);
    const runs = await t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'contacts.import').execute();
    expect(runs).toHaveLength(1);
    const other = await t.api(token, 'POST', '/api/v1/contacts/import', 'email\nkey-import-3@example.org\n', headers);
    expect(other.status).toBe(422);
    expect(await t.deps.db.selectFrom('contacts').select('id').where('email', '=', 'key-import-3@example.org').execute()).toEqual([]);
  });

  it('a send repeated under its key answers the first result instead of 409; a test send repeated sends one test', async () => {
    const { token, email } = await t.userWithToken('officer');
    const built = await buildUpdate(t, { until: 'approved' });
    const send = () => t.api(token, 'POST', `/api/v1/updates/${built.updateId}/send`, {}, { 'idempotency-key': `send-${built.updateId}` });
    const test = () => t.api(token, 'POST', `/api/v1/updates/${built.updateId}/test-send`, { locale: 'en' }, { 'idempotency-key': `test-${built.updateId}` });
    const [t1, t2] = await Promise.all([test(), test()]);
    expect([t1.status, t2.status]).toEqual([200, 200]);
    expect(await t1.json()).toEqual(await t2.json());
    expect(await t.deps.db.selectFrom('outbox_messages').select('id').where('to_address', '=', email).where('test', '=', true).execute()).toHaveLength(1);

    const first = await send();
    expect(first.status).toBe(200);
    const firstBody = await first.json();
    const again = await send();
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);
    expect((await t.api(token, 'POST', `/api/v1/updates/${built.updateId}/send`, {})).status).toBe(409);
  });
});
