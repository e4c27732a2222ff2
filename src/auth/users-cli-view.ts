import type { UserListing } from './users.ts';

function minute(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `tidings user list`: one aligned row per user, for a terminal. */
export function usersTable(users: UserListing[]): string {
  if (users.length === 0) return 'no users yet: add one with tidings user create';
  const rows = [
    ['EMAIL', 'NAME', 'ROLE', 'LOCALE', 'STATE', 'LAST SIGN-IN'],
    ...users.map((u) => [u.email, u.name, u.role, u.locale, u.disabled_at ? `disabled since ${minute(u.disabled_at)}` : 'active', u.last_sign_in_at ? minute(u.last_sign_in_at) : 'never']),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
