import type { User } from '../db/types.ts';
import { Layout, TableHead } from '../http/layout.tsx';
import { formatAge, type AgeBands, type Inbox } from './inbox.ts';

export const AgeBandList = ({ bands }: { bands: AgeBands }) => (
  <dl class="age-bands">
    <div>
      <dt>waiting under 4 h</dt>
      <dd>{bands.under4h}</dd>
    </div>
    <div>
      <dt>waiting 4–24 h</dt>
      <dd>{bands.from4to24h}</dd>
    </div>
    <div class={bands.over24h > 0 ? 'band-old' : undefined}>
      <dt>waiting over 24 h</dt>
      <dd>{bands.over24h}</dd>
    </div>
  </dl>
);

/** The inbox: customers waiting for an answer, the longest-waiting first, with a filter for all but responders. */
export const InboxPage = ({ inbox, mine, user, csrfToken, now }: { inbox: Inbox; mine: boolean; user: User; csrfToken: string; now: Date }) => {
  const { scope, rows, bands, contactPoints } = inbox;
  return (
    <Layout title="Inbox" user={user} csrfToken={csrfToken} section="inbox">
      <h1>Inbox</h1>
      <p class="muted">
        {user.role === 'responder' ? 'Customers waiting for an answer from your contact points, the longest-waiting first.' : 'Customers waiting for an answer, the longest-waiting first.'}{' '}
        <a href="/follow-ups">Follow-ups</a>
      </p>
      {user.role !== 'responder' ? (
        <form method="get" action="/inbox" class="actions">
          <label for="inbox-cp">Show</label>
          <select id="inbox-cp" name="cp">
            <option value="">everyone's conversations</option>
            {contactPoints.map((p) => (
              <option value={String(p.id)} selected={scope.kind === 'contact_point' && scope.contactPointId === p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" name="mine" value="1" checked={mine} /> only mine
          </label>
          <button type="submit" class="secondary">
            Filter
          </button>
        </form>
      ) : null}
      <AgeBandList bands={bands} />
      {rows.length === 0 ? (
        <p>Nobody is waiting for an answer.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Open conversations</caption>
          <TableHead columns={['Waiting', 'Customer', 'Situation', 'Contact person', 'Last message']} />
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{formatAge(r.waitingSince, now)}</td>
                <td>
                  <a href={`/inbox/${r.id}`}>{r.customerName || r.customerEmail}</a>
                  <div class="muted">{r.customerEmail}</div>
                </td>
                <td>{r.situationTitle}</td>
                <td>{r.contactPointName ?? '—'}</td>
                <td>{r.lastExcerpt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
};
