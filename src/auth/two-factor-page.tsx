import type { User } from '../db/types.ts';
import { CsrfField, Layout } from '../http/layout.tsx';
import type { Enrolment, TwoFactorState } from './two-factor.ts';

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
      <li>Open an authenticator app on your phone (for example one from your phone's maker, or any app that reads otpauth QR codes).</li>
      <li>Scan this code, or type the key below into the app.</li>
      <li>Type the six digits the app then shows.</li>
    </ol>
    <p>
      <img src={qrSrc(e.qrSvg)} alt="QR code for your authenticator app (the same key is written below)" width={220} height={220} />
    </p>
    <p>
      Key: <code id="totp-secret">{e.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
    </p>
    <form method="post" action={action} class="stack">
      <CsrfField token={csrfToken} />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <CodeField label="Code from the app" hint="Six digits; a new one every 30 seconds." error={error} />
      <div class="actions">
        <button type="submit">Turn on two-factor sign-in</button>
      </div>
    </form>
  </>
);

/** Shown once, right after enrolment: each code signs in once without the phone. */
export const RecoveryCodes = ({ codes, next }: { codes: string[]; next?: string }) => (
  <section class="card" aria-labelledby="recovery-h">
    <h2 id="recovery-h">Your recovery codes</h2>
    <p>Keep these somewhere safe, away from your phone. Each one signs you in once if you lose the phone. They are shown only now.</p>
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
          Continue
        </a>
      </p>
    ) : null}
  </section>
);

/** The signed-in person's own two-factor settings. */
export const AccountTwoFactorPage = (p: { user: User; csrfToken: string; state: TwoFactorState; enrolment?: Enrolment | undefined; codes?: string[] | undefined; error?: string | undefined; flash?: string | undefined }) => (
  <Layout title="Two-factor sign-in" user={p.user} csrfToken={p.csrfToken} flash={p.flash}>
    <h1>Two-factor sign-in</h1>
    <Problem error={p.error} />
    {p.codes ? <RecoveryCodes codes={p.codes} /> : null}
    {p.state.enrolled ? (
      <>
        <p>
          <strong>On.</strong> After your password, tidings asks for a code from your authenticator app. {p.state.recoveryCodesLeft} unused recovery{' '}
          {p.state.recoveryCodesLeft === 1 ? 'code is' : 'codes are'} left.
        </p>
        {p.state.required ? (
          <p>Your organisation requires it for your role, so it cannot be turned off here; an admin can reset it if you lose your phone.</p>
        ) : (
          <form method="post" action="/account/two-factor/off" class="stack card">
            <CsrfField token={p.csrfToken} />
            <CodeField label="Code to turn it off" hint="A current code from the app, or a recovery code." error={undefined} />
            <div class="actions">
              <button type="submit" class="secondary">
                Turn off two-factor sign-in
              </button>
            </div>
          </form>
        )}
      </>
    ) : p.enrolment ? (
      <EnrolmentForm e={p.enrolment} action="/account/two-factor/confirm" csrfToken={p.csrfToken} error={p.error} />
    ) : (
      <>
        <p>{p.state.required ? 'Your organisation requires a second factor for your role.' : 'Off.'} With it on, a stolen password alone does not open your account.</p>
        <form method="post" action="/account/two-factor/start">
          <CsrfField token={p.csrfToken} />
          <button type="submit">Set up two-factor sign-in</button>
        </form>
      </>
    )}
  </Layout>
);

/** The sign-in's second step: a code, or setting one up when the organisation requires it. */
export const LoginCodePage = (p: { csrfToken: string; next: string; enrolment?: Enrolment | undefined; codes?: string[] | undefined; error?: string | undefined }) => (
  <Layout title="Sign in: one-time code">
    <div class="card login-card">
      <h1>{p.codes ? 'Two-factor sign-in is on' : p.enrolment ? 'Set up two-factor sign-in' : 'Enter your one-time code'}</h1>
      <Problem error={p.error} />
      {p.codes ? (
        <RecoveryCodes codes={p.codes} next={p.next} />
      ) : p.enrolment ? (
        <>
          <p>Your organisation requires a second factor for your role. Set it up now to finish signing in.</p>
          <EnrolmentForm e={p.enrolment} action="/login/code" csrfToken={p.csrfToken} next={p.next} error={p.error} />
        </>
      ) : (
        <form method="post" action="/login/code" class="stack">
          <CsrfField token={p.csrfToken} />
          <input type="hidden" name="next" value={p.next} />
          <CodeField label="Code" hint="The six digits your authenticator app shows, or one of your recovery codes." error={p.error} />
          <div class="actions">
            <button type="submit">Sign in</button>
          </div>
        </form>
      )}
    </div>
  </Layout>
);
