import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Hono } from 'hono';
import { can } from '../permissions.ts';
import type { User } from '../db/types.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { errorResponses, IdParam, jsonBody } from '../http/openapi.ts';
import {
  emptyRow,
  emptyState,
  FormError,
  nameFromForm,
  previewTargetFromForm,
  readForm,
  segmentInputFromForm,
  stateFromSegment,
  type BuilderState,
  type FormProblem,
} from './form.ts';
import {
  archiveSegment,
  createSegment,
  getSegment,
  knownAttributeKeys,
  listMemberEmails,
  listSegments,
  MAX_SAMPLE,
  previewRule,
  previewSegment,
  previewSummary,
  updateSegment,
  type Preview,
  type SegmentWithCount,
} from './queries.ts';
import { COLUMN_ATTRIBUTES, OPERATOR_LABELS, OPERATORS, RULE_LIMITS } from './rule.ts';

// ---------------------------------------------------------------------------
// JSON API

const RULE_EXAMPLE = {
  all: [
    { attribute: 'refund_claim', op: 'gt', value: 0 },
    { any: [{ attribute: 'locale', op: 'in', value: ['nb', 'sv'] }, { attribute: 'tags', op: 'contains', value: 'vip' }] },
  ],
};

const RuleSchema = z.unknown().openapi({
  description:
    'A group {"all": [...]} or {"any": [...]} of conditions {"attribute", "op", "value"} and nested groups. ' +
    'Operators: eq, neq, in (non-empty list), contains (case-insensitive substring of a text attribute, or an exact element of a list attribute), ' +
    'gt, lt (a number compares numeric attributes only; a string compares text, e.g. ISO dates), exists (no value). ' +
    'email, name, locale and timezone are the contact\'s own fields; any other attribute is an imported column. ' +
    `Limits: nesting ${RULE_LIMITS.depth} levels, ${RULE_LIMITS.conditions} conditions, attribute names ${RULE_LIMITS.attributeLength} characters, text values ${RULE_LIMITS.stringLength} characters.`,
  example: RULE_EXAMPLE,
});

const SegmentSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(['rule', 'list']),
    rule: RuleSchema.nullable(),
    memberCount: z.number().int().optional().openapi({ description: 'Members of a static list' }),
    createdBy: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    archivedAt: z.string().nullable(),
  })
  .openapi('Segment');

const SegmentWriteSchema = SegmentSchema.extend({
  unknownEmails: z.array(z.string()).openapi({ description: 'Addresses of a static list that match no contact and were left out' }),
}).openapi('SegmentWritten');

const SegmentInput = z
  .object({
    name: z.string().openapi({ example: 'Customers with a refund claim' }),
    rule: RuleSchema.optional(),
    emails: z.array(z.string()).optional().openapi({ description: 'Instead of a rule: a static list of contact addresses' }),
  })
  .openapi('SegmentInput');

const SegmentUpdate = z
  .object({
    name: z.string().optional(),
    rule: RuleSchema.optional(),
    emails: z.array(z.string()).optional().openapi({ description: 'Replaces the members of a static list' }),
  })
  .openapi('SegmentUpdate');

const PreviewSchema = z
  .object({
    eligible: z.number().int().openapi({ description: 'Matching contacts who will receive an update' }),
    excluded: z.object({ suppressed: z.number().int(), unsubscribed: z.number().int() }).openapi({ description: 'Matching contacts left out, by reason (a contact both suppressed and unsubscribed counts as suppressed)' }),
    sample: z.array(z.object({ id: z.number().int(), email: z.string(), name: z.string(), locale: z.string() })),
  })
  .openapi('SegmentPreview');

const SampleQuery = z.object({
  sample: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_SAMPLE)
    .optional()
    .openapi({ param: { name: 'sample', in: 'query' }, description: `How many eligible contacts to list (0–${MAX_SAMPLE}, default 10)` }),
});

function segmentJson(s: SegmentWithCount) {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    rule: s.rule ?? null,
    ...(s.memberCount === undefined ? {} : { memberCount: s.memberCount }),
    createdBy: s.created_by,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
    archivedAt: s.archived_at?.toISOString() ?? null,
  };
}

function apiPermission(c: Context<AppEnv>) {
  const readOnly = c.req.method === 'GET' || (c.req.method === 'POST' && c.req.path.endsWith('/segments/preview'));
  return requirePermission(readOnly ? 'read' : 'segments:write');
}

