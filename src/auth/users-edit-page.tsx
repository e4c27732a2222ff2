import { SUPPORTED_LOCALES } from '../config.ts';
import type { User } from '../db/types.ts';
import { CsrfField, FieldError, formatDateTime, Layout } from '../http/layout.tsx';
import { ROLES } from '../permissions.ts';
import type { UserListing } from './users.ts';

export const LOCALE_NAMES: Record<(typeof SUPPORTED_LOCALES)[number], string> = { en: 'English', nb: 'Norsk bokmål', sv: 'Svenska', nl: 'Nederlands', hu: 'Magyar' };

/** One user, for an admin: name, role and language, and disabling or enabling them. */
export const UserEditPage = (p: { subject: UserListing; csrfToken: string; user: User; flash?: string | undefined; error?: string | undefined; values?: Record<string, string> | undefined }) => {
  const u = p.subject;
  const v = { name: u.name, role: u.role, locale: u.locale, ...p.values };
  return (
    <Layout title={u.name} user={p.user} csrfToken={p.csrfToken} section="users" flash={p.flash}>
      <p>
        <a href="/users">← Users</a>
      </p>
      <h1>{u.name}</h1>
      <dl class="facts">
        <dt>Email</dt>
        <dd>{u.email}</dd>
        <dt>State</dt>
        <dd id="user-state">{u.disabled_at ? <span class="badge bad">disabled since {formatDateTime(u.disabled_at)}</span> : <span class="badge ok">active</span>}</dd>
        <dt>Last sign-in</dt>
        <dd>{formatDateTime(u.last_sign_in_at)}</dd>
      </dl>
      <FieldError id="user-error" message={p.error} />
      <form method="post" action={`/users/${u.id}`} class="stack card">
        <CsrfField token={p.csrfToken} />
        <div>
          <label for="e-name">Name</label>
          <input id="e-name" name="name" type="text" required value={v.name} />
        </div>
        <div>
          <label for="e-role">Role</label>
          <p class="hint" id="e-role-hint">
            Applies from their next request.
          </p>
          <select id="e-role" name="role" aria-describedby="e-role-hint">
            {ROLES.map((r) => (
              <option value={r} selected={v.role === r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="e-locale">Language of emails to them</label>
          <select id="e-locale" name="locale">
            {SUPPORTED_LOCALES.map((l) => (
              <option value={l} selected={v.locale === l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit">Save</button>
        </div>
      </form>
      {u.disabled_at ? (
        <form method="post" action={`/users/${u.id}/enable`} class="stack card spaced">
          <CsrfField token={p.csrfToken} />
          <p>Enabling lets them sign in again with their password. Their old sessions and API tokens stay ended.</p>
          <div class="actions">
            <button type="submit">Enable {u.name}</button>
          </div>
        </form>
      ) : (
        <form method="post" action={`/users/${u.id}/disable`} class="stack card spaced">
          <CsrfField token={p.csrfToken} />
          <p>Disabling signs them out everywhere and revokes every API token of theirs at once, for good.</p>
          <div class="actions">
            <button type="submit" class="secondary">
              Disable {u.name}
            </button>
          </div>
        </form>
      )}
    </Layout>
  );
};
