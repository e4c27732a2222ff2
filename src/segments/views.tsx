import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout } from '../http/layout.tsx';
import { can } from '../permissions.ts';
import type { ApprovedUpdateRef } from '../updates/approval.ts';
import type { BuilderState, FormProblem } from './form.ts';
import { ApprovalsAtStake, ConditionRow, fmt, PreviewSection } from './builder-parts.tsx';
import { previewSummary, type Preview, type SegmentWithCount } from './queries.ts';
import { COLUMN_ATTRIBUTES, RULE_LIMITS } from './rule.ts';


export interface BuilderProps {
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
  /** Approved or scheduled updates a change to who is in this segment would send back to draft. */
  approvedUpdates?: ApprovedUpdateRef[] | undefined;
}

export const BuilderPage = (p: BuilderProps) => {
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
      {p.approvedUpdates?.length && canWrite && !archived ? <ApprovalsAtStake updates={p.approvedUpdates} /> : null}
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
              <button type="submit" name="action" value="add" class="secondary" data-max-rows={String(RULE_LIMITS.conditions)} disabled={p.state.rows.length >= RULE_LIMITS.conditions}>
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
