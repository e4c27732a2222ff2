import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import { t } from '../../i18n/current.ts';
import { languageLabel, languageName } from './language-names.ts';
import type { PreviewData } from './page-data.ts';

export function previewHtmlUrl(updateId: number, locale: Locale): string {
  return `/updates/${updateId}/preview.html?locale=${locale}`;
}

/** Why the tab chosen shows another language's version; empty when it shows its own. */
export function fallbackNote(pv: Pick<PreviewData, 'locale' | 'shown'>): string {
  return pv.shown === pv.locale ? '' : t('updates.previewFallback', { language: languageName(pv.locale), shown: languageName(pv.shown) });
}

/**
 * The live preview: locale tabs (links that work without JavaScript), the HTML
 * in a sandboxed frame, the text part. `composing`: the draft's preview, which
 * follows the composer (updates.js swaps the save hint for its own words).
 */
export const PreviewSection = (p: { updateId: number; preview: PreviewData; defaultLocale: Locale; complete: Locale[]; composing: boolean }) => {
  const pv = p.preview;
  return (
    <section aria-labelledby="preview-h" id="preview" class="preview" data-preview-json={`/updates/${p.updateId}/preview.json`} data-text-follows={p.composing ? t('updates.previewFollowsTyping') : undefined}>
      <h2 id="preview-h">{p.composing ? t('updates.previewHeading') : t('updates.previewHeadingSent')}</h2>
      <p class="hint">
        {t('updates.previewHint')}
        {/* With JavaScript the preview follows the typing, and updates.js says so here instead. */}
        {p.composing ? <span id="preview-save-hint"> {t('updates.previewSaveHint')}</span> : ''}
      </p>
      <nav aria-label={t('updates.previewLanguages')}>
        <ul class="tabs">
          {SUPPORTED_LOCALES.map((l) => (
            <li>
              <a href={`?preview=${l}#preview`} data-preview-locale={l} aria-current={l === pv.locale ? 'true' : undefined}>
                {languageLabel(l)}
                {p.complete.includes(l) ? '' : <span class="visually-hidden"> {t('updates.previewUsesDefault', { language: languageName(p.defaultLocale) })}</span>}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p id="preview-fallback" class="hint" hidden={pv.shown === pv.locale}>
        {fallbackNote(pv)}
      </p>
      {/* Both are always there, one hidden, so the live preview can switch between them. */}
      <p id="preview-problem" class="muted" hidden={!pv.problem}>
        {pv.problem ?? ''}
      </p>
      <div id="preview-body" hidden={Boolean(pv.problem)}>
        <p>
          <strong>{t('updates.previewSubject')}</strong>{' '}
          <span id="preview-subject" lang={pv.shown}>
            {pv.subject}
          </span>
        </p>
        <iframe
          id="preview-frame"
          name="preview-frame"
          class="preview-frame"
          sandbox="allow-popups allow-popups-to-escape-sandbox"
          src={previewHtmlUrl(p.updateId, pv.shown)}
          title={t('updates.previewFrameTitle', { language: languageName(pv.shown) })}
        ></iframe>
        <h3 id="preview-text-h">{t('updates.previewTextPart')}</h3>
        <pre id="preview-text" class="preview-text" lang={pv.shown}>
          {pv.text}
        </pre>
      </div>
    </section>
  );
};

/** The preview of one tab as preview.json answers it, for switching tabs without leaving the composer (its words in the reader's language). */
export function previewJson(updateId: number, pv: PreviewData) {
  const language = languageName(pv.shown);
  return {
    locale: pv.locale,
    shown: pv.shown,
    language,
    frameTitle: t('updates.previewFrameTitle', { language }),
    subject: pv.subject ?? null,
    text: pv.text ?? null,
    problem: pv.problem ?? null,
    fallback: fallbackNote(pv),
    htmlUrl: previewHtmlUrl(updateId, pv.shown),
  };
}
