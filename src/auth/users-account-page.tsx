import type { User } from '../db/types.ts';
import { CsrfField, FieldError, Layout } from '../http/layout.tsx';
import { t } from '../../i18n/current.ts';
import { LOCALE_ENDONYMS, SUPPORTED_LOCALES } from '../../i18n/locales.ts';

/** The signed-in person's own page: who they are, and changing their password. */
export const AccountPage = (p: { user: User; csrfToken: string; flash?: string | undefined; error?: string | undefined; languageError?: string | undefined }) => (
  <Layout title="Your account" user={p.user} csrfToken={p.csrfToken} flash={p.flash}>
    <h1>Your account</h1>
    <dl class="facts">
      <dt>Name</dt>
      <dd>{p.user.name}</dd>
      <dt>Email</dt>
      <dd>{p.user.email}</dd>
      <dt>Role</dt>
      <dd>{p.user.role}</dd>
    </dl>
    <p>
      <a href="/account/two-factor">Two-factor sign-in</a>: a one-time code from an authenticator app after your password.
    </p>
    <h2 id="language-h">{t('account.languageHeading')}</h2>
    <form method="post" action="/account/language" class="stack card" aria-labelledby="language-h">
      <CsrfField token={p.csrfToken} />
      <FieldError id="language-error" message={p.languageError} />
      <div>
        <label for="a-locale">{t('account.languageLabel')}</label>
        <p class="hint" id="a-locale-hint">
          {t('account.languageHint')}
        </p>
        <select id="a-locale" name="locale" aria-describedby={p.languageError ? 'a-locale-hint language-error' : 'a-locale-hint'}>
          {SUPPORTED_LOCALES.map((l) => (
            <option value={l} lang={l} selected={p.user.locale === l}>
              {LOCALE_ENDONYMS[l]}
            </option>
          ))}
        </select>
      </div>
      <div class="actions">
        <button type="submit">{t('account.languageSave')}</button>
      </div>
    </form>
    <h2>Change your password</h2>
    <form method="post" action="/account/password" class="stack card">
      <CsrfField token={p.csrfToken} />
      <FieldError id="password-error" message={p.error} />
      <div>
        <label for="a-current">Current password</label>
        <input id="a-current" name="current" type="password" autocomplete="current-password" required aria-describedby={p.error ? 'password-error' : undefined} />
      </div>
      <div>
        <label for="a-password">New password</label>
        <p class="hint" id="a-password-hint">
          At least 12 characters. Your other sessions end; this one stays.
        </p>
        <input id="a-password" name="password" type="password" autocomplete="new-password" required minlength={12} aria-describedby="a-password-hint" />
      </div>
      <div>
        <label for="a-repeat">New password again</label>
        <input id="a-repeat" name="repeat" type="password" autocomplete="new-password" required />
      </div>
      <div class="actions">
        <button type="submit">Change password</button>
      </div>
    </form>
  </Layout>
);
