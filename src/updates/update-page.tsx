import type { Locale } from '../config.ts';
import type { User } from '../db/types.ts';
import { formatDateTime, Layout } from '../http/layout.tsx';
import { Actions } from './actions.tsx';
import { AudienceLine, Checklist } from './checklist-view.tsx';
import { ComposerForm } from './composer.tsx';
import { UpdateFacts } from './facts.tsx';
import { valuesFromUpdate, type ComposerValues } from './form.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { t } from '../../i18n/current.ts';
import { languageName } from './language-names.ts';
import { isLocale } from '../../i18n/locales.ts';
import type { UpdatePageData } from './page-data.ts';
import { PreviewSection } from './preview-view.tsx';
import { progressOf, ProgressSection, RecipientsSection } from './progress.tsx';
import { StatusBadge, updateHeading } from './status-badge.tsx';

export { updateHeading };

const FLASH_KEYS = {
  created: 'updates.flashCreated',
  'from-previous': 'updates.flashFromPrevious',
  saved: 'updates.flashSaved',
  'saved-back': 'updates.flashSavedBack',
  submitted: 'updates.flashSubmitted',
  approved: 'updates.flashApproved',
  sent: 'updates.flashSent',
  scheduled: 'updates.flashScheduled',
  cancelled: 'updates.flashCancelled',
} as const satisfies Record<string, PlainKey>;

/** The line shown after a step succeeded (`?done=` on the redirect back to the page). */
export function flashMessage(done: string | undefined, locale: string | undefined, email: string): string | undefined {
  if (done === 'test') return isLocale(locale) ? t('updates.flashTestIn', { email, language: languageName(locale) }) : t('updates.flashTest', { email });
  return done && done in FLASH_KEYS ? t(FLASH_KEYS[done as keyof typeof FLASH_KEYS]) : undefined;
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

/** The update page: the composer for editable updates, a read-only view with progress for the others. */
export const UpdatePage = (p: UpdatePageProps) => {
  const { update: u, situation, names } = p.data;
  // The number is given when the update goes out, so customers read Update 1, 2, 3 in sending order.
  const heading = updateHeading(u);
  const actions = (
    <Actions u={u} user={p.user} csrfToken={p.csrfToken} can={p.can} editorIds={p.data.editorIds} allowSelfApproval={p.data.allowSelfApproval} complete={p.data.complete} zone={p.zone} sendAtLocal={p.sendAtLocal} sendNow={p.data.sendNow} />
  );
  const previewSection = <PreviewSection updateId={u.id} preview={p.data.preview} defaultLocale={u.default_locale as Locale} complete={p.data.complete} composing={Boolean(p.data.composing)} />;
  const facts = <UpdateFacts u={u} segments={p.data.segments} contactPoint={p.data.contactPoint} zone={p.zone} />;
  const { composing, sending } = p.data;
  const progress = sending ? progressOf(u, sending.counts, new Date(), sending.held) : undefined;

  return (
    <Layout title={t('updates.pageTitle', { heading, situation: situation.title })} user={p.user} csrfToken={p.csrfToken} section="situations" flash={p.error ? undefined : p.flash} scripts={['updates.js']}>
      <nav aria-label={t('updates.breadcrumb')} class="crumbs">
        <a href="/situations">{t('updates.situations')}</a> › <a href={`/situations/${situation.id}`}>{situation.title}</a>
      </nav>
      <h1>
        <span id="update-heading">{heading}</span>
        <span class="subtitle">{situation.title}</span>
      </h1>
      <p class="meta">
        <StatusBadge status={u.status} id="update-status" />
        {u.author_id ? ` ${t('updates.writtenBy', { name: names.get(u.author_id) ?? t('updates.formerUser') })}` : ''}
        {u.approved_by ? ` ${t(u.self_approved ? 'updates.approvedBySelf' : 'updates.approvedBy', { name: names.get(u.approved_by) ?? t('updates.formerUser'), date: formatDateTime(u.approved_at) })}` : ''}
        {` ${t('updates.lastChanged', { date: formatDateTime(u.updated_at) })}`}
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
