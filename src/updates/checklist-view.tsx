import { previewSummary, type Preview } from '../segments/audience.ts';
import type { LanguageWarning, MissingElement } from './checklist.ts';

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
        <strong>Languages:</strong> some customers will read part of this update in another language than their own.
      </p>
      <ul>
        {p.warnings.map((w) => (
          <li data-element={w.element} data-locale={w.locale}>
            {p.linkToFields && w.element === 'acknowledgement' ? <a href={`#f-ack-${w.locale}`}>{w.message}</a> : w.message}
          </li>
        ))}
      </ul>
    </div>
  ) : null;

/** The missing-element checklist (rule 1), shown before anything else, with the language warnings under it. */
export const Checklist = (p: { missing: MissingElement[]; warnings?: LanguageWarning[] | undefined; status: string; linkToFields: boolean }) => (
  <section class={`card checklist ${p.missing.length ? 'incomplete' : 'complete'}`} aria-labelledby="checklist-h" id="checklist">
    <h2 id="checklist-h">Checklist</h2>
    {p.missing.length ? (
      <>
        <p>
          Before it can be approved and sent, this update needs {p.missing.length === 1 ? 'one more thing' : `${p.missing.length} more things`}:
        </p>
        <ul>
          {p.missing.map((m) => (
            <li data-element={m.element}>{p.linkToFields ? <a href={`#${ANCHORS[m.element]}`}>{m.message}</a> : m.message}</li>
          ))}
        </ul>
      </>
    ) : (
      <p class="ready">
        {p.status === 'approved'
          ? 'Nothing is missing. The update is approved and ready to send.'
          : p.status === 'pending_approval'
            ? 'Nothing is missing. The update is waiting for a colleague to approve it.'
            : 'Nothing is missing: this update is ready for approval.'}
      </p>
    )}
    <LanguageWarnings warnings={p.warnings ?? []} linkToFields={p.linkToFields} />
  </section>
);

export const AudienceLine = (p: { audience: Pick<Preview, 'eligible' | 'excluded'> | undefined }) => (
  <p id="audience" class="audience">
    {p.audience ? <strong>{previewSummary(p.audience)}</strong> : 'Choose one or more segments to see how many customers will receive this.'}
    {p.audience ? <span class="muted"> A customer in several of the chosen segments receives one email.</span> : null}
  </p>
);
