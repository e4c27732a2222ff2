import { beforeAll, describe, expect, it } from 'vitest';
import { fileCustomerMessage } from '../../src/conversations/queries.ts';
import { openApiDocument } from '../../src/web.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, seedContacts } from '../helpers/scenario.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
let token: string;
let session: PageSession;

// Every route is called with id 1 (as in roles.test.ts), so each kind of object
// exists with id 1 and a NUL gets as far into the handler as it can.
beforeAll(async () => {
  await seedContacts(t.deps.db, 3);
  const s = await baseScenario(t.deps.db);
  await buildUpdate(t, { situationId: s.situation.id, segmentIds: [s.segment.id], contactPointId: s.cp.id });
  await fileCustomerMessage(t.deps.db, { contactId: 1, situationId: s.situation.id, updateId: null, contactPointId: s.cp.id, channel: 'email', from: 'c1@example.org', to: 'x@example.org', subject: 'A question', text: 'A question', visibleText: 'A question', classification: 'human' });
  const admin = await t.userWithToken('admin');
  token = admin.token;
  session = await pageSession(t.app, admin.email, admin.password);
});

const NUL = '\u0000';
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// Every query parameter and form field a route of tidings reads (from src/), so each meets a NUL.
const QUERY_FIELDS = ['q', 'cursor', 'limit', 'state', 'mine', 'from', 'to', 'email', 'status', 'situation', 'update', 'actor', 'action', 'next', 'done', 'before', 'scope', 'suppression', 'anchor', 'contact', 'locale', 'error'];
const FORM_FIELDS = [
  'name', 'role', 'email', 'phone', 'password', 'title', 'summary', 'note', 'text', 'reason', 'confirm', 'next', 'locale', 'timezone', 'user', 'userId', 'expires', 'ackKind', 'ackText',
  'contactPointId', 'segmentIds', 'defaultLocale', 'nextUpdateLocal', 'sendAtLocal', 'quietHours', 'timeZone', 'final', 'preview', 'reviewed', 'organisationName', 'website', 'allowSelfApproval',
  'tracking', 'daytimeStart', 'daytimeEnd', 'promiseReminderHours', 'action', 'match', 'json', 'rows', 'kind', 'subject', 'body', 'scope', 'emails', 'source', 'referrer', 'cp', 'situation',
  'subject.en', 'body.en', 'subject.nb', 'body.nb', 'rule', 'attribute', 'op', 'value', 'segment_id',
];

interface Probe {
  label: string;
  field: string;
  send(): Promise<Response>;
}

const routes = () => {
  const seen = new Set<string>();
  return t.app.routes.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (r.method === 'ALL' || r.path === '/assets/:file' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};
const concrete = (path: string, last = '1') => {
  const params = [...path.matchAll(/:[a-zA-Z]+(\{[^}]*\})?/g)];
  let i = 0;
  return path.replace(/:[a-zA-Z]+(\{[^}]*\})?/g, () => (++i === params.length ? last : '1'));
};
const isApi = (path: string) => path.startsWith('/api/') || path.startsWith('/webhooks/');

/** A request as the route's caller sends it, answered as JSON so the error code can be read. */
async function call(method: string, path: string, body?: { json: unknown } | { form: Record<string, string> }): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers };
  if (isApi(path)) headers['authorization'] = `Bearer ${token}`;
  else headers['cookie'] = session.cookie;
  if (body && 'json' in body) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body.json);
  } else if (body && 'form' in body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams({ ...body.form, _csrf: session.csrf });
  } else if (WRITE.has(method) && !isApi(path)) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams({ _csrf: session.csrf });
  }
  return t.app.request(`http://localhost${path}`, init);
}

type Schema = { $ref?: string; type?: string | string[]; enum?: unknown[]; const?: unknown; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema; format?: string; minLength?: number; minimum?: number; minItems?: number };

/** A body the schema accepts as far as its shape goes, every string a plausible value. */
function sample(schema: Schema, components: Record<string, Schema>, depth = 0): unknown {
  if (depth > 8) return null;
  if (schema.$ref) return sample(components[schema.$ref.split('/').pop()!]!, components, depth + 1);
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alternatives) return sample(alternatives.find((s) => s.type !== 'null') ?? alternatives[0]!, components, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (type === 'object' || schema.properties) return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, sample(s, components, depth + 1)]));
  if (type === 'array') return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => sample(schema.items ?? {}, components, depth + 1));
  if (type === 'integer' || type === 'number') return Math.max(schema.minimum ?? 1, 1);
  if (type === 'boolean') return false;
  if (schema.format === 'email') return 'someone@example.org';
  if (schema.format === 'date-time') return new Date(Date.now() + 3 * 86_400_000).toISOString();
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
}

