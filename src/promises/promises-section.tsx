/**
 * The dashboard's promises (DESIGN.md rule 2): every open promise with the time
 * left, coloured as it nears and labelled in words too (colour alone is not
 * accessible); overdue promises first, in red; the reached/recipients counts of
 * a partial overlap; and the reminders that went to the officers.
 */
import type { Child, FC } from 'hono/jsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { t, tr } from '../../i18n/current.ts';
import { formatDateTime, TableHead } from '../http/layout.tsx';
import { HOUR, shortSpan, urgencyOf, type DashboardPromises, type Urgency } from './dashboard.ts';
import type { PromiseView } from './queries.ts';

function statusLabel(p: PromiseView, urgency: Urgency): string {
  const span = shortSpan(p.secondsLeft * 1000, tr());
  if (urgency === 'overdue') return t('promises.overdueBy', { span });
  if (urgency === 'due-soon') return t('promises.dueSoon', { span });
  return t('promises.timeLeft', { span });
}

/** A message whose arguments are markup: its text around them, each slot filled from `slots`. */
function sentence(key: MessageKey, slots: Record<string, Child>): Child[] {
  return tr()
    .parts(key)
    .map((part) => (typeof part === 'string' ? part : (slots[part.arg] ?? '')));
}

const Reached: FC<{ p: PromiseView }> = ({ p }) => {
  const waiting = Math.max(0, p.recipients - p.reached);
  return (
    <>
      {t('promises.reached', { reached: p.reached, recipients: p.recipients })}
      {p.reached > 0 && waiting > 0 ? (
        <>
          {' '}
          <span class="badge warn">{t('promises.partial')}</span> <span class="muted">{t('promises.stillWaiting', { count: waiting })}</span>
        </>
      ) : null}
    </>
  );
};

const Reminders: FC<{ p: PromiseView; leadHours: number }> = ({ p, leadHours }) => {
  if (p.reminders.length === 0) {
    if (p.overdue) return <span class="muted">{t('promises.overdueReminderPreparing')}</span>;
    const at = new Date(new Date(p.dueAt).getTime() - leadHours * HOUR);
    return <span class="muted">{t('promises.reminderDue', { date: formatDateTime(at) })}</span>;
  }
  return (
    <ul class="plain">
      {p.reminders.map((r) => {
        const overdue = r.kind === 'overdue';
        if (r.sentAt) return <li>{t(overdue ? 'promises.overdueReminderSent' : 'promises.reminderSent', { date: formatDateTime(new Date(r.sentAt)), count: r.recipients })}</li>;
        if (r.lastError) return <li class="error">{t(overdue ? 'promises.overdueReminderRetrying' : 'promises.reminderRetrying', { error: r.lastError })}</li>;
        return <li class="error">{t(overdue ? 'promises.overdueReminderBeingSent' : 'promises.reminderBeingSent')}</li>;
      })}
    </ul>
  );
};

export const PromisesSection: FC<{ data: DashboardPromises }> = ({ data }) => {
  const { pending, settled, leadHours } = data;
  const overdue = pending.filter((p) => p.overdue).length;
  const toKeep = t('promises.toKeep', { count: pending.length });
  return (
    <section aria-labelledby="promises-h" class="promises">
      <h2 id="promises-h">{t('promises.title')}</h2>
      <p class="muted">{t('promises.sectionIntro', { hours: leadHours })}</p>
      {pending.length === 0 ? (
        <p>{t('promises.noOpenPromises')}</p>
      ) : (
        <>
          <p>
            {overdue > 0
              ? sentence('promises.toKeepWithOverdue', { toKeep, overdue: <strong class="overdue-count">{t('promises.overdueCount', { count: overdue })}</strong> })
              : t('promises.toKeepSentence', { toKeep })}
          </p>
          <table id="promises-table">
            <caption class="visually-hidden">{t('promises.sectionCaption')}</caption>
            <TableHead columns={[t('promises.columnStatus'), t('promises.columnSituation'), t('promises.columnPromisedIn'), t('promises.columnDue'), t('promises.columnRecipients'), t('promises.columnReminders')]} />
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
          <h3 id="settled-h">{t('promises.settledHeading')}</h3>
          <ul class="settled" aria-labelledby="settled-h">
            {settled.map((p) => (
              <li>
                <span class={`badge ${p.state === 'kept' ? 'ok' : 'bad'}`}>{p.state === 'kept' ? t('promises.kept') : t('promises.broken')}</span>{' '}
                {sentence(p.state === 'kept' ? 'promises.settledLine' : 'promises.settledLineLate', {
                  situation: <a href={`/situations/${p.situationId}`}>{p.situationTitle}</a>,
                  number: p.updateNumber ?? '',
                  date: formatDateTime(new Date(p.dueAt)),
                  reached: <Reached p={p} />,
                })}
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
      <a href={`/updates/${p.updateId}`}>{p.updateNumber ? t('promises.updateNumbered', { number: p.updateNumber }) : t('promises.updateUnnumbered')}</a>
    </td>
    <td>{formatDateTime(new Date(p.dueAt))}</td>
  </>
);
