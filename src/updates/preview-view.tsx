import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import { LOCALE_NAMES } from './model.ts';
import type { PreviewData } from './page-data.ts';

export function previewHtmlUrl(updateId: number, locale: Locale): string {
  return `/updates/${updateId}/preview.html?locale=${locale}`;
}

/** Why the tab chosen shows another language's version; empty when it shows its own. */
export function fallbackNote(pv: Pick<PreviewData, 'locale' | 'shown'>): string {
  return pv.shown === pv.locale ? '' : `There is no complete ${LOCALE_NAMES[pv.locale]} version, so customers whose language is ${LOCALE_NAMES[pv.locale]} receive the ${LOCALE_NAMES[pv.shown]} version shown here.`;
}

/** The live preview: locale tabs (links that work without JavaScript), the HTML in a sandboxed frame, the text part. */
export const PreviewSection = (p: { updateId: number; preview: PreviewData; defaultLocale: Locale; complete: Locale[]; heading?: string }) => {
  const pv = p.preview;
  return (
    <section aria-labelledby="preview-h" id="preview" class="preview" data-preview-json={`/updates/${p.updateId}/preview.json`}>
      <h2 id="preview-h">{p.heading ?? 'Preview'}</h2>
      <p class="hint">
        What a customer receives in each language, with sample values (the name Kari Nordmann).
        {/* With JavaScript the preview follows the typing, and updates.js says so here instead. */}
        {p.heading === 'Preview' ? <span id="preview-save-hint"> Save the draft to see your latest changes.</span> : ''}
      </p>
      <nav aria-label="Preview language">
        <ul class="tabs">
          {SUPPORTED_LOCALES.map((l) => (
            <li>
              <a href={`?preview=${l}#preview`} data-preview-locale={l} aria-current={l === pv.locale ? 'true' : undefined}>
                {LOCALE_NAMES[l]}
                {p.complete.includes(l) ? '' : <span class="visually-hidden"> (uses the {p.defaultLocale} version)</span>}
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
          <strong>Subject:</strong>{' '}
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
          title={`Email preview in ${LOCALE_NAMES[pv.shown]}`}
        ></iframe>
        <h3 id="preview-text-h">Plain-text part</h3>
        <pre id="preview-text" class="preview-text" lang={pv.shown}>
          {pv.text}
        </pre>
      </div>
    </section>
  );
};

/** The preview of one tab as preview.json answers it, for switching tabs without leaving the composer. */
export function previewJson(updateId: number, pv: PreviewData) {
  return { locale: pv.locale, shown: pv.shown, language: LOCALE_NAMES[pv.shown], subject: pv.subject ?? null, text: pv.text ?? null, problem: pv.problem ?? null, fallback: fallbackNote(pv), htmlUrl: previewHtmlUrl(updateId, pv.shown) };
}
