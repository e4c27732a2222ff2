import type { User } from '../db/types.ts';
import { CsrfField, FieldError, formatDateTime, Layout, roleName, TableHead } from '../http/layout.tsx';
import { ROLES } from '../permissions.ts';
import type { TokenListing } from './tokens.ts';
import type { UserListing } from './users.ts';
import { t } from '../../i18n/current.ts';
import { isLocale, LOCALE_ENDONYMS, SUPPORTED_LOCALES } from '../../i18n/locales.ts';

/** A language as it names itself (what a person looks for in a list of languages), or the stored value for one tidings does not know. */
export const languageName = (locale: string) => (isLocale(locale) ? LOCALE_ENDONYMS[locale] : locale);

/** The choice of a user's language: each named in itself, with its code for the screen reader to pronounce. */
export const LanguageOptions = ({ selected }: { selected: string }) => (
  <>
    {SUPPORTED_LOCALES.map((l) => (
      <option value={l} selected={selected === l} lang={l}>
        {LOCALE_ENDONYMS[l]}
      </option>
    ))}
  </>
);

export const RoleOptions = ({ selected }: { selected: string | undefined }) => (
  <>
    {ROLES.map((r) => (
      <option value={r} selected={selected === r}>
        {roleName(r)}
      </option>
    ))}
  </>
);

export const UsersPage = (p: {
  users: UserListing[];
  tokens: TokenListing[];
  csrfToken: string;
  user: User;
  flash?: string | undefined;
  newToken?: string | undefined;
  error?: string | undefined;
  values?: Record<string, string> | undefined;
}) => (
  <Layout title={t('auth.usersTitle')} user={p.user} csrfToken={p.csrfToken} section="users" flash={p.flash}>
    <h1>{t('auth.usersHeading')}</h1>
    {p.newToken ? (
      <div class="card" role="status">
        <p>
          <strong>{t('auth.copyTokenNow')}</strong> {t('auth.tokenShownOnce')}
        </p>
        <p class="mono" id="new-token">
          {p.newToken}
        </p>
      </div>
    ) : null}
    <table>
      <caption class="visually-hidden">{t('auth.usersCaption')}</caption>
      <TableHead columns={[t('auth.columnName'), t('auth.columnEmail'), t('auth.columnRole'), t('auth.columnLanguage'), t('auth.columnLastSignIn'), t('auth.columnState')]} />
      <tbody>
        {p.users.map((u) => (
          <tr>
            <td>
              <a href={`/users/${u.id}`}>{u.name}</a>
            </td>
            <td>{u.email}</td>
            <td>{roleName(u.role)}</td>
            <td>{languageName(u.locale)}</td>
            <td>{formatDateTime(u.last_sign_in_at)}</td>
            <td>{u.disabled_at ? <span class="badge bad">{t('auth.stateDisabled')}</span> : <span class="badge ok">{t('auth.stateActive')}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <h2>{t('auth.addUserHeading')}</h2>
    <form method="post" action="/users" class="stack card">
      <CsrfField token={p.csrfToken} />
      <FieldError id="user-error" message={p.error} />
      <div>
        <label for="u-name">{t('auth.nameLabel')}</label>
        <input id="u-name" name="name" type="text" required value={p.values?.['name'] ?? ''} />
      </div>
      <div>
        <label for="u-email">{t('auth.emailLabel')}</label>
        <input id="u-email" name="email" type="email" required value={p.values?.['email'] ?? ''} />
      </div>
      <div>
        <label for="u-role">{t('auth.roleLabel')}</label>
        <select id="u-role" name="role">
          <RoleOptions selected={p.values?.['role']} />
        </select>
      </div>
      <div>
        <label for="u-locale">{t('auth.userLanguageLabel')}</label>
        <select id="u-locale" name="locale">
          <LanguageOptions selected={p.values?.['locale'] ?? 'en'} />
        </select>
      </div>
      <div>
        <label for="u-password">{t('auth.initialPasswordLabel')}</label>
        <p class="hint" id="u-password-hint">
          {t('auth.initialPasswordHint')}
        </p>
        <input id="u-password" name="password" type="password" autocomplete="new-password" required aria-describedby="u-password-hint" />
      </div>
      <div class="actions">
        <button type="submit">{t('auth.addUser')}</button>
      </div>
    </form>
    <h2>{t('auth.tokensHeading')}</h2>
    <table>
      <caption class="visually-hidden">{t('auth.tokensCaption')}</caption>
      <TableHead columns={[t('auth.columnName'), t('auth.columnUser'), t('auth.columnStartsWith'), t('auth.columnExpires'), t('auth.columnLastUsed')]} actions />
      <tbody>
        {p.tokens.map((tk) => (
          <tr>
            <td>{tk.name}</td>
            <td>{tk.user_email}</td>
            <td class="mono">{tk.prefix}…</td>
            <td>{tk.revoked_at ? <span class="badge bad">{t('auth.tokenRevoked')}</span> : formatDateTime(tk.expires_at)}</td>
            <td>{formatDateTime(tk.last_used_at)}</td>
            <td>
              {tk.revoked_at ? null : (
                <form method="post" action={`/users/tokens/${tk.id}/revoke`}>
                  <CsrfField token={p.csrfToken} />
                  <button type="submit" class="secondary">
                    {t('auth.revoke')}
                  </button>
                </form>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    <form method="post" action="/users/tokens" class="stack card spaced">
      <CsrfField token={p.csrfToken} />
      <div>
        <label for="t-user">{t('auth.tokenUserLabel')}</label>
        <input id="t-user" name="user" type="email" required />
      </div>
      <div>
        <label for="t-name">{t('auth.tokenNameLabel')}</label>
        <input id="t-name" name="name" type="text" required />
      </div>
      <div>
        <label for="t-exp">{t('auth.tokenExpiresLabel')}</label>
        <select id="t-exp" name="expires">
          <option value="30d">{t('auth.expiresDays', { count: 30 })}</option>
          <option value="90d" selected>
            {t('auth.expiresDays', { count: 90 })}
          </option>
          <option value="365d">{t('auth.expiresYear')}</option>
          <option value="never">{t('auth.expiresNever')}</option>
        </select>
      </div>
      <div class="actions">
        <button type="submit">{t('auth.createToken')}</button>
      </div>
    </form>
  </Layout>
);
