import { SUPPORTED_LOCALES } from '../config.ts';
import type { User } from '../db/types.ts';
import { CsrfField, FieldError, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { ROLES } from '../permissions.ts';
import type { TokenListing } from './tokens.ts';
import { LOCALE_NAMES } from './users-edit-page.tsx';
import type { UserListing } from './users.ts';

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
  <Layout title="Users" user={p.user} csrfToken={p.csrfToken} section="users" flash={p.flash}>
    <h1>Users and API tokens</h1>
    {p.newToken ? (
      <div class="card" role="status">
        <p>
          <strong>Copy this token now.</strong> It is shown once; tidings keeps only its hash.
        </p>
        <p class="mono" id="new-token">
          {p.newToken}
        </p>
      </div>
    ) : null}
    <table>
      <caption class="visually-hidden">Users</caption>
      <TableHead columns={['Name', 'Email', 'Role', 'Language', 'Last sign-in', 'State']} />
      <tbody>
        {p.users.map((u) => (
          <tr>
            <td>
              <a href={`/users/${u.id}`}>{u.name}</a>
            </td>
            <td>{u.email}</td>
            <td>{u.role}</td>
            <td>{LOCALE_NAMES[u.locale as keyof typeof LOCALE_NAMES] ?? u.locale}</td>
            <td>{formatDateTime(u.last_sign_in_at)}</td>
            <td>{u.disabled_at ? <span class="badge bad">disabled</span> : <span class="badge ok">active</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
    <h2>Add a user</h2>
    <form method="post" action="/users" class="stack card">
      <CsrfField token={p.csrfToken} />
      <FieldError id="user-error" message={p.error} />
      <div>
        <label for="u-name">Name</label>
        <input id="u-name" name="name" type="text" required value={p.values?.['name'] ?? ''} />
      </div>
      <div>
        <label for="u-email">Email</label>
        <input id="u-email" name="email" type="email" required value={p.values?.['email'] ?? ''} />
      </div>
      <div>
        <label for="u-role">Role</label>
        <select id="u-role" name="role">
          {ROLES.map((r) => (
            <option value={r} selected={p.values?.['role'] === r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="u-locale">Language of emails to them</label>
        <select id="u-locale" name="locale">
          {SUPPORTED_LOCALES.map((l) => (
            <option value={l} selected={(p.values?.['locale'] ?? 'en') === l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="u-password">Initial password</label>
        <p class="hint" id="u-password-hint">At least 12 characters. Ask the person to keep it private.</p>
        <input id="u-password" name="password" type="password" autocomplete="new-password" required aria-describedby="u-password-hint" />
      </div>
      <div class="actions">
        <button type="submit">Add user</button>
      </div>
    </form>
    <h2>API tokens</h2>
    <table>
      <caption class="visually-hidden">API tokens</caption>
      <TableHead columns={['Name', 'User', 'Starts with', 'Expires', 'Last used']} actions />
      <tbody>
        {p.tokens.map((t) => (
          <tr>
            <td>{t.name}</td>
            <td>{t.user_email}</td>
            <td class="mono">{t.prefix}…</td>
            <td>{t.revoked_at ? <span class="badge bad">revoked</span> : formatDateTime(t.expires_at)}</td>
            <td>{formatDateTime(t.last_used_at)}</td>
            <td>
              {t.revoked_at ? null : (
                <form method="post" action={`/users/tokens/${t.id}/revoke`}>
                  <CsrfField token={p.csrfToken} />
                  <button type="submit" class="secondary">
                    Revoke
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
        <label for="t-user">For user (email)</label>
        <input id="t-user" name="user" type="email" required />
      </div>
      <div>
        <label for="t-name">Token name</label>
        <input id="t-name" name="name" type="text" required />
      </div>
      <div>
        <label for="t-exp">Expires after</label>
        <select id="t-exp" name="expires">
          <option value="30d">30 days</option>
          <option value="90d" selected>
            90 days
          </option>
          <option value="365d">1 year</option>
          <option value="never">never</option>
        </select>
      </div>
      <div class="actions">
        <button type="submit">Create token</button>
      </div>
    </form>
  </Layout>
);
