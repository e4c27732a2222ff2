import type { User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout } from '../http/layout.tsx';
import { t, tr } from '../../i18n/current.ts';
import { AudienceLine, Checklist } from './checklist-view.tsx';
import { languageLabel } from './language-names.ts';
import { StatusBadge } from './status-badge.tsx';
import type { DiffPart, Review } from './review.ts';

const Diff = ({ parts }: { parts: DiffPart[] }) => (
  <p class="diff">
    {parts.map((p) => (p.change === 'added' ? <ins>{p.text}</ins> : p.change === 'removed' ? <del>{p.text}</del> : <span>{p.text}</span>))}
  </p>
);

/** Why the approve button is not offered, or what approving will record. */
const ApproveForm = ({ r, csrfToken, canApprove }: { r: Review; csrfToken: string; canApprove: boolean }) => {
  const waiting = r.update.status === 'draft' || r.update.status === 'pending_approval';
  if (!waiting) return <p>{t('review.nothingToApprove', { status: r.update.status })}</p>;
  if (!canApprove) return <p>{t('review.mayNotApprove')}</p>;
  if (r.missing.length) return <p>{t('review.checklistFirst')}</p>;
  if (r.reviewerIsEditor && !r.selfApprovalAllowed) {
    return (
      <p class="hint" id="approve-why">
        {t('review.fourEyes')}
      </p>
    );
  }
  return (
    <form method="post" action={`/updates/${r.update.id}/approve`} class="action">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="reviewed" value={r.digest} />
      {r.reviewerIsEditor ? <p class="hint">{t('updates.selfApprovalAllowed')}</p> : null}
      <p class="hint">{t('review.approvalCovers')}</p>
      <button type="submit">{t('updates.approve')}</button>
    </form>
  );
};

/** Who receives it besides the count: the contact person, the promised date, quiet hours. */
function deliveryLine(r: Review): string {
  const u = r.update;
  const cp = r.contactPoint;
  const person = cp ? t('review.contactPerson', { person: `${cp.name}, ${cp.role} (${cp.email}, ${cp.phone})` }) : t('review.contactPersonNone');
  const next = u.final ? t('review.finalUpdate') : u.next_update_at ? t('review.nextPromised', { date: formatDateTime(u.next_update_at) }) : t('review.nextNotPromised');
  return [person, next, u.quiet_hours ? t('review.quietHours') : ''].filter(Boolean).join(' ');
}

/** The approver's page: what recipients will read, who receives it, what changed, and the approve button. */
export const ReviewPage = ({ r, user, csrfToken, canApprove }: { r: Review; user: User; csrfToken: string; canApprove: boolean }) => {
  const u = r.update;
  const subject = r.languages.find((l) => l.locale === u.default_locale)?.subject;
  const heading = subject ? t('review.heading', { subject }) : t('review.headingNoSubject');
  const previous = r.previous;
  return (
    <Layout title={t('updates.pageTitle', { heading, situation: r.situation.title })} user={user} csrfToken={csrfToken} section="situations">
      <nav aria-label={t('updates.breadcrumb')} class="crumbs">
        <a href="/situations">{t('updates.situations')}</a> › <a href={`/situations/${r.situation.id}`}>{r.situation.title}</a> › <a href={`/updates/${u.id}`}>{t('review.theUpdate')}</a>
      </nav>
      <h1>{heading}</h1>
      <p class="meta">
        <StatusBadge status={u.status} id="update-status" /> {t('review.editedBy', { names: r.editors.map((e) => e.name).join(', ') || t('review.nobodySignedIn') })} {t('updates.lastChanged', { date: formatDateTime(u.updated_at) })}
      </p>
      <Checklist missing={r.missing} warnings={r.warnings} status={u.status} linkToFields={false} />

      <section aria-labelledby="review-audience" class="card">
        <h2 id="review-audience">{t('review.audienceHeading')}</h2>
        <AudienceLine audience={r.audience} />
        <p>{deliveryLine(r)}</p>
      </section>

      <section aria-labelledby="review-changes" class="card">
        <h2 id="review-changes">{t('review.changesHeading')}</h2>
        {!previous ? (
          <p>{t('review.firstUpdate')}</p>
        ) : previous.changes.length === 0 ? (
          <p>{previous.number ? t('review.nothingDiffers', { number: previous.number }) : t('review.nothingDiffersUnnumbered')}</p>
        ) : (
          <dl class="changes">
            {previous.changes.map((c) => (
              <>
                <dt>{c.label}</dt>
                <dd>
                  <Diff parts={c.parts} />
                </dd>
              </>
            ))}
          </dl>
        )}
        {previous ? <p class="hint">{previous.number ? t('review.comparedWith', { number: previous.number }) : t('review.comparedWithUnnumbered')}</p> : null}
      </section>

      <section aria-labelledby="review-languages">
        <h2 id="review-languages">{t('review.languagesHeading')}</h2>
        {r.languages.length === 0 ? <p>{t('review.noLanguageComplete')}</p> : null}
        {r.languages.map((l) => (
          <article class="card" lang={l.locale} aria-labelledby={`review-${l.locale}`}>
            <h3 id={`review-${l.locale}`} lang={tr().locale}>
              {l.locale === u.default_locale ? t('review.defaultLanguage', { language: languageLabel(l.locale) }) : languageLabel(l.locale)}
            </h3>
            <p>
              <strong>{l.subject}</strong>
            </p>
            <pre class="email-text">{l.text}</pre>
            <p lang={tr().locale}>
              <a href={`/updates/${u.id}/preview.html?locale=${l.locale}`}>{t('review.asHtml')}</a>
            </p>
          </article>
        ))}
      </section>

      <section aria-labelledby="review-approve" id="actions">
        <h2 id="review-approve">{t('review.approveHeading')}</h2>
        <ApproveForm r={r} csrfToken={csrfToken} canApprove={canApprove} />
      </section>
    </Layout>
  );
};
