/**
 * The dashboard's promises (DESIGN.md rule 2): every open promise with the time
 * left, coloured as it nears and labelled in words too (colour alone is not
 * accessible); overdue promises first, in red; the reached/recipients counts of
 * a partial overlap; and the reminders that went to the officers.
 */
import type { FC } from 'hono/jsx';
import { formatDateTime, TableHead } from '../http/layout.tsx';
import { HOUR, shortSpan, urgencyOf, type DashboardPromises, type Urgency } from './dashboard.ts';
import type { PromiseView } from './queries.ts';

function statusLabel(p: PromiseView, urgency: Urgency): string {
  const span = shortSpan(p.secondsLeft * 1000);
  if (urgency === 'overdue') return `Overdue by ${span}`;
  if (urgency === 'due-soon') return `Due soon: ${span} left`;
  return `${span} left`;
}

const fmt = (n: number) => new Intl.NumberFormat('en-GB').format(n);
const officers = (n: number) => `${fmt(n)} officer${n === 1 ? '' : 's'}`;

const Reached: FC<{ p: PromiseView }> = ({ p }) => {
  const waiting = Math.max(0, p.recipients - p.reached);
  return (
    <>
      {`${fmt(p.reached)} of ${fmt(p.recipients)} reached`}
      {p.reached > 0 && waiting > 0 ? (
        <>
          {' '}
          <span class="badge warn">partial</span> <span class="muted">{`${fmt(waiting)} still waiting`}</span>
        </>
      ) : null}
    </>
  );
};

const Reminders: FC<{ p: PromiseView; leadHours: number }> = ({ p, leadHours }) => {
  if (p.reminders.length === 0) {
    if (p.overdue) return <span class="muted">Overdue reminder being prepared</span>;
    const at = new Date(new Date(p.dueAt).getTime() - leadHours * HOUR);
    return <span class="muted">{`Reminder due ${formatDateTime(at)}`}</span>;
  }
  return (
    <ul class="plain">
      {p.reminders.map((r) => {
        const what = r.kind === 'overdue' ? 'Overdue reminder' : 'Reminder';
        if (r.sentAt) return <li>{`${what} sent ${formatDateTime(new Date(r.sentAt))} to ${officers(r.recipients)}`}</li>;
        return <li class="error">{r.lastError ? `${what} not sent yet, retrying: ${r.lastError}` : `${what} being sent`}</li>;
      })}
    </ul>
  );
};

export const PromisesSection: FC<{ data: DashboardPromises }> = ({ data }) => {
  const { pending, settled, leadHours } = data;
  const overdue = pending.filter((p) => p.overdue).length;
  return (
    <section aria-labelledby="promises-h" class="promises">
      <h2 id="promises-h">Promises</h2>
      <p class="muted">
        {`Each update told its recipients when they will hear from you next. The situation's officers are reminded ${leadHours} h before that date, and again if it passes.`}
      </p>
      {pending.length === 0 ? (
        <p>No open promises.</p>
      ) : (
        <>
          <p>
            {`${fmt(pending.length)} promise${pending.length === 1 ? '' : 's'} to keep`}
            {overdue > 0 ? (
              <>
                {', '}
                <strong class="overdue-count">{`${fmt(overdue)} overdue`}</strong>
              </>
            ) : null}
            .
          </p>
          <table id="promises-table">
            <caption class="visually-hidden">Open promises, overdue first, then by due date</caption>
            <TableHead columns={['Status', 'Situation', 'Promised in', 'Due', 'Recipients', 'Reminders']} />
            <tbody>
              {pending.map((p) => {
                const urgency = urgencyOf(p, leadHours);
                return (
                  <tr class={`promise-row ${urgency}`} data-promise-id={String(p.id)}>
                    <td>
                      <span class={`due ${urgency}`}>{statusLabel(p, urgency)}</span>
                    </td>
                    <PromiseCells p={p} />
                    <td>
                      <Reached p={p} />
                    </td>
                    <td>
                      <Reminders p={p} leadHours={leadHours} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {settled.length > 0 ? (
        <>
          <h3 id="settled-h">Settled this week</h3>
          <ul class="settled" aria-labelledby="settled-h">
            {settled.map((p) => (
              <li>
                <span class={`badge ${p.state === 'kept' ? 'ok' : 'bad'}`}>{p.state === 'kept' ? 'Kept' : 'Broken'}</span>{' '}
                <a href={`/situations/${p.situationId}`}>{p.situationTitle}</a>
                {`, update ${p.updateNumber ?? ''} (due ${formatDateTime(new Date(p.dueAt))}): `}
                <Reached p={p} />
                {p.state === 'kept' ? '' : ', written to late'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
};

/** The situation, the update that promised and the date: the cells every promise table starts with. */
export const PromiseCells = ({ p }: { p: Pick<PromiseView, 'situationId' | 'situationTitle' | 'updateId' | 'updateNumber' | 'dueAt'> }) => (
  <>
    <td>
      <a href={`/situations/${p.situationId}`}>{p.situationTitle}</a>
    </td>
    <td>
      <a href={`/updates/${p.updateId}`}>{p.updateNumber ? `Update ${p.updateNumber}` : 'Update'}</a>
    </td>
    <td>{formatDateTime(new Date(p.dueAt))}</td>
  </>
);