export function segmentsApi(api: OpenAPIHono<AppEnv>): void {
  api.use('/segments', async (c, next) => apiPermission(c)(c, next));
  api.use('/segments/*', async (c, next) => apiPermission(c)(c, next));

  api.openapi(
    createRoute({
      method: 'get',
      path: '/segments',
      tags: ['Segments'],
      summary: 'List segments (archived ones left out)',
      security: [{ bearer: [] }],
      responses: { 200: jsonBody(z.object({ segments: z.array(SegmentSchema) }), 'Active segments'), ...errorResponses },
    }),
    async (c) => c.json({ segments: (await listSegments(c.get('deps').db)).map(segmentJson) }, 200),
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/segments',
      tags: ['Segments'],
      summary: 'Create a rule segment { name, rule } or a static list { name, emails }',
      description: 'Addresses of a static list that match no contact are left out and reported in unknownEmails.',
      security: [{ bearer: [] }],
      request: { body: { content: { 'application/json': { schema: SegmentInput } }, required: true } },
      responses: { 201: jsonBody(SegmentWriteSchema, 'Created'), 409: jsonBody(z.any(), 'A segment with that name exists'), ...errorResponses },
    }),
    async (c) => {
      const r = await createSegment(c.get('deps').db, c.get('actor'), c.req.valid('json'));
      return c.json({ ...segmentJson(r.segment), unknownEmails: r.unknownEmails }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/segments/preview',
      tags: ['Segments'],
      summary: 'Preview an unsaved rule: how many would receive it, who is excluded and why',
      security: [{ bearer: [] }],
      request: {
        query: SampleQuery,
        body: { content: { 'application/json': { schema: z.object({ rule: RuleSchema.optional() }).openapi('SegmentPreviewInput') } }, required: true },
      },
      responses: { 200: jsonBody(PreviewSchema, 'Counts and a sample'), ...errorResponses },
    }),
    async (c) => {
      const sampleSize = c.req.valid('query').sample;
      const body = c.req.valid('json') as { rule?: unknown };
      return c.json(await previewRule(c.get('deps').db, body.rule, sampleSize === undefined ? {} : { sampleSize }), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/segments/{id}',
      tags: ['Segments'],
      summary: 'One segment (archived ones too)',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: jsonBody(SegmentSchema, 'The segment'), 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => c.json(segmentJson(await getSegment(c.get('deps').db, c.req.valid('param').id)), 200),
  );

  api.openapi(
    createRoute({
      method: 'put',
      path: '/segments/{id}',
      tags: ['Segments'],
      summary: 'Rename a segment, replace its rule, or replace a static list\'s members',
      security: [{ bearer: [] }],
      request: { params: IdParam, body: { content: { 'application/json': { schema: SegmentUpdate } }, required: true } },
      responses: { 200: jsonBody(SegmentWriteSchema, 'Updated'), 404: jsonBody(z.any(), 'Not found'), 409: jsonBody(z.any(), 'A segment with that name exists'), ...errorResponses },
    }),
    async (c) => {
      const r = await updateSegment(c.get('deps').db, c.get('actor'), c.req.valid('param').id, c.req.valid('json'));
      return c.json({ ...segmentJson(r.segment), unknownEmails: r.unknownEmails }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/segments/{id}',
      tags: ['Segments'],
      summary: 'Archive a segment (kept on the record)',
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 204: { description: 'Archived' }, 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      await archiveSegment(c.get('deps').db, c.get('actor'), c.req.valid('param').id);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/segments/{id}/preview',
      tags: ['Segments'],
      summary: 'Who a saved segment reaches: eligible count, exclusions by reason, a sample',
      security: [{ bearer: [] }],
      request: { params: IdParam, query: SampleQuery },
      responses: { 200: jsonBody(PreviewSchema, 'Counts and a sample'), 404: jsonBody(z.any(), 'Not found'), ...errorResponses },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const segment = await getSegment(db, c.req.valid('param').id);
      const sampleSize = c.req.valid('query').sample;
      return c.json(await previewSegment(db, segment, sampleSize === undefined ? {} : { sampleSize }), 200);
    },
  );
}

// ---------------------------------------------------------------------------
// Pages

const fmt = (n: number) => new Intl.NumberFormat('en-GB').format(n);
/** Static lists up to this size are shown in the address box for editing. */
const MEMBERS_SHOWN = 10_000;

interface BuilderProps {
  user: User;
  csrfToken: string;
  segment?: SegmentWithCount | undefined;
  state: BuilderState;
  attributeKeys: string[];
  problem?: FormProblem | undefined;
  preview?: Preview | undefined;
  flash?: string | undefined;
  /** Row index to focus after "Add condition". */
  focusRow?: number | undefined;
}

const PreviewSection = ({ preview }: { preview: Preview }) => (
  <section aria-labelledby="preview-heading" class="card">
    <h2 id="preview-heading">Preview</h2>
    <p>
      <strong>{previewSummary(preview)}</strong>
    </p>
    <table>
      <caption>Left out, by reason</caption>
      <TableHead columns={['Reason', 'Customers']} />
      <tbody>
        <tr>
          <th scope="row">Suppressed (bounced, complained or blocked)</th>
          <td>{fmt(preview.excluded.suppressed)}</td>
        </tr>
        <tr>
          <th scope="row">Unsubscribed</th>
          <td>{fmt(preview.excluded.unsubscribed)}</td>
        </tr>
      </tbody>
    </table>
    {preview.sample.length === 0 ? (
      <p class="muted">Nobody to show: no eligible customer matches.</p>
    ) : (
      <table>
        <caption>{`A sample of customers who will receive it (first ${preview.sample.length})`}</caption>
        <TableHead columns={['Name', 'Email', 'Language']} />
        <tbody>
          {preview.sample.map((s) => (
            <tr>
              <td>{s.name || '—'}</td>
              <td>{s.email}</td>
              <td>{s.locale}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
);

const ConditionRow = (p: { row: BuilderState['rows'][number]; i: number; total: number; problem?: FormProblem | undefined; autofocus: boolean }) => {
  const bad = p.problem?.row === p.i ? p.problem : undefined;
  const errId = `cond-${p.i}-error`;
  const describedValue = ['seg-value-hint', bad ? errId : ''].filter(Boolean).join(' ');
  return (
    <li>
      <fieldset class="condition-row">
        <legend>{`Condition ${p.i + 1}`}</legend>
        <div class="condition">
          <div>
            <label for={`attribute_${p.i}`}>Attribute</label>
            <input
              type="text"
              id={`attribute_${p.i}`}
              name={`attribute_${p.i}`}
              value={p.row.attribute}
              list="segment-attributes"
              autocomplete="off"
              maxlength={RULE_LIMITS.attributeLength}
              autofocus={p.autofocus}
              aria-invalid={bad?.field === 'attribute' ? 'true' : undefined}
              aria-describedby={bad ? errId : undefined}
            />
          </div>
          <div>
            <label for={`op_${p.i}`}>Operator</label>
            <select id={`op_${p.i}`} name={`op_${p.i}`} aria-invalid={bad?.field === 'op' ? 'true' : undefined} aria-describedby={bad ? errId : undefined}>
              {OPERATORS.map((op) => (
                <option value={op} selected={p.row.op === op}>
                  {`${OPERATOR_LABELS[op]} (${op})`}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for={`value_${p.i}`}>Value</label>
            <input
              type="text"
              id={`value_${p.i}`}
              name={`value_${p.i}`}
              value={p.row.value}
              autocomplete="off"
              maxlength={RULE_LIMITS.stringLength * 2}
              aria-invalid={bad?.field === 'value' ? 'true' : undefined}
              aria-describedby={describedValue}
            />
          </div>
          <div>
            {p.total > 1 ? (
              <button type="submit" name="action" value={`remove:${p.i}`} class="secondary">
                Remove<span class="visually-hidden">{` condition ${p.i + 1}`}</span>
              </button>
            ) : null}
          </div>
        </div>
        {bad ? (
          <p class="field-error" id={errId}>
            {bad.message}
          </p>
        ) : null}
      </fieldset>
    </li>
  );
};

const BuilderPage = (p: BuilderProps) => {
  const canWrite = can(p.user.role, 'segments:write');
  const archived = Boolean(p.segment?.archived_at);
  const action = p.segment ? `/segments/${p.segment.id}` : '/segments/new';
  const title = p.segment ? `Segment: ${p.segment.name}` : 'New segment';
  const prob = p.problem;
  const jsonOpen = p.state.json.trim() !== '' || prob?.field === 'json';
  const live = p.preview ? previewSummary(p.preview) : 'Change the conditions to see how many customers match.';
  return (
    <Layout title={title} user={p.user} csrfToken={p.csrfToken} section="segments" flash={p.flash} scripts={['segments.js']}>
      <p>
        <a href="/segments">All segments</a>
      </p>
      <h1>{title}</h1>
      {archived ? (
        <p class="badge warn">Archived {formatDateTime(p.segment!.archived_at)}: kept on the record, no longer offered for updates.</p>
      ) : null}
      {prob ? (
        <p class="error" role="alert" id="segment-error">
          {prob.message}
        </p>
      ) : null}
      <form method="post" action={action} id="segment-form" class="stack segment-builder" data-preview-url="/segments/preview.json">
        {/* Pressing Enter in a field previews rather than removing or adding a row. */}
        <button type="submit" name="action" value="preview" class="visually-hidden" tabindex={-1}>
          Preview
        </button>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="rows" value={String(p.state.rows.length)} />
        {p.segment ? <input type="hidden" name="segment_id" value={String(p.segment.id)} /> : null}
        <div>
          <label for="seg-name">Name</label>
          <p class="hint" id="seg-name-hint">
            What colleagues will pick when they send an update, e.g. "Customers with open refund claims"
          </p>
          <input
            type="text"
            id="seg-name"
            name="name"
            value={p.state.name}
            maxlength={200}
            aria-describedby={prob?.field === 'name' ? 'seg-name-hint segment-error' : 'seg-name-hint'}
            aria-invalid={prob?.field === 'name' ? 'true' : undefined}
          />
        </div>

        {p.segment ? (
          <p>
            <input type="hidden" name="kind" value={p.state.kind} />
            Kind: <strong>{p.state.kind === 'list' ? 'a fixed list of email addresses' : 'customers matching conditions'}</strong>
          </p>
        ) : (
          <fieldset>
            <legend>Who is in this segment</legend>
            <label>
              <input type="radio" name="kind" value="rule" checked={p.state.kind === 'rule'} /> Customers matching conditions
            </label>
            <label>
              <input type="radio" name="kind" value="list" checked={p.state.kind === 'list'} /> A fixed list of email addresses
            </label>
          </fieldset>
        )}

        {p.state.kind === 'rule' || !p.segment ? (
          <fieldset id="seg-rule-section" data-kind="rule">
            <legend>Conditions</legend>
            <div>
              <label for="seg-match">Match</label>
              <select id="seg-match" name="match">
                <option value="all" selected={p.state.match === 'all'}>
                  all of the conditions
                </option>
                <option value="any" selected={p.state.match === 'any'}>
                  any of the conditions
                </option>
              </select>
            </div>
            <p class="hint" id="seg-value-hint">
              Numbers and true/false are matched as such; put text in "quotes" to match it literally. For "is one of", separate values with commas. email, name, locale and timezone are
              the customer's own fields; other attributes come from the import.
            </p>
            <ol class="conditions" aria-label="Conditions">
              {p.state.rows.map((row, i) => (
                <ConditionRow row={row} i={i} total={p.state.rows.length} problem={prob} autofocus={p.focusRow === i} />
              ))}
            </ol>
            <datalist id="segment-attributes">
              {[...COLUMN_ATTRIBUTES, ...p.attributeKeys.filter((k) => !(COLUMN_ATTRIBUTES as readonly string[]).includes(k))].map((k) => (
                <option value={k}></option>
              ))}
            </datalist>
            <div class="actions">
              <button type="submit" name="action" value="add" class="secondary" disabled={p.state.rows.length >= RULE_LIMITS.conditions}>
                Add condition
              </button>
            </div>
            <details open={jsonOpen}>
              <summary>Advanced (JSON)</summary>
              <label for="seg-json">Rule as JSON</label>
              <p class="hint" id="seg-json-hint">
                For nested conditions. When this box is filled it is used instead of the rows above, e.g.{' '}
                <code>{'{"all": [{"attribute": "refund_claim", "op": "gt", "value": 0}, {"any": [{"attribute": "locale", "op": "eq", "value": "nb"}, {"attribute": "vip", "op": "eq", "value": true}]}]}'}</code>
              </p>
              <textarea
                id="seg-json"
                name="json"
                rows={8}
                spellcheck={false}
                aria-describedby={prob?.field === 'json' ? 'seg-json-hint segment-error' : 'seg-json-hint'}
                aria-invalid={prob?.field === 'json' ? 'true' : undefined}
              >
                {p.state.json}
              </textarea>
            </details>
          </fieldset>
        ) : null}

        {p.state.kind === 'list' || !p.segment ? (
          <fieldset id="seg-list-section" data-kind="list">
            <legend>Static list</legend>
            <label for="seg-emails">Email addresses, one per line</label>
            <p class="hint" id="seg-emails-hint">
              Only addresses of known customers are added; the others are listed after saving.
              {p.segment?.memberCount !== undefined
                ? ` Saving replaces the ${fmt(p.segment.memberCount)} current members with the addresses here; leave the box empty to keep them.`
                : ''}
            </p>
            <textarea
              id="seg-emails"
              name="emails"
              rows={8}
              spellcheck={false}
              aria-describedby={prob?.field === 'emails' ? 'seg-emails-hint segment-error' : 'seg-emails-hint'}
              aria-invalid={prob?.field === 'emails' ? 'true' : undefined}
            >
              {p.state.emails}
            </textarea>
          </fieldset>
        ) : null}

        <p id="segment-live" role="status" aria-live="polite" class="live-count">
          {live}
        </p>
        <div class="actions">
          <button type="submit" name="action" value="preview" class="secondary">
            Preview
          </button>
          {canWrite && !archived ? (
            <button type="submit" name="action" value="save">
              {p.segment ? 'Save changes' : 'Save segment'}
            </button>
          ) : null}
        </div>
      </form>
      {p.preview ? <PreviewSection preview={p.preview} /> : null}
      {p.segment && canWrite && !archived ? (
        <form method="post" action={`/segments/${p.segment.id}/archive`} data-confirm="Archive this segment? Updates already sent keep their record.">
          <CsrfField token={p.csrfToken} />
          <button type="submit" class="secondary">
            Archive segment
          </button>
        </form>
      ) : null}
    </Layout>
  );
};

/** A saved static list whose address box was left empty keeps its members. */
function keepsMembers(segment: SegmentWithCount | undefined, state: BuilderState): segment is SegmentWithCount {
  return segment?.kind === 'list' && state.emails.trim() === '';
}

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such segment');
  return id;
}

export function segmentsPages(app: Hono<AppEnv>): void {
  app.use('/segments', requirePermission('read'));
  app.use('/segments/*', requirePermission('read'));

  app.get('/segments', async (c) => {
    const { db } = c.get('deps');
    const user = c.get('user');
    const segments = await listSegments(db);
    const canWrite = can(user.role, 'segments:write');
    return c.html(
      <Layout title="Segments" user={user} csrfToken={c.get('csrfToken')} section="segments">
        <h1>Segments</h1>
        <p class="muted">Who an update goes to: customers matching conditions, or a fixed list of addresses.</p>
        <p>
          <a class="button" href="/segments/new">
            {canWrite ? 'New segment' : 'Try a rule'}
          </a>
        </p>
        {segments.length === 0 ? (
          <p>No segments yet.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Segments</caption>
            <TableHead columns={['Name', 'Kind', 'Created', 'Last changed']} />
            <tbody>
              {segments.map((s) => (
                <tr>
                  <td>
                    <a href={`/segments/${s.id}`}>{s.name}</a>
                  </td>
                  <td>{s.kind === 'list' ? 'Static list' : 'Rule'}</td>
                  <td>{formatDateTime(s.created_at)}</td>
                  <td>{formatDateTime(s.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  const render = async (c: Context<AppEnv>, props: Omit<BuilderProps, 'user' | 'csrfToken' | 'attributeKeys'>) => {
    const attributeKeys = await knownAttributeKeys(c.get('deps').db);
    return c.html(<BuilderPage {...props} user={c.get('user')} csrfToken={c.get('csrfToken')} attributeKeys={attributeKeys} />);
  };

  /** One handler for every button of the builder form. */
  const submit = async (c: Context<AppEnv>, segment: SegmentWithCount | undefined) => {
    const { db } = c.get('deps');
    const body = await c.req.parseBody();
    const state = readForm(body);
    if (segment) state.kind = segment.kind;
    const action = typeof body['action'] === 'string' ? body['action'] : 'preview';

    if (action === 'add') {
      if (state.rows.length < RULE_LIMITS.conditions) state.rows.push(emptyRow());
      return render(c, { segment, state, focusRow: state.rows.length - 1 });
    }
    const remove = /^remove:(\d+)$/.exec(action);
    if (remove) {
      const i = Number(remove[1]);
      state.rows.splice(i, 1);
      if (state.rows.length === 0) state.rows.push(emptyRow());
      return render(c, { segment, state });
    }
    try {
      if (action === 'save') {
        const user = c.get('user');
        if (!can(user.role, 'segments:write')) throw new AppError('forbidden', `the ${user.role} role may not save segments (needs segments:write)`);
        const input = keepsMembers(segment, state) ? { name: nameFromForm(state) } : segmentInputFromForm(state);
        const r = segment ? await updateSegment(db, c.get('actor'), segment.id, input) : await createSegment(db, c.get('actor'), input);
        if (r.unknownEmails.length === 0) return c.redirect(`/segments/${r.segment.id}?saved=1`, 303);
        const shown = r.unknownEmails.slice(0, 50).join(', ');
        const more = r.unknownEmails.length > 50 ? ` and ${r.unknownEmails.length - 50} more` : '';
        const emails = r.segment.kind === 'list' && (r.segment.memberCount ?? 0) <= MEMBERS_SHOWN ? await listMemberEmails(db, r.segment.id, MEMBERS_SHOWN) : [];
        return render(c, {
          segment: r.segment,
          state: stateFromSegment(r.segment, emails),
          preview: await previewSegment(db, r.segment),
          flash: `Saved. ${r.unknownEmails.length} ${r.unknownEmails.length === 1 ? 'address matches' : 'addresses match'} no customer and ${r.unknownEmails.length === 1 ? 'was' : 'were'} left out: ${shown}${more}.`,
        });
      }
      const preview = await previewSegment(db, segment && keepsMembers(segment, state) ? segment : previewTargetFromForm(state));
      return render(c, { segment, state, preview });
    } catch (err) {
      if (err instanceof FormError) {
        c.status(400);
        return render(c, { segment, state, problem: err.problem });
      }
      if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'conflict')) {
        c.status(err.status);
        const field = (err.details as { field?: string }[] | undefined)?.[0]?.field;
        return render(c, { segment, state, problem: { message: err.code === 'conflict' ? `Name: ${err.message}` : err.message, field: field === 'name' ? 'name' : undefined } });
      }
      throw err;
    }
  };

  app.get('/segments/new', (c) => render(c, { state: emptyState() }));
  app.post('/segments/new', (c) => submit(c, undefined));

  // The live count for the builder's script: the same form, answered as JSON.
  app.post('/segments/preview.json', async (c) => {
    const { db } = c.get('deps');
    const body = await c.req.parseBody();
    const state = readForm(body);
    const segmentId = Number(typeof body['segment_id'] === 'string' ? body['segment_id'] : NaN);
    const segment = Number.isSafeInteger(segmentId) && segmentId > 0 ? await getSegment(db, segmentId) : undefined;
    if (segment) state.kind = segment.kind;
    try {
      const target = segment && keepsMembers(segment, state) ? segment : previewTargetFromForm(state);
      const p = await previewSegment(db, target, { sampleSize: 0 });
      return c.json({ eligible: p.eligible, excluded: p.excluded, summary: previewSummary(p) });
    } catch (err) {
      if (err instanceof AppError && err.code === 'validation_failed') return c.json({ error: { code: err.code, message: err.message, details: err.details } }, 400);
      throw err;
    }
  });

  app.get('/segments/:id', async (c) => {
    const { db } = c.get('deps');
    const segment = await getSegment(db, idOf(c));
    const emails = segment.kind === 'list' && (segment.memberCount ?? 0) <= MEMBERS_SHOWN ? await listMemberEmails(db, segment.id, MEMBERS_SHOWN) : [];
    return render(c, {
      segment,
      state: stateFromSegment(segment, emails),
      preview: await previewSegment(db, segment),
      flash: c.req.query('saved') ? 'Segment saved.' : undefined,
    });
  });
  app.post('/segments/:id', async (c) => {
    const segment = await getSegment(c.get('deps').db, idOf(c));
    return submit(c, segment);
  });
  app.post('/segments/:id/archive', async (c) => {
    const user = c.get('user');
    if (!can(user.role, 'segments:write')) throw new AppError('forbidden', `the ${user.role} role may not archive segments (needs segments:write)`);
    await archiveSegment(c.get('deps').db, c.get('actor'), idOf(c));
    return c.redirect('/segments', 303);
  });
}
