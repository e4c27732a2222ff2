import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout } from '../http/layout.tsx';
import type { Suppression } from './queries.ts';

const REASON_LABELS: Record<Suppression['reason'], string> = { bounced: 'Hard bounce', complained: 'Marked as spam', manual: 'Added by hand' };

export const SuppressionsPage = (p: {
  suppressions: Suppression[];
  /** The address part searched for, if any. */
  search?: string | undefined;
  /** The cursor of the next (older) page, if there is one. */
  nextCursor?: string | undefined;
  /** Whether to offer lifting (admins). */
  canLift: boolean;
  user: User;
  csrfToken: string;
  flash?: string | undefined;
  error?: string | undefined;
  values?: { email: string; reason: string } | undefined;
}) => (
  <Layout title="Suppressions" user={p.user} csrfToken={p.csrfToken} section="suppressions" flash={p.flash}>
    <h1>Suppressions</h1>
    <p class="muted">Addresses tidings will not mail: after a hard bounce or a complaint, or added by hand. Every release leaves them out and says so.</p>
    {p.error ? (
      <p class="error" role="alert" id="lift-error">
        {p.error}
      </p>
    ) : null}
    <form method="get" action="/suppressions" class="actions" role="search">
      <label for="sup-q">Find an address</label>
      <input id="sup-q" name="q" type="search" value={p.search ?? ''} />
      <button type="submit" class="secondary">
        Search
      </button>
    </form>
    {p.suppressions.length === 0 ? (
      <p id="no-suppressions">No suppressed addresses{p.search ? ' match' : ''}.</p>
    ) : (
      <table id="suppressions">
        <caption class="visually-hidden">Suppressed addresses</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Why</th>
            <th scope="col">Source</th>
            <th scope="col">Since</th>
            {p.canLift ? <th scope="col">Lift</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.suppressions.map((s, i) => (
            <tr>
              <td>{s.email}</td>
              <td>{REASON_LABELS[s.reason]}</td>
              <td>{s.source ?? '—'}</td>
              <td>{formatDateTime(s.createdAt)}</td>
              {p.canLift ? (
                <td>
                  <form method="post" action="/suppressions/lift" class="inline">
                    <CsrfField token={p.csrfToken} />
                    <input type="hidden" name="email" value={s.email} />
                    <label for={`lift-reason-${i}`}>
                      Reason<span class="visually-hidden"> for lifting {s.email}</span>
                    </label>
                    <input id={`lift-reason-${i}`} name="reason" type="text" required maxlength={1000} value={p.values?.email === s.email ? p.values.reason : ''} />
                    <button type="submit" class="secondary">
                      Lift<span class="visually-hidden"> the suppression of {s.email}</span>
                    </button>
                  </form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {p.nextCursor ? (
      <p>
        <a href={`/suppressions?${new URLSearchParams({ ...(p.search ? { q: p.search } : {}), cursor: p.nextCursor }).toString()}`}>Older suppressions</a>
      </p>
    ) : null}
  </Layout>
);
