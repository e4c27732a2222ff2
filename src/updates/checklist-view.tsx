import { t } from '../../i18n/current.ts';
import { previewSummary, type Preview } from '../segments/audience.ts';
import type { LanguageWarning, MissingElement } from './checklist.ts';
import { readerText } from './language-names.ts';

// What an update still needs and whom it reaches: shown first on the composer and on the review page.

const ANCHORS: Record<MissingElement['element'], string> = {
  segments: 'f-segments',
  contact_point: 'f-contact-point',
  acknowledgement: 'f-ack',
  next_update: 'f-next',
  content: 'f-content',
};

/** Who will read part of the update in the default language: said per language, and no bar to sending. */
const LanguageWarnings = (p: { warnings: LanguageWarning[]; linkToFields: boolean }) =>
  p.warnings.length ? (
    <div class="language-warnings" id="language-warnings">
      <p>
        <strong>{t('composer.warningsLabel')}</strong> {t('composer.warningsIntro')}
      </p>
      <ul>
        {p.warnings.map((w) => {
          const text = readerText(w.text);
          return (
            <li data-element={w.element} data-locale={w.locale}>
              {p.linkToFields && w.element === 'acknowledgement' ? <a href={`#f-ack-${w.locale}`}>{text}</a> : text}
            </li>
          );
        })}
      </ul>
    </div>
  ) : null;

const READY = { approved: 'composer.readyApproved', pending_approval: 'composer.readyPending' } as const;

/** The missing-element checklist (rule 1), shown before anything else, with the language warnings under it. */
export const Checklist = (p: { missing: MissingElement[]; warnings?: LanguageWarning[] | undefined; status: string; linkToFields: boolean }) => (
  <section class={`card checklist ${p.missing.length ? 'incomplete' : 'complete'}`} aria-labelledby="checklist-h" id="checklist">
    <h2 id="checklist-h">{t('composer.checklistHeading')}</h2>
    {p.missing.length ? (
      <>
        <p>{t('composer.checklistNeeds', { count: p.missing.length })}</p>
        <ul>
          {p.missing.map((m) => {
            const text = readerText(m.text);
            return <li data-element={m.element}>{p.linkToFields ? <a href={`#${ANCHORS[m.element]}`}>{text}</a> : text}</li>;
          })}
        </ul>
      </>
    ) : (
      <p class="ready">{t(p.status in READY ? READY[p.status as keyof typeof READY] : 'composer.readyDraft')}</p>
    )}
    <LanguageWarnings warnings={p.warnings ?? []} linkToFields={p.linkToFields} />
  </section>
);

export const AudienceLine = (p: { audience: Pick<Preview, 'eligible' | 'excluded'> | undefined }) => (
  <p id="audience" class="audience">
    {p.audience ? <strong>{previewSummary(p.audience)}</strong> : t('composer.audienceChoose')}
    {p.audience ? <span class="muted"> {t('composer.audienceOnce')}</span> : null}
  </p>
);
