import { TableHead } from '../http/layout.tsx';
import type { ApprovedUpdateRef } from '../updates/approval.ts';
import type { BuilderState, FormProblem } from './form.ts';
import { previewSummary, type Preview } from './audience.ts';
import { OPERATOR_LABELS, OPERATORS, RULE_LIMITS } from './rule.ts';

export const fmt = (n: number) => new Intl.NumberFormat('en-GB').format(n);

/** Said before a change is saved: rule 8 withdraws these approvals when who is in the segment changes. */
export const ApprovalsAtStake = ({ updates }: { updates: ApprovedUpdateRef[] }) => (
  <section class="card warn" aria-labelledby="approvals-at-stake" id="approvals-at-stake-section">
    <h2 id="approvals-at-stake">Approved updates send to this segment</h2>
    <p>
      Saving a change to its conditions or members sends {updates.length === 1 ? 'this approved update' : `these ${updates.length} approved updates`} back to draft, and cancels a
      scheduled send: a colleague must approve again who receives {updates.length === 1 ? 'it' : 'them'}. Renaming changes nothing.
    </p>
    <ul>
      {updates.map((u) => (
        <li>
          <a href={`/updates/${u.id}`}>{u.subject || `Update ${u.id}`}</a> ({u.status === 'scheduled' ? 'scheduled' : 'approved'})
        </li>
      ))}
    </ul>
  </section>
);

export const PreviewSection = ({ preview }: { preview: Preview }) => (
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

export const ConditionRow = (p: { row: BuilderState['rows'][number]; i: number; total: number; problem?: FormProblem | undefined; autofocus: boolean }) => {
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

