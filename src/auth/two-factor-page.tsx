import type { User } from '../db/types.ts';
import { CsrfField, Layout } from '../http/layout.tsx';
import type { Enrolment, TwoFactorState } from './two-factor.ts';
import { t } from '../../i18n/current.ts';

const qrSrc = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

const Problem = ({ error }: { error?: string | undefined }) =>
  error ? (
    <p class="error" role="alert" id="code-error">
      {error}
    </p>
  ) : null;

const CodeField = ({ label, hint, error }: { label: string; hint: string; error?: string | undefined }) => (
  <div>
    <label for="code">{label}</label>
    <p class="hint" id="code-hint">
      {hint}
    </p>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength={20} aria-describedby={error ? 'code-hint code-error' : 'code-hint'} aria-invalid={error ? 'true' : undefined} />
  </div>
);

/** The QR code and the secret, for an authenticator app, with the form that confirms it with a first code. */
const EnrolmentForm = ({ e, action, csrfToken, next, error }: { e: Enrolment; action: string; csrfToken: string; next?: string; error?: string | undefined }) => (
  <>
    <ol>
      <li>{t('auth.enrolStepApp')}</li>
      <li>{t('auth.enrolStepScan')}</li>
      <li>{t('auth.enrolStepType')}</li>
    </ol>
    <p>
      <img src={qrSrc(e.qrSvg)} alt={t('auth.qrAlt')} width={220} height={220} />
    </p>
    <p>
      {t('auth.keyLabel')} <code id="totp-secret">{e.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
    </p>
    <form method="post" action={action} class="stack">
      <CsrfField token={csrfToken} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <CodeField label={t('auth.appCodeLabel')} hint={t('auth.appCodeHint')} error={error} />
      <div class="actions">
        <button type="submit">{t('auth.turnOn')}</button>
      </div>
    </form>
  </>
);

/** Shown once, right after enrolment: each code signs in once without the phone. */
export const RecoveryCodes = ({ codes, next }: { codes: string[]; next?: string }) => (
  <section class="card" aria-labelledby="recovery-h">
    <h2 id="recovery-h">{t('auth.recoveryHeading')}</h2>
    <p>{t('auth.recoveryIntro')}</p>
    <ul class="recovery-codes">
      {codes.map((c) => (
        <li>
          <code>{c}</code>
        </li>
      ))}
    </ul>
    {next ? (
      <p>
        <a class="button" href={next}>
          {t('auth.continue')}
        </a>
      </p>
    ) : null}
  </section>
);

/** The signed-in person's own two-factor settings. */
export const AccountTwoFactorPage = (p: { user: User; csrfToken: string; state: TwoFactorState; enrolment?: Enrolment | undefined; codes?: string[] | undefined; error?: string | undefined; flash?: string | undefined }) => (
  <Layout title={t('auth.twoFactorTitle')} user={p.user} csrfToken={p.csrfToken} flash={p.flash}>
    <h1>{t('auth.twoFactorTitle')}</h1>
    <Problem error={p.error} />
    {p.codes ? <RecoveryCodes codes={p.codes} /> : null}
    {p.state.enrolled ? (
      <>
        <p>
          <strong>{t('auth.twoFactorOn')}</strong> {t('auth.twoFactorOnExplained', { count: p.state.recoveryCodesLeft })}
        </p>
        {p.state.required ? (
          <p>{t('auth.twoFactorRequiredOn')}</p>
        ) : (
          <form method="post" action="/account/two-factor/off" class="stack card">
            <CsrfField token={p.csrfToken} />
            <CodeField label={t('auth.turnOffLabel')} hint={t('auth.turnOffHint')} error={undefined} />
            <div class="actions">
              <button type="submit" class="secondary">
                {t('auth.turnOff')}
              </button>
            </div>
          </form>
        )}
      </>
    ) : p.enrolment ? (
      <EnrolmentForm e={p.enrolment} action="/account/two-factor/confirm" csrfToken={p.csrfToken} error={p.error} />
    ) : (
      <>
        <p>{t(p.state.required ? 'auth.twoFactorRequiredOff' : 'auth.twoFactorOff')}</p>
        <form method="post" action="/account/two-factor/start">
          <CsrfField token={p.csrfToken} />
          <button type="submit">{t('auth.setUp')}</button>
        </form>
      </>
    )}
  </Layout>
);

/** The sign-in's second step: a code, or setting one up when the organisation requires it. */
export const LoginCodePage = (p: { csrfToken: string; next: string; enrolment?: Enrolment | undefined; codes?: string[] | undefined; error?: string | undefined }) => (
  <Layout title={t('auth.codeTitle')}>
    <div class="card login-card">
      <h1>{t(p.codes ? 'auth.enrolledHeading' : p.enrolment ? 'auth.enrolHeading' : 'auth.codeHeading')}</h1>
      <Problem error={p.error} />
      {p.codes ? (
        <RecoveryCodes codes={p.codes} next={p.next} />
      ) : p.enrolment ? (
        <>
          <p>{t('auth.enrolRequired')}</p>
          <EnrolmentForm e={p.enrolment} action="/login/code" csrfToken={p.csrfToken} next={p.next} error={p.error} />
        </>
      ) : (
        <form method="post" action="/login/code" class="stack">
          <CsrfField token={p.csrfToken} />
          <input type="hidden" name="next" value={p.next} />
          <CodeField label={t('auth.codeLabel')} hint={t('auth.codeHint')} error={p.error} />
          <div class="actions">
            <button type="submit">{t('auth.signInButton')}</button>
          </div>
        </form>
      )}
    </div>
  </Layout>
);
