import type { User } from '../db/types.ts';
import { CsrfField, FieldError, formatDateTime, Layout } from '../http/layout.tsx';
import { LanguageOptions, RoleOptions } from './users-page.tsx';
import type { UserListing } from './users.ts';
import { t } from '../../i18n/current.ts';

/** One user, for an admin: name, role and language, and disabling or enabling them. */
export const UserEditPage = (p: { subject: UserListing; csrfToken: string; user: User; flash?: string | undefined; error?: string | undefined; values?: Record<string, string> | undefined }) => {
  const u = p.subject;
  const v = { name: u.name, role: u.role, locale: u.locale, ...p.values };
  return (
    <Layout title={u.name} user={p.user} csrfToken={p.csrfToken} section="users" flash={p.flash}>
      <p>
        <a href="/users">{t('auth.backToUsers')}</a>
      </p>
      <h1>{u.name}</h1>
      <dl class="facts">
        <dt>{t('auth.emailLabel')}</dt>
        <dd>{u.email}</dd>
        <dt>{t('auth.columnState')}</dt>
        <dd id="user-state">{u.disabled_at ? <span class="badge bad">{t('auth.disabledSince', { date: formatDateTime(u.disabled_at) })}</span> : <span class="badge ok">{t('auth.stateActive')}</span>}</dd>
        <dt>{t('auth.columnLastSignIn')}</dt>
        <dd>{formatDateTime(u.last_sign_in_at)}</dd>
      </dl>
      <FieldError id="user-error" message={p.error} />
      <form method="post" action={`/users/${u.id}`} class="stack card">
        <CsrfField token={p.csrfToken} />
        <div>
          <label for="e-name">{t('auth.nameLabel')}</label>
          <input id="e-name" name="name" type="text" required value={v.name} />
        </div>
        <div>
          <label for="e-role">{t('auth.roleLabel')}</label>
          <p class="hint" id="e-role-hint">
            {t('auth.roleHint')}
          </p>
          <select id="e-role" name="role" aria-describedby="e-role-hint">
            <RoleOptions selected={v.role} />
          </select>
        </div>
        <div>
          <label for="e-locale">{t('auth.userLanguageLabel')}</label>
          <select id="e-locale" name="locale">
            <LanguageOptions selected={v.locale} />
          </select>
        </div>
        <div class="actions">
          <button type="submit">{t('common.save')}</button>
        </div>
      </form>
      {u.disabled_at ? (
        <form method="post" action={`/users/${u.id}/enable`} class="stack card spaced">
          <CsrfField token={p.csrfToken} />
          <p>{t('auth.enableExplained')}</p>
          <div class="actions">
            <button type="submit">{t('auth.enableUser', { name: u.name })}</button>
          </div>
        </form>
      ) : (
        <form method="post" action={`/users/${u.id}/disable`} class="stack card spaced">
          <CsrfField token={p.csrfToken} />
          <p>{t('auth.disableExplained')}</p>
          <div class="actions">
            <button type="submit" class="secondary">
              {t('auth.disableUser', { name: u.name })}
            </button>
          </div>
        </form>
      )}
    </Layout>
  );
};
