import type { User } from '../db/types.ts';
import { CsrfField, FieldError, Layout, roleName } from '../http/layout.tsx';
import { t, tr } from '../../i18n/current.ts';
import { LOCALE_ENDONYMS, SUPPORTED_LOCALES } from '../../i18n/locales.ts';

/** The sentence about two-factor sign-in, with its name as the link to its page. */
const TwoFactorIntro = () => (
  <p>
    {tr()
      .parts('account.twoFactorIntro')
      .map((part) => (typeof part === 'string' ? part : <a href="/account/two-factor">{t('account.twoFactorLink')}</a>))}
  </p>
);

/** The signed-in person's own page: who they are, their language, and changing their password. */
export const AccountPage = (p: { user: User; csrfToken: string; flash?: string | undefined; error?: string | undefined; languageError?: string | undefined }) => (
  <Layout title={t('account.title')} user={p.user} csrfToken={p.csrfToken} flash={p.flash}>
    <h1>{t('account.title')}</h1>
    <dl class="facts">
      <dt>{t('account.nameLabel')}</dt>
      <dd>{p.user.name}</dd>
      <dt>{t('account.emailLabel')}</dt>
      <dd>{p.user.email}</dd>
      <dt>{t('account.roleLabel')}</dt>
      <dd>{roleName(p.user.role)}</dd>
    </dl>
    <TwoFactorIntro />
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
    <h2>{t('account.passwordHeading')}</h2>
    <form method="post" action="/account/password" class="stack card">
      <CsrfField token={p.csrfToken} />
      <FieldError id="password-error" message={p.error} />
      <div>
        <label for="a-current">{t('account.currentPassword')}</label>
        <input id="a-current" name="current" type="password" autocomplete="current-password" required aria-describedby={p.error ? 'password-error' : undefined} />
      </div>
      <div>
        <label for="a-password">{t('account.newPassword')}</label>
        <p class="hint" id="a-password-hint">
          {t('account.newPasswordHint')}
        </p>
        <input id="a-password" name="password" type="password" autocomplete="new-password" required minlength={12} aria-describedby="a-password-hint" />
      </div>
      <div>
        <label for="a-repeat">{t('account.repeatPassword')}</label>
        <input id="a-repeat" name="repeat" type="password" autocomplete="new-password" required />
      </div>
      <div class="actions">
        <button type="submit">{t('account.changePassword')}</button>
      </div>
    </form>
  </Layout>
);
