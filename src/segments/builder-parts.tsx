import { TableHead } from '../http/layout.tsx';
import type { ApprovedUpdateRef } from '../updates/approval.ts';
import type { BuilderState, FormProblem } from './form.ts';
import { previewSummary, type Preview } from './audience.ts';
import { OPERATOR_LABELS, OPERATORS, RULE_LIMITS } from './rule.ts';
import { t, tr } from '../../i18n/current.ts';

/** Said before a change is saved: rule 8 withdraws these approvals when who is in the segment changes. */
export const ApprovalsAtStake = ({ updates }: { updates: ApprovedUpdateRef[] }) => (
  <section class="card warn" aria-labelledby="approvals-at-stake" id="approvals-at-stake-section">
    <h2 id="approvals-at-stake">{t('segments.approvalsHeading')}</h2>
    <p>
      {t('segments.approvalsText', { count: updates.length })} {t('segments.renamingNothing')}
    </p>
    <ul>
      {updates.map((u) => (
        <li>
          <a href={`/updates/${u.id}`}>{u.subject || t('segments.untitledUpdate')}</a> ({u.status === 'scheduled' ? t('segments.stateScheduled') : t('segments.stateApproved')})
        </li>
      ))}
    </ul>
  </section>
);

export const PreviewSection = ({ preview }: { preview: Preview }) => (
  <section aria-labelledby="preview-heading" class="card">
    <h2 id="preview-heading">{t('segments.preview')}</h2>
    <p>
      <strong>{previewSummary(preview)}</strong>
    </p>
    <table>
      <caption>{t('segments.leftOutCaption')}</caption>
      <TableHead columns={[t('segments.colReason'), t('segments.colCustomers')]} />
      <tbody>
        <tr>
          <th scope="row">{t('segments.leftSuppressed')}</th>
          <td>{tr().number(preview.excluded.suppressed)}</td>
        </tr>
        <tr>
          <th scope="row">{t('segments.leftUnsubscribed')}</th>
          <td>{tr().number(preview.excluded.unsubscribed)}</td>
        </tr>
      </tbody>
    </table>
    {preview.sample.length === 0 ? (
      <p class="muted">{t('segments.nobody')}</p>
    ) : (
      <table>
        <caption>{t('segments.sampleCaption', { count: preview.sample.length })}</caption>
        <TableHead columns={[t('segments.colName'), t('segments.colEmail'), t('segments.colLanguage')]} />
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

export const ConditionRow = (p: { row: BuilderState['rows'][number]; i: number; total: number; problem?: FormProblem | undefined; autofocus: boolean }) => {
  const bad = p.problem?.row === p.i ? p.problem : undefined;
  const errId = `cond-${p.i}-error`;
  const describedValue = ['seg-value-hint', bad ? errId : ''].filter(Boolean).join(' ');
  return (
    <li>
      <fieldset class="condition-row">
        <legend>{t('segments.conditionN', { number: p.i + 1 })}</legend>
        <div class="condition">
          <div>
            <label for={`attribute_${p.i}`}>{t('segments.attribute')}</label>
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
            <label for={`op_${p.i}`}>{t('segments.operator')}</label>
            <select id={`op_${p.i}`} name={`op_${p.i}`} aria-invalid={bad?.field === 'op' ? 'true' : undefined} aria-describedby={bad ? errId : undefined}>
              {OPERATORS.map((op) => (
                <option value={op} selected={p.row.op === op}>
                  {t('segments.operatorOption', { label: t(OPERATOR_LABELS[op]), op })}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for={`value_${p.i}`}>{t('segments.value')}</label>
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
                <span aria-hidden="true">{t('segments.remove')}</span>
                <span class="visually-hidden">{t('segments.removeCondition', { number: p.i + 1 })}</span>
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

