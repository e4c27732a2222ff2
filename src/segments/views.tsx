import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout } from '../http/layout.tsx';
import { can } from '../permissions.ts';
import type { ApprovedUpdateRef } from '../updates/approval.ts';
import type { BuilderState, FormProblem } from './form.ts';
import { ApprovalsAtStake, ConditionRow, PreviewSection } from './builder-parts.tsx';
import { previewSummary, type Preview, type SegmentWithCount } from './queries.ts';
import { COLUMN_ATTRIBUTES, RULE_LIMITS } from './rule.ts';
import { t } from '../../i18n/current.ts';

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
  const title = p.segment ? t('segments.segmentTitle', { name: p.segment.name }) : t('segments.newSegment');
  const prob = p.problem;
  const jsonOpen = p.state.json.trim() !== '' || prob?.field === 'json';
  const live = p.preview ? previewSummary(p.preview) : t('segments.liveIdle');
  return (
    <Layout title={title} user={p.user} csrfToken={p.csrfToken} section="segments" flash={p.flash} scripts={['segments.js']}>
      <p>
        <a href="/segments">{t('segments.allSegments')}</a>
      </p>
      <h1>{title}</h1>
      {archived ? (
        <p class="badge warn">{t('segments.archivedNote', { date: formatDateTime(p.segment!.archived_at) })}</p>
      ) : null}
      {prob ? (
        <p class="error" role="alert" id="segment-error">
          {prob.message}
        </p>
      ) : null}
      {p.approvedUpdates?.length && canWrite && !archived ? <ApprovalsAtStake updates={p.approvedUpdates} /> : null}
      <form
        method="post"
        action={action}
        id="segment-form"
        class="stack segment-builder"
        data-preview-url="/segments/preview.json"
        data-text-live-failed={t('segments.liveFailed')}
        data-text-live-unavailable={t('segments.liveUnavailable')}
        data-text-condition={t('segments.conditionN', { number: '{n}' })}
        data-text-remove={t('segments.remove')}
        data-text-remove-condition={t('segments.removeCondition', { number: '{n}' })}
      >
        {/* Pressing Enter in a field previews rather than removing or adding a row. */}
        <button type="submit" name="action" value="preview" class="visually-hidden" tabindex={-1}>
          {t('segments.preview')}
        </button>
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="rows" value={String(p.state.rows.length)} />
        {p.segment ? <input type="hidden" name="segment_id" value={String(p.segment.id)} /> : null}
        <div>
          <label for="seg-name">{t('segments.name')}</label>
          <p class="hint" id="seg-name-hint">
            {t('segments.nameHint')}
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
            {t('segments.kindLabel')} <strong>{p.state.kind === 'list' ? t('segments.kindIsList') : t('segments.kindIsRule')}</strong>
          </p>
        ) : (
          <fieldset>
            <legend>{t('segments.whoLegend')}</legend>
            <label>
              <input type="radio" name="kind" value="rule" checked={p.state.kind === 'rule'} /> {t('segments.optionRule')}
            </label>
            <label>
              <input type="radio" name="kind" value="list" checked={p.state.kind === 'list'} /> {t('segments.optionList')}
            </label>
          </fieldset>
        )}

        {p.state.kind === 'rule' || !p.segment ? (
          <fieldset id="seg-rule-section" data-kind="rule">
            <legend>{t('segments.conditions')}</legend>
            <div>
              <label for="seg-match">{t('segments.match')}</label>
              <select id="seg-match" name="match">
                <option value="all" selected={p.state.match === 'all'}>
                  {t('segments.matchAll')}
                </option>
                <option value="any" selected={p.state.match === 'any'}>
                  {t('segments.matchAny')}
                </option>
              </select>
            </div>
            <p class="hint" id="seg-value-hint">
              {t('segments.valueHint')}
            </p>
            <ol class="conditions" aria-label={t('segments.conditions')}>
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
                {t('segments.addCondition')}
              </button>
            </div>
            <details open={jsonOpen}>
              <summary>{t('segments.advanced')}</summary>
              <label for="seg-json">{t('segments.ruleAsJson')}</label>
              <p class="hint" id="seg-json-hint">
                {t('segments.jsonHint')}{' '}
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
            <legend>{t('segments.staticList')}</legend>
            <label for="seg-emails">{t('segments.emailsLabel')}</label>
            <p class="hint" id="seg-emails-hint">
              {t('segments.emailsHint')}
              {p.segment?.memberCount !== undefined ? ` ${t('segments.emailsReplace', { count: p.segment.memberCount })}` : ''}
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
            {t('segments.preview')}
          </button>
          {canWrite && !archived ? (
            <button type="submit" name="action" value="save">
              {p.segment ? t('segments.saveChanges') : t('segments.saveSegment')}
            </button>
          ) : null}
        </div>
      </form>
      {p.preview ? <PreviewSection preview={p.preview} /> : null}
      {p.segment && canWrite && !archived ? (
        <form method="post" action={`/segments/${p.segment.id}/archive`} data-confirm={t('segments.archiveConfirm')}>
          <CsrfField token={p.csrfToken} />
          <button type="submit" class="secondary">
            {t('segments.archive')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
};
