import type { Locale } from '../config.ts';
import type { User } from '../db/types.ts';
import { formatDateTime, Layout } from '../http/layout.tsx';
import { Actions } from './actions.tsx';
import { AudienceLine, Checklist } from './checklist-view.tsx';
import { ComposerForm } from './composer.tsx';
import { UpdateFacts } from './facts.tsx';
import { valuesFromUpdate, type ComposerValues } from './form.ts';
import { isLocale, LOCALE_NAMES } from './model.ts';
import type { UpdatePageData } from './page-data.ts';
import { PreviewSection } from './preview-view.tsx';
import { progressOf, ProgressSection, RecipientsSection } from './progress.tsx';
import { StatusBadge } from './status-badge.tsx';

/** The line shown after a step succeeded (`?done=` on the redirect back to the page). */
export function flashMessage(done: string | undefined, locale: string | undefined, email: string): string | undefined {
  switch (done) {
    case 'created':
      return 'A new draft was created. Fill in what the checklist asks for.';
    case 'from-previous':
      return 'A new draft was started from the previous update (the last one sent): content, segments and contact person carried over. Write the acknowledgement, promise the next date and choose quiet hours afresh.';
    case 'saved':
      return 'Draft saved.';
    case 'saved-back':
      return 'Saved. The change took the update back to draft: a colleague must approve it again.';
    case 'submitted':
      return 'Submitted for approval. A colleague must now approve it.';
    case 'approved':
      return 'Approved. The update can now be sent.';
    case 'sent':
      return 'Sending has started.';
    case 'scheduled':
      return 'Scheduled. You can cancel it until it starts.';
    case 'cancelled':
      return 'The update was cancelled. It will not be sent.';
    case 'test':
      return `Test sent to ${email}${isLocale(locale) ? ` (${LOCALE_NAMES[locale]})` : ''}.`;
    default:
      return undefined;
  }
}

export interface UpdatePageProps {
  data: UpdatePageData;
  user: User;
  csrfToken: string;
  /** What the person's role lets them do here (the routes check it again). */
  can: { write: boolean; approve: boolean; send: boolean };
  zone: string;
  previewLocale: Locale;
  flash?: string | undefined;
  /** A refusal shown in place, with what was typed kept. */
  error?: string | undefined;
  values?: ComposerValues | undefined;
  sendAtLocal?: string | undefined;
}

/** Before an update goes out it has no number; its heading says where it stands. */
const HEADINGS: Partial<Record<string, string>> = {
  draft: 'Draft update',
  pending_approval: 'Update waiting for approval',
  approved: 'Approved update',
  scheduled: 'Scheduled update',
  cancelled: 'Cancelled update',
};

/** The update page: the composer for editable updates, a read-only view with progress for the others. */
export const UpdatePage = (p: UpdatePageProps) => {
  const { update: u, situation, names } = p.data;
  // The number is given when the update goes out, so customers read Update 1, 2, 3 in sending order.
  const heading = u.number ? `Update ${u.number}` : HEADINGS[u.status] ?? 'Draft update';
  const actions = (
    <Actions u={u} user={p.user} csrfToken={p.csrfToken} can={p.can} editorIds={p.data.editorIds} allowSelfApproval={p.data.allowSelfApproval} complete={p.data.complete} zone={p.zone} sendAtLocal={p.sendAtLocal} sendNow={p.data.sendNow} />
  );
  const previewSection = <PreviewSection updateId={u.id} preview={p.data.preview} defaultLocale={u.default_locale as Locale} complete={p.data.complete} heading={p.data.composing ? 'Preview' : 'What customers receive'} />;
  const facts = <UpdateFacts u={u} segments={p.data.segments} contactPoint={p.data.contactPoint} zone={p.zone} />;
  const { composing, sending } = p.data;
  const progress = sending ? progressOf(u, sending.counts, new Date(), sending.held) : undefined;

  return (
    <Layout title={`${heading} · ${situation.title}`} user={p.user} csrfToken={p.csrfToken} section="situations" flash={p.error ? undefined : p.flash} scripts={['updates.js']}>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/situations">Situations</a> › <a href={`/situations/${situation.id}`}>{situation.title}</a>
      </nav>
      <h1>
        <span id="update-heading">{heading}</span>
        <span class="subtitle">{situation.title}</span>
      </h1>
      <p class="meta">
        <StatusBadge status={u.status} id="update-status" />
        {u.author_id ? ` Written by ${names.get(u.author_id) ?? 'a former user'}.` : ''}
        {u.approved_by ? ` Approved by ${names.get(u.approved_by) ?? 'a former user'}${u.self_approved ? ' (its author, under the team-of-one setting)' : ''} ${formatDateTime(u.approved_at)}.` : ''}
        {` Last changed ${formatDateTime(u.updated_at)}.`}
      </p>
      {p.error ? (
        <p class="error" role="alert" id="update-error">
          {p.error}
        </p>
      ) : null}
      {composing ? (
        <>
          <Checklist missing={composing.missing} warnings={composing.warnings} status={u.status} linkToFields={p.can.write} />
          <AudienceLine audience={composing.audience} />
          {p.can.write ? (
            <ComposerForm u={u} values={p.values ?? valuesFromUpdate(u, p.zone)} segments={p.data.segments} contactPoints={p.data.contactPoints} csrfToken={p.csrfToken} previewLocale={p.previewLocale} />
          ) : (
            facts
          )}
          {previewSection}
          {actions}
        </>
      ) : (
        <>
          {progress && sending ? (
            <>
              <ProgressSection updateId={u.id} progress={progress} />
              <RecipientsSection progress={progress} recipients={sending.recipients} />
            </>
          ) : null}
          {u.status === 'scheduled' ? actions : null}
          {facts}
          {previewSection}
        </>
      )}
    </Layout>
  );
};
