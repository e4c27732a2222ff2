import type { Segment, User } from '../db/types.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';

export const SegmentListPage = (p: { user: User; csrfToken: string; segments: Array<Segment & { eligible: number }>; canWrite: boolean }) => (
  <Layout title="Segments" user={p.user} csrfToken={p.csrfToken} section="segments">
    <h1>Segments</h1>
    <p class="muted">Who an update goes to: customers matching conditions, or a fixed list of addresses.</p>
    <p>
      <a class="button" href="/segments/new">
        {p.canWrite ? 'New segment' : 'Try a rule'}
      </a>
    </p>
    {p.segments.length === 0 ? (
      <p>No segments yet.</p>
    ) : (
      <table>
        <caption class="visually-hidden">Segments, with how many customers each reaches now</caption>
        <TableHead columns={['Name', 'Kind', 'Reaches now', 'Created', 'Last changed']} />
        <tbody>
          {p.segments.map((s) => (
            <tr>
              <td>
                <a href={`/segments/${s.id}`}>{s.name}</a>
              </td>
              <td>{s.kind === 'list' ? 'Static list' : 'Rule'}</td>
              {/* Eligible now: suppressed, unsubscribed and erased customers are not counted. */}
              <td>
                {s.eligible.toLocaleString('en')} {s.eligible === 1 ? 'customer' : 'customers'}
              </td>
              <td>{formatDateTime(s.created_at)}</td>
              <td>{formatDateTime(s.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Layout>
);
