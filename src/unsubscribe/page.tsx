import type { Child, FC } from 'hono/jsx';
import { HtmlDocument } from '../http/layout.tsx';
import { t, tr } from '../../i18n/current.ts';

/**
 * A customer page: no navigation, no scripts. Its route runs it in the
 * customer's language (their contact locale; the browser's only while the link
 * names no one), and `lang` is that language. Reuses the app's stylesheet.
 */
export const CustomerLayout: FC<{ title: string; organisation?: string | undefined; children?: Child }> = ({ title, organisation, children }) => (
  <HtmlDocument lang={tr().locale}>
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
      {t('unsubscribe.stopAll')}
    </button>
    {withHint ? (
      <p class="hint" id="stop-all-hint">
        {t('unsubscribe.stopAllHint')}
      </p>
    ) : null}
  </form>
);

/** The page behind the visible unsubscribe link (GET): it only offers, never changes. */
export const ChoicePage: FC<{ v: UnsubscribeView }> = ({ v }) => {
  if (v.state !== 'subscribed') return <DonePage v={v} thanks={false} />;
  return (
    <CustomerLayout title={t('unsubscribe.pageTitle')} organisation={v.organisation}>
      <div class="card unsubscribe-card">
        <h1>{t('unsubscribe.heading', { situation: v.situationTitle })}</h1>
        <p>{t('unsubscribe.intro')}</p>
        <form method="post" action={v.action} class="unsubscribe-choice">
          {/* The same body a mail client sends for RFC 8058 one-click. */}
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <input type="hidden" name="source" value="page" />
          <button type="submit" aria-describedby="stop-situation-hint">
            {t('unsubscribe.stopSituation')}
          </button>
          <p class="hint" id="stop-situation-hint">
            {t('unsubscribe.stopSituationHint')}
          </p>
        </form>
        <StopAllForm v={v} withHint={true} />
        <p class="muted">{t('unsubscribe.questions')}</p>
      </div>
    </CustomerLayout>
  );
};

/** After an unsubscribe (or when the customer already has): says what holds now. */
export const DonePage: FC<{ v: UnsubscribeView; thanks: boolean }> = ({ v, thanks }) => (
  <CustomerLayout title={t('unsubscribe.pageTitle')} organisation={v.organisation}>
    <div class="card unsubscribe-card">
      {v.state === 'all' ? <h1>{t('unsubscribe.doneAll')}</h1> : <h1>{t('unsubscribe.doneSituation', { situation: v.situationTitle })}</h1>}
      {thanks ? (
        <p class="flash" role="status">
          {t('unsubscribe.thanks')}
        </p>
      ) : null}
      {v.state === 'situation' ? (
        <>
          <p>{t('unsubscribe.ratherNothing')}</p>
          <StopAllForm v={v} withHint={false} />
        </>
      ) : null}
      <p class="muted">{t('unsubscribe.questions')}</p>
    </div>
  </CustomerLayout>
);

/** A link that is broken, forged, for something else, or too old. */
export const RefusedPage: FC<{ kind: 'invalid' | 'expired' }> = ({ kind }) => (
  <CustomerLayout title={t(kind === 'expired' ? 'unsubscribe.expiredHeading' : 'unsubscribe.invalidHeading')}>
    <div class="card unsubscribe-card">
      <h1>{t(kind === 'expired' ? 'unsubscribe.expiredHeading' : 'unsubscribe.invalidHeading')}</h1>
      <p class="error" role="alert">
        {t(kind === 'expired' ? 'unsubscribe.expiredText' : 'unsubscribe.invalidText')}
      </p>
    </div>
  </CustomerLayout>
);
