import type { Child, FC } from 'hono/jsx';
import type { Locale } from '../config.ts';
import { HtmlDocument } from '../http/layout.tsx';
import { unsubscribeText as t } from './text.ts';

/**
 * A customer page: no navigation, no scripts, in the customer's language
 * (so `lang` is theirs, unlike the staff Layout). Reuses the app's stylesheet.
 */
export const CustomerLayout: FC<{ locale: Locale; title: string; organisation?: string | undefined; children?: Child }> = ({ locale, title, organisation, children }) => (
  <HtmlDocument lang={locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex, nofollow" />
      {/* same-origin: the signed link never leaks to another site, and same-site form posts keep their Origin. */}
      <meta name="referrer" content="same-origin" />
      <title>{organisation ? `${title} · ${organisation}` : title}</title>
      <link rel="stylesheet" href="/assets/app.css" />
    </head>
    <body>
      <header class="top">
        <span class="brand">{organisation ?? 'tidings'}</span>
      </header>
      <main id="main" class="customer-page">
        {children}
      </main>
    </body>
  </HtmlDocument>
);

export interface UnsubscribeView {
  locale: Locale;
  organisation: string | undefined;
  situationTitle: string;
  /** The form's target: the same signed URL the email carried. */
  action: string;
  /** What is already true for this customer. */
  state: 'subscribed' | 'situation' | 'all';
}

const StopAllForm: FC<{ v: UnsubscribeView; withHint: boolean }> = ({ v, withHint }) => (
  <form method="post" action={v.action} class="unsubscribe-choice">
    <input type="hidden" name="scope" value="all" />
    <input type="hidden" name="source" value="page" />
    <button type="submit" class={withHint ? 'secondary' : undefined} aria-describedby={withHint ? 'stop-all-hint' : undefined}>
      {t(v.locale, 'stopAll')}
    </button>
    {withHint ? (
      <p class="hint" id="stop-all-hint">
        {t(v.locale, 'stopAllHint')}
      </p>
    ) : null}
  </form>
);

/** The page behind the visible unsubscribe link (GET): it only offers, never changes. */
export const ChoicePage: FC<{ v: UnsubscribeView }> = ({ v }) => {
  if (v.state !== 'subscribed') return <DonePage v={v} thanks={false} />;
  return (
    <CustomerLayout locale={v.locale} title={t(v.locale, 'pageTitle')} organisation={v.organisation}>
      <div class="card unsubscribe-card">
        <h1>{t(v.locale, 'heading', v.situationTitle)}</h1>
        <p>{t(v.locale, 'intro')}</p>
        <form method="post" action={v.action} class="unsubscribe-choice">
          {/* The same body a mail client sends for RFC 8058 one-click. */}
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <input type="hidden" name="source" value="page" />
          <button type="submit" aria-describedby="stop-situation-hint">
            {t(v.locale, 'stopSituation')}
          </button>
          <p class="hint" id="stop-situation-hint">
            {t(v.locale, 'stopSituationHint')}
          </p>
        </form>
        <StopAllForm v={v} withHint={true} />
        <p class="muted">{t(v.locale, 'questions')}</p>
      </div>
    </CustomerLayout>
  );
};

/** After an unsubscribe (or when the customer already has): says what holds now. */
export const DonePage: FC<{ v: UnsubscribeView; thanks: boolean }> = ({ v, thanks }) => (
  <CustomerLayout locale={v.locale} title={t(v.locale, 'pageTitle')} organisation={v.organisation}>
    <div class="card unsubscribe-card">
      {v.state === 'all' ? <h1>{t(v.locale, 'doneAll')}</h1> : <h1>{t(v.locale, 'doneSituation', v.situationTitle)}</h1>}
      {thanks ? (
        <p class="flash" role="status">
          {t(v.locale, 'thanks')}
        </p>
      ) : null}
      {v.state === 'situation' ? (
        <>
          <p>{t(v.locale, 'ratherNothing')}</p>
          <StopAllForm v={v} withHint={false} />
        </>
      ) : null}
      <p class="muted">{t(v.locale, 'questions')}</p>
    </div>
  </CustomerLayout>
);

/** A link that is broken, forged, for something else, or too old. */
export const RefusedPage: FC<{ locale: Locale; kind: 'invalid' | 'expired' }> = ({ locale, kind }) => (
  <CustomerLayout locale={locale} title={t(locale, kind === 'expired' ? 'expiredHeading' : 'invalidHeading')}>
    <div class="card unsubscribe-card">
      <h1>{t(locale, kind === 'expired' ? 'expiredHeading' : 'invalidHeading')}</h1>
      <p class="error" role="alert">
        {t(locale, kind === 'expired' ? 'expiredText' : 'invalidText')}
      </p>
    </div>
  </CustomerLayout>
);
