import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { User } from '../db/types.ts';
import { can } from '../permissions.ts';

interface LayoutProps {
  title: string;
  user?: User | undefined;
  csrfToken?: string;
  /** The nav entry to mark as current. */
  section?: string;
  flash?: string | undefined;
  /** Extra progressive-enhancement scripts under /assets/, e.g. "segments.js". */
  scripts?: string[];
  children?: Child;
}

/** The staff navigation in groups a person scans by task; each item shows only to the roles that may use it. */
const NAV: { group: string; items: { href: string; label: string; section: string; show: (u: User) => boolean }[] }[] = [
  {
    group: 'Communicate',
    items: [
      { href: '/', label: 'Dashboard', section: 'dashboard', show: () => true },
      { href: '/inbox', label: 'Inbox', section: 'inbox', show: () => true },
      { href: '/situations', label: 'Situations', section: 'situations', show: () => true },
      { href: '/promises', label: 'Promises', section: 'promises', show: () => true },
    ],
  },
  {
    group: 'Audience',
    items: [
      { href: '/contacts', label: 'Contacts', section: 'contacts', show: () => true },
      { href: '/segments', label: 'Segments', section: 'segments', show: () => true },
      { href: '/contact-points', label: 'Contact points', section: 'contact-points', show: () => true },
      { href: '/suppressions', label: 'Suppressions', section: 'suppressions', show: () => true },
    ],
  },
  {
    group: 'Record',
    items: [
      { href: '/history', label: 'Send history', section: 'history', show: () => true },
      { href: '/audit', label: 'Audit log', section: 'audit', show: () => true },
      { href: '/outbox', label: 'Outbox', section: 'outbox', show: (u) => can(u.role, 'outbox:read') },
      { href: '/unmatched', label: 'Unmatched mail', section: 'unmatched', show: (u) => can(u.role, 'unmatched:handle') },
    ],
  },
  {
    group: 'Administration',
    items: [
      { href: '/users', label: 'Users', section: 'users', show: (u) => can(u.role, 'users:manage') },
      { href: '/settings', label: 'Settings', section: 'settings', show: (u) => can(u.role, 'settings:manage') },
    ],
  },
];

/** Every page's outermost element, after the doctype: without it browsers render in quirks mode. */
export const HtmlDocument: FC<{ lang: string; children?: Child }> = ({ lang, children }) => (
  <>
    {raw('<!doctype html>')}
    <html lang={lang}>{children}</html>
  </>
);

/**
 * The side bar: always visible (no menu to open, so it works without
 * JavaScript and every link is one Tab away), which keeps the header to one row.
 */
const SideNav: FC<{ user: User; section: string | undefined }> = ({ user, section }) => (
  <nav aria-label="Main" class="side">
    {NAV.map((g, i) => {
      const items = g.items.filter((n) => n.show(user));
      return items.length ? (
        <>
          <p class="nav-group" id={`nav-group-${i}`}>
            {g.group}
          </p>
          <ul aria-labelledby={`nav-group-${i}`}>
            {items.map((n) => (
              <li>
                <a href={n.href} aria-current={n.section === section ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null;
    })}
  </nav>
);

export const Layout: FC<LayoutProps> = ({ title, user, csrfToken, section, flash, scripts, children }) => (
  <HtmlDocument lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} · tidings`}</title>
      <link rel="stylesheet" href="/assets/app.css" />
      {csrfToken ? <meta name="csrf-token" content={csrfToken} /> : null}
      <script src="/assets/app.js" defer></script>
      {(scripts ?? []).map((s) => (
        <script src={`/assets/${s}`} defer></script>
      ))}
    </head>
    <body>
      <a class="skip" href="#main">Skip to content</a>
      <header class="top">
        <a class="brand" href="/">tidings</a>
        {user ? (
          <form method="post" action="/logout" class="who">
            <span>
              <a href="/account">{user.name}</a> <span class="role">{user.role}</span>
            </span>
            <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
            <button type="submit" class="link">Sign out</button>
          </form>
        ) : null}
      </header>
      <div class={user ? 'shell' : undefined}>
        {user ? <SideNav user={user} section={section} /> : null}
        <main id="main">
          {flash ? (
            <p class="flash" role="status">
              {flash}
            </p>
          ) : null}
          {children}
        </main>
      </div>
    </body>
  </HtmlDocument>
);

export const ErrorPage: FC<{ status: number; message: string; user?: User | undefined }> = ({ status, message, user }) => (
  <Layout title={`Error ${status}`} user={user}>
    <h1>{status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 401 ? 'Please sign in' : status >= 500 ? 'Something went wrong' : 'That did not work'}</h1>
    <p class="error" role="alert">
      {message}
    </p>
    <p>
      <a href="/">Back to the dashboard</a>
    </p>
  </Layout>
);

export const CsrfField: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

/** Field-level validation messages, announced to screen readers. */
export const FieldError: FC<{ id: string; message?: string | undefined }> = ({ id, message }) =>
  message ? (
    <p class="field-error" id={id} role="alert">
      {message}
    </p>
  ) : null;

export function formatDateTime(d: Date | null | undefined): string {
  if (!d) return '—';
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d) + ' UTC';
}

/** A table's header row of column names, with an unlabelled-to-sight "Actions" column when rows carry buttons. */
export const TableHead: FC<{ columns: string[]; actions?: boolean }> = ({ columns, actions }) => (
  <thead>
    <tr>
      {columns.map((c) => (
        <th scope="col">{c}</th>
      ))}
      {actions ? (
        <th scope="col">
          <span class="visually-hidden">Actions</span>
        </th>
      ) : null}
    </tr>
  </thead>
);
