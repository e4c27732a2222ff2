import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { ContactPoint, Segment } from '../db/types.ts';
import { CsrfField } from '../http/layout.tsx';
import type { ComposerValues } from './form.ts';
import { t, tr } from '../../i18n/current.ts';
import { languageLabel, languageName } from './language-names.ts';
import type { UpdateWithRelations } from './model.ts';
import { ZoneSelect } from './zone-select.tsx';

// Names other folders and tests import from here, where they used to live.
export { StatusBadge } from './status-badge.tsx';
export { inputFromValues, valuesFromForm } from './form.ts';
export { instantToZoned, zonedToInstant } from './zones.ts';

export interface ComposerFormProps {
  u: UpdateWithRelations;
  values: ComposerValues;
  segments: Segment[];
  contactPoints: ContactPoint[];
  csrfToken: string;
  previewLocale: Locale;
}

/** The composer itself: a plain form that saves the draft; the checklist and preview follow from what is saved. */
export const ComposerForm = (p: ComposerFormProps) => {
  const v = p.values;
  const approved = p.u.status === 'approved' || p.u.status === 'pending_approval';
  return (
    <form method="post" action={`/updates/${p.u.id}`} id="update-form" class="stack composer" novalidate>
      <CsrfField token={p.csrfToken} />
      <input type="hidden" name="preview" value={p.previewLocale} />
      {approved ? (
        <p class="badge warn" id="approval-note">
          {t('composer.approvalNote')}
        </p>
      ) : null}

      <fieldset id="f-segments">
        <legend>{t('composer.segmentsLegend')}</legend>
        {p.segments.length === 0 ? (
          <p>
            {tr()
              .parts('composer.noSegments')
              .map((part) => (typeof part === 'string' ? part : <a href="/segments/new">{t('composer.buildSegment')}</a>))}
          </p>
        ) : (
          <ul class="plain">
            {p.segments.map((s) => (
              <li>
                <label class="inline">
                  <input type="checkbox" name="segmentIds" value={String(s.id)} checked={v.segmentIds.includes(String(s.id))} />{' '}
                  {s.archived_at ? t('composer.segmentArchived', { name: s.name }) : s.name}
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <div id="f-contact-point">
        <label for="f-cp">{t('composer.contactPersonLabel')}</label>
        <p class="hint" id="f-cp-hint">
          {t('composer.contactPersonHint')} <a href="/contact-points">{t('composer.manageContactPoints')}</a>
        </p>
        <select id="f-cp" name="contactPointId" aria-describedby="f-cp-hint">
          <option value="">{t('composer.choosePerson')}</option>
          {p.contactPoints.map((cp) => (
            <option value={String(cp.id)} selected={v.contactPointId === String(cp.id)}>
              {cp.name}, {cp.role}
            </option>
          ))}
        </select>
      </div>

      <fieldset id="f-ack">
        <legend>{t('composer.ackLegend')}</legend>
        <p class="hint" id="f-ack-hint">
          {t('composer.ackHint')}
        </p>
        <fieldset class="bare">
          <legend>{t('composer.ackKindLegend')}</legend>
          {(
            [
              ['apology', t('composer.ackKindApology')],
              ['thanks', t('composer.ackKindThanks')],
              ['both', t('composer.ackKindBoth')],
            ] as const
          ).map(([value, label]) => (
            <label class="inline">
              <input type="radio" name="ackKind" value={value} checked={v.ackKind === value} /> {label}
            </label>
          ))}
        </fieldset>
        <label for="f-ack-text">{t('composer.ackTextLabel')}</label>
        <p class="hint" id="f-ack-text-hint">
          {t('composer.ackTextHint')}
        </p>
        <textarea id="f-ack-text" name="ackText" rows={3} class="short" aria-describedby="f-ack-hint f-ack-text-hint">
          {v.ackText}
        </textarea>
      </fieldset>

      <fieldset id="f-next">
        <legend>{t('composer.nextLegend')}</legend>
        <p class="hint" id="f-next-hint">
          {t('composer.nextHint')}
        </p>
        <div class="row">
          <div>
            <label for="f-next-at">{t('composer.nextAtLabel')}</label>
            <input type="datetime-local" id="f-next-at" name="nextUpdateLocal" value={v.nextUpdateLocal} aria-describedby="f-next-hint f-zone-hint" />
          </div>
          <div>
            <label for="f-zone">{t('composer.nextZoneLabel')}</label>
            <ZoneSelect id="f-zone" name="timeZone" value={v.timeZone} />
          </div>
        </div>
        <p class="hint" id="f-zone-hint">
          {t('composer.nextZoneHint')}
        </p>
        <label class="inline">
          <input type="checkbox" name="final" value="on" checked={v.final} /> {t('composer.finalLabel')}
        </label>
      </fieldset>

      <fieldset id="f-quiet">
        <legend>{t('composer.quietLegend')}</legend>
        <p class="hint">{t('composer.quietHint')}</p>
        <label class="inline">
          <input type="radio" name="quietHours" value="off" checked={!v.quietHours} /> {t('composer.quietOff')}
        </label>
        <label class="inline">
          <input type="radio" name="quietHours" value="on" checked={v.quietHours} /> {t('composer.quietOn')}
        </label>
      </fieldset>

      <fieldset id="f-content">
        <legend>{t('composer.contentLegend')}</legend>
        <p class="hint" id="f-content-hint">
          {t('composer.contentHint')}
        </p>
        <div>
          <label for="f-default-locale">{t('composer.defaultLocaleLabel')}</label>
          <p class="hint" id="f-default-locale-hint">
            {t('composer.defaultLocaleHint')}
          </p>
          <select id="f-default-locale" name="defaultLocale" aria-describedby="f-default-locale-hint">
            {SUPPORTED_LOCALES.map((l) => (
              <option value={l} selected={v.defaultLocale === l}>
                {t('composer.languageWithCode', { language: languageLabel(l), code: l })}
              </option>
            ))}
          </select>
        </div>
        {SUPPORTED_LOCALES.map((l) => {
          // Languages without words yet are folded away (a summary opens them, no script needed).
          const has = Boolean(v.content[l].subject.trim() || v.content[l].body.trim() || v.content[l].acknowledgement.trim());
          return (
            <details class="locale" id={`f-locale-${l}`} open={has || l === v.defaultLocale}>
              <summary>{t(has ? 'composer.languageWithCode' : 'composer.languageNoVersion', { language: languageLabel(l), code: l })}</summary>
              <fieldset class="bare">
                <legend class="visually-hidden">{t('composer.languageWithCode', { language: languageLabel(l), code: l })}</legend>
                <div>
                  <label for={`f-subject-${l}`}>{t('composer.subjectLabel')}</label>
                  <input type="text" id={`f-subject-${l}`} name={`subject_${l}`} value={v.content[l].subject} maxlength={200} lang={l} />
                </div>
                <div>
                  <label for={`f-body-${l}`}>{t('composer.bodyLabel')}</label>
                  <textarea id={`f-body-${l}`} name={`body_${l}`} rows={8} lang={l}>
                    {v.content[l].body}
                  </textarea>
                </div>
                <div id={`f-ack-${l}`}>
                  <label for={`f-ack-text-${l}`}>{t('composer.ackInLabel', { language: languageName(l) })}</label>
                  <p class="hint" id={`f-ack-text-${l}-hint`}>
                    {t('composer.ackInHint', { language: languageName(l) })}
                  </p>
                  <textarea id={`f-ack-text-${l}`} name={`ack_${l}`} rows={3} class="short" lang={l} aria-describedby={`f-ack-text-${l}-hint`}>
                    {v.content[l].acknowledgement}
                  </textarea>
                </div>
              </fieldset>
            </details>
          );
        })}
      </fieldset>

      <div class="actions">
        <button type="submit">{t('composer.saveDraft')}</button>
        <span class="hint">{t('composer.saveHint')}</span>
      </div>
    </form>
  );
};
