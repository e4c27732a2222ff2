import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { can } from '../permissions.ts';
import { t } from '../../i18n/current.ts';
import type { FollowUpRow } from './inbox.ts';

/** Customers a responder asked the organisation to reach out to personally: the open ones, and the latest done. */
export const FollowUpsPage = ({ open, done, user, csrfToken: csrf, flash }: { open: FollowUpRow[]; done: FollowUpRow[]; user: User; csrfToken: string; flash?: string | undefined }) => {
  // Hides the button only; the resolve route declares who may use it.
  const mayResolve = can(user.role, 'followups:write');
  return (
    <Layout title={t('conversations.followUpsTitle')} user={user} csrfToken={csrf} section="inbox" flash={flash}>
      <h1>{t('conversations.followUpsTitle')}</h1>
      <p class="muted">{t('conversations.followUpsIntro')}</p>
      {open.length === 0 ? (
        <p>{t('conversations.followUpsEmpty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('conversations.followUpsCaption')}</caption>
          <TableHead columns={[t('conversations.colFlagged'), t('conversations.colCustomer'), t('conversations.colSituation'), t('conversations.colNote'), t('conversations.colBy')]} actions={mayResolve} />
          <tbody>
            {open.map((f) => (
              <tr>
                <td>{formatDateTime(f.created_at)}</td>
                <td>
                  {f.conversation_id ? <a href={`/inbox/${f.conversation_id}`}>{f.customer || f.email}</a> : f.customer || f.email}
                  <div class="muted">{f.email}</div>
                </td>
                <td>{f.situation ?? '—'}</td>
                <td class="prewrap">{f.note}</td>
                <td>{f.flagged_by ?? '—'}</td>
                {mayResolve ? (
                  <td>
                    <form method="post" action={`/follow-ups/${f.id}/resolve`} class="inline-form">
                      <CsrfField token={csrf} />
                      <button type="submit" class="secondary">
                        {t('conversations.followUpDone')}
                        <span class="visually-hidden">{t('conversations.followUpDoneWith', { name: f.customer || f.email })}</span>
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {done.length ? (
        <details class="spaced">
          <summary>{t('conversations.recentlyDone', { count: done.length })}</summary>
          <ul>
            {done.map((f) => (
              <li>{t('conversations.doneItem', { customer: f.customer || f.email, note: f.note, date: formatDateTime(f.resolved_at) })}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </Layout>
  );
};
