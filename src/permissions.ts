import type { Role } from './db/types.ts';

export const ROLES = ['officer', 'responder', 'auditor', 'admin'] as const satisfies readonly Role[];

/**
 * What each role may do. Admins hold every officer permission so that a small
 * team can run tidings; auditors only ever read.
 */
export const PERMISSIONS = {
  read: ['officer', 'responder', 'auditor', 'admin'],
  'contacts:write': ['officer', 'admin'],
  /** GDPR article 17: erase one customer's personal data (cannot be undone). */
  'contacts:erase': ['officer', 'admin'],
  'segments:write': ['officer', 'admin'],
  'contact_points:write': ['officer', 'admin'],
  'situations:write': ['officer', 'admin'],
  'updates:write': ['officer', 'admin'],
  'updates:approve': ['officer', 'admin'],
  'updates:send': ['officer', 'admin'],
  'conversations:answer': ['responder', 'officer', 'admin'],
  'followups:write': ['responder', 'officer', 'admin'],
  /** The local outbox: every customer's emails with their signed status and unsubscribe links (which act as the customer). */
  'outbox:read': ['officer', 'admin'],
  /** Mail no routed address matched belongs to no contact point, so to no responder: officers settle it, auditors read it. */
  'unmatched:read': ['officer', 'auditor', 'admin'],
  'unmatched:handle': ['officer', 'admin'],
  'settings:manage': ['admin'],
  'users:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
