import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import type { User } from '../db/types.ts';
import { can } from '../permissions.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { t, tr } from '../../i18n/current.ts';

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
const NAV: { group: PlainKey; items: { href: string; label: PlainKey; section: string; show: (u: User) => boolean }[] }[] = [
  {
    group: 'layout.groupCommunicate',
    items: [
      { href: '/', label: 'layout.navDashboard', section: 'dashboard', show: () => true },
      { href: '/inbox', label: 'layout.navInbox', section: 'inbox', show: () => true },
      { href: '/situations', label: 'layout.navSituations', section: 'situations', show: () => true },
      { href: '/promises', label: 'layout.navPromises', section: 'promises', show: () => true },
    ],
  },
  {
    group: 'layout.groupAudience',
    items: [
      { href: '/contacts', label: 'layout.navContacts', section: 'contacts', show: () => true },
      { href: '/segments', label: 'layout.navSegments', section: 'segments', show: () => true },
      { href: '/contact-points', label: 'layout.navContactPoints', section: 'contact-points', show: () => true },
      { href: '/suppressions', label: 'layout.navSuppressions', section: 'suppressions', show: () => true },
    ],
  },
  {
    group: 'layout.groupRecord',
    items: [
      { href: '/history', label: 'layout.navHistory', section: 'history', show: () => true },
      { href: '/audit', label: 'layout.navAudit', section: 'audit', show: () => true },
      { href: '/outbox', label: 'layout.navOutbox', section: 'outbox', show: (u) => can(u.role, 'outbox:read') },
      { href: '/unmatched', label: 'layout.navUnmatched', section: 'unmatched', show: (u) => can(u.role, 'unmatched:handle') },
    ],
  },
  {
    group: 'layout.groupAdministration',
    items: [
      { href: '/users', label: 'layout.navUsers', section: 'users', show: (u) => can(u.role, 'users:manage') },
      { href: '/settings', label: 'layout.navSettings', section: 'settings', show: (u) => can(u.role, 'settings:manage') },
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
  <nav aria-label={t('layout.mainNav')} class="side">
    {NAV.map((g, i) => {
      const items = g.items.filter((n) => n.show(user));
      return items.length ? (
        <>
          <p class="nav-group" id={`nav-group-${i}`}>
            {t(g.group)}
          </p>
          <ul aria-labelledby={`nav-group-${i}`}>
            {items.map((n) => (
              <li>
                <a href={n.href} aria-current={n.section === section ? 'page' : undefined}>
                  {t(n.label)}
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
  <HtmlDocument lang={tr().locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{t('layout.titleSuffix', { title })}</title>
      <link rel="stylesheet" href="/assets/app.css" />
      {csrfToken ? <meta name="csrf-token" content={csrfToken} /> : null}
      <script src="/assets/app.js" defer></script>
      {(scripts ?? []).map((s) => (
        <script src={`/assets/${s}`} defer></script>
      ))}
    </head>
    <body>
      <a class="skip" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header class="top">
        <a class="brand" href="/">tidings</a>
        {user ? (
          <form method="post" action="/logout" class="who">
            <span>
              <a href="/account">{user.name}</a> <span class="role">{roleName(user.role)}</span>
            </span>
            <input type="hidden" name="_csrf" value={csrfToken ?? ''} />
            <button type="submit" class="link">
              {t('layout.signOut')}
            </button>
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
  <Layout title={t('layout.errorTitle', { status: String(status) })} user={user}>
    <h1>{t(status === 404 ? 'layout.errorNotFound' : status === 403 ? 'layout.errorForbidden' : status === 401 ? 'layout.errorSignIn' : status >= 500 ? 'layout.errorServer' : 'layout.errorOther')}</h1>
    <p class="error" role="alert">
      {message}
    </p>
    <p>
      <a href="/">{t('layout.backToDashboard')}</a>
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

/** A date and time for staff, in UTC and saying so, in the reader's language. */
export function formatDateTime(d: Date | null | undefined): string {
  return tr().dateTime(d);
}

const ROLE_NAMES = { admin: 'layout.roleAdmin', officer: 'layout.roleOfficer', responder: 'layout.roleResponder', auditor: 'layout.roleAuditor' } as const satisfies Record<string, PlainKey>;

/** A role as the reader's language names it. */
export function roleName(role: string): string {
  return role in ROLE_NAMES ? t(ROLE_NAMES[role as keyof typeof ROLE_NAMES]) : role;
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
          <span class="visually-hidden">{t('common.actions')}</span>
        </th>
      ) : null}
    </tr>
  </thead>
);