/** The same value with a NUL at the end of one string leaf, for each leaf: [dotted path, value]. */
function* withNulAtEachString(value: unknown, path: string[] = []): Generator<[string, unknown]> {
  if (typeof value === 'string') yield [path.join('.') || 'body', value + NUL];
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) for (const [p, v] of withNulAtEachString(value[i], [...path, String(i)])) yield [p, value.map((x, j) => (j === i ? v : x))];
  } else if (value !== null && typeof value === 'object') {
    for (const [k, x] of Object.entries(value)) for (const [p, v] of withNulAtEachString(x, [...path, k])) yield [p, { ...value, [k]: v }];
  }
}

/** One probe per text input of every route: its path parameter, every query parameter, every JSON or form field. */
function probes(): Probe[] {
  const doc = openApiDocument(t.app) as unknown as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>; components?: { schemas?: Record<string, Schema> } };
  const components = doc.components?.schemas ?? {};
  const out: Probe[] = [];
  for (const r of routes()) {
    const m = r.method;
    const api = r.path.startsWith('/api/');
    const documented = doc.paths[r.path.replace(/:([a-zA-Z]+)(\{[^}]*\})?/g, '{$1}')]?.[m.toLowerCase()]?.requestBody?.content['application/json']?.schema;
    const json = documented ? sample(documented, components) : { text: 'x' };
    const form = Object.fromEntries(FORM_FIELDS.map((f) => [f, '1']));
    const body = !WRITE.has(m) ? undefined : api ? { json } : { form };
    if (r.path.includes(':')) out.push({ label: `${m} ${r.path} path`, field: 'path', send: () => call(m, concrete(r.path, `a%00${r.path.endsWith('email') ? '@x.org' : ''}`), body) });
    if (m === 'GET') for (const q of QUERY_FIELDS) out.push({ label: `${m} ${r.path} ?${q}`, field: q, send: () => call(m, `${concrete(r.path)}?${q}=x%00`) });
    if (!WRITE.has(m) || r.path.startsWith('/webhooks/')) continue;
    // An import's rows are checked one by one (control-characters-cases.test.ts): a bad row is rejected, the others land.
    if (api && r.path === '/api/v1/contacts/import') continue;
    if (api) for (const [field, b] of withNulAtEachString(json)) out.push({ label: `${m} ${r.path} ${field}`, field, send: () => call(m, concrete(r.path), { json: b }) });
    else for (const f of FORM_FIELDS) out.push({ label: `${m} ${r.path} ${f}`, field: f, send: () => call(m, concrete(r.path), { form: { ...form, [f]: `x${NUL}` } }) });
  }
  // Before the refusal existed, a probe that got through changed things: the
  // ones that end or remove something go last, so they cannot hide the others.
  const last = (p: Probe) => /^(DELETE|POST \S*(erase|resolve|archive|cancel|revoke|logout|handled|send)\b)/.test(p.label);
  return [...out.filter((p) => !last(p)), ...out.filter(last)];
}

describe('control characters in every text input', () => {
  it('a NUL in any path, query parameter, JSON or form field of any route is refused with 400 invalid_input naming the field, never a 500', async () => {
    const all = probes();
    expect(all.length).toBeGreaterThan(1000);
    const failed: string[] = [];
    const crashed: string[] = [];
    for (const p of all) {
      const res = await p.send();
      const body = (await res.text()).slice(0, 300);
      if (res.status >= 500) crashed.push(`${p.label}: ${res.status}`);
      let error: { code?: string; details?: { field: string }[] } | undefined;
      try {
        error = JSON.parse(body).error;
      } catch {
        /* not JSON */
      }
      if (res.status !== 400 || error?.code !== 'invalid_input' || error.details?.[0]?.field !== p.field) failed.push(`${p.label}: ${res.status} ${body.slice(0, 120)}`);
    }
    expect(crashed).toEqual([]);
    expect(failed).toEqual([]);
  });
});
