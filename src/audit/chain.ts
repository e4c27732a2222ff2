import { createHash } from 'node:crypto';

/** The hash every chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  at: Date;
  actor: string;
  actorUserId: number | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: unknown;
}

/**
 * JSON with object keys sorted at every level. PostgreSQL's jsonb reorders keys,
 * so the hash is taken over a form that survives the round trip unchanged.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(prevHash: string, c: ChainedContent): string {
  const body = canonicalJson({
    at: c.at.toISOString(),
    actor: c.actor,
    actorUserId: c.actorUserId,
    action: c.action,
    subjectType: c.subjectType,
    subjectId: c.subjectId,
    details: c.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}
