import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout } from '../http/layout.tsx';
import { AudienceLine, Checklist } from './checklist-view.tsx';
import { StatusBadge } from './status-badge.tsx';
import { LOCALE_NAMES } from './model.ts';
import type { DiffPart, Review } from './review.ts';

const Diff = ({ parts }: { parts: DiffPart[] }) => (
  <p class="diff">
    {parts.map((p) => (p.change === 'added' ? <ins>{p.text}</ins> : p.change === 'removed' ? <del>{p.text}</del> : <span>{p.text}</span>))}
  </p>
);

/** Why the approve button is not offered, or what approving will record. */
const ApproveForm = ({ r, csrfToken, canApprove }: { r: Review; csrfToken: string; canApprove: boolean }) => {
  const waiting = r.update.status === 'draft' || r.update.status === 'pending_approval';
  if (!waiting) return <p>This update is {r.update.status.replace('_', ' ')}; there is nothing to approve.</p>;
  if (!canApprove) return <p>Your role may read this review but not approve.</p>;
  if (r.missing.length) return <p>It cannot be approved until the checklist above is complete.</p>;
  if (r.reviewerIsEditor && !r.selfApprovalAllowed) {
    return (
      <p class="hint" id="approve-why">
        You wrote or changed this update, so a colleague must approve it (four eyes): only someone who neither wrote nor changed it may approve it.
      </p>
    );
  }
  return (
    <form method="post" action={`/updates/${r.update.id}/approve`} class="action">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="reviewed" value={r.digest} />
      {r.reviewerIsEditor ? <p class="hint">You wrote or changed this update; approving it yourself is allowed by the admin setting for a team of one, and the audit log will say so.</p> : null}
      <p class="hint">Your approval covers exactly what this page shows. If the update or who is in its segments changes before you approve, you will be asked to review it again.</p>
      <button type="submit">Approve</button>
    </form>
  );
};

/** The approver's page: what recipients will read, who receives it, what changed, and the approve button. */
export const ReviewPage = ({ r, user, csrfToken, canApprove }: { r: Review; user: User; csrfToken: string; canApprove: boolean }) => {
  const u = r.update;
  const heading = `Review: ${r.languages.find((l) => l.locale === u.default_locale)?.subject ?? `update ${u.id}`}`;
  return (
    <Layout title={`${heading} · ${r.situation.title}`} user={user} csrfToken={csrfToken} section="situations">
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/situations">Situations</a> › <a href={`/situations/${r.situation.id}`}>{r.situation.title}</a> › <a href={`/updates/${u.id}`}>The update</a>
      </nav>
      <h1>{heading}</h1>
      <p class="meta">
        <StatusBadge status={u.status} id="update-status" /> Written or changed by {r.editors.map((e) => e.name).join(', ') || 'nobody signed in'}. Last changed {formatDateTime(u.updated_at)}.
      </p>
      <Checklist missing={r.missing} warnings={r.warnings} status={u.status} linkToFields={false} />

      <section aria-labelledby="review-audience" class="card">
        <h2 id="review-audience">Who receives it</h2>
        <AudienceLine audience={r.audience} />
        <p>
          Contact person: {r.contactPoint ? `${r.contactPoint.name}, ${r.contactPoint.role} (${r.contactPoint.email}, ${r.contactPoint.phone})` : 'none chosen'}.{' '}
          {u.final ? 'This is the final update: it promises no next one.' : u.next_update_at ? `Next update promised for ${formatDateTime(u.next_update_at)}.` : 'No next update promised yet.'}
          {u.quiet_hours ? ' Held for each customer until daytime on their own clock.' : ''}
        </p>
      </section>

      <section aria-labelledby="review-changes" class="card">
        <h2 id="review-changes">What changed since the last update sent</h2>
        {!r.previous ? (
          <p>This situation has sent no update yet: everything here is new to its customers.</p>
        ) : r.previous.changes.length === 0 ? (
          <p>Nothing differs from {r.previous.number ? `update ${r.previous.number}` : 'the last update sent'} in subject, body, acknowledgement, contact person or date.</p>
        ) : (
          <dl class="changes">
            {r.previous.changes.map((c) => (
              <>
                <dt>{c.label}</dt>
                <dd>
                  <Diff parts={c.parts} />
                </dd>
              </>
            ))}
          </dl>
        )}
        {r.previous ? <p class="hint">Compared with {r.previous.number ? `update ${r.previous.number}` : 'the last update sent'}: added words are underlined, removed ones struck through.</p> : null}
      </section>

      <section aria-labelledby="review-languages">
        <h2 id="review-languages">What recipients will read</h2>
        {r.languages.length === 0 ? <p>No language is complete yet.</p> : null}
        {r.languages.map((l) => (
          <article class="card" lang={l.locale} aria-labelledby={`review-${l.locale}`}>
            <h3 id={`review-${l.locale}`} lang="en">
              {LOCALE_NAMES[l.locale]}
              {l.locale === u.default_locale ? ' (default: customers in other languages read this one)' : ''}
            </h3>
            <p>
              <strong>{l.subject}</strong>
            </p>
            <pre class="email-text">{l.text}</pre>
            <p lang="en">
              <a href={`/updates/${u.id}/preview.html?locale=${l.locale}`}>The email as HTML</a>
            </p>
          </article>
        ))}
      </section>

      <section aria-labelledby="review-approve" id="actions">
        <h2 id="review-approve">Approve</h2>
        <ApproveForm r={r} csrfToken={csrfToken} canApprove={canApprove} />
      </section>
    </Layout>
  );
};
