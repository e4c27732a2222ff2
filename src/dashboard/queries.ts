import { sql } from 'kysely';
import { ageBands, openFollowUpCount, type AgeBands } from '../conversations/inbox.ts';
import { scopeFor } from '../conversations/scope.ts';
import type { Db } from '../db/connection.ts';
import type { User } from '../db/types.ts';
import { dashboardPromises, type DashboardPromises } from '../promises/dashboard.ts';

/** How much the team holds: the dashboard's cards that link to each list. */
export interface DashboardCounts {
  contacts: number;
  segments: number;
  contactPoints: number;
  audit: number;
}

export interface Dashboard {
  counts: DashboardCounts;
  /** Customers waiting for an answer in the user's inbox scope, by how long. */
  bands: AgeBands;
  followUps: number;
  promises: DashboardPromises;
}

export async function dashboardCounts(db: Db): Promise<DashboardCounts> {
  const counts = await sql<DashboardCounts>`
    SELECT (SELECT count(*) FROM contacts)::int AS contacts,
           (SELECT count(*) FROM segments WHERE archived_at IS NULL)::int AS segments,
           (SELECT count(*) FROM contact_points WHERE archived_at IS NULL)::int AS "contactPoints",
           (SELECT count(*) FROM audit_log)::int AS audit`.execute(db);
  return counts.rows[0]!;
}

/** Everything the dashboard shows to `user`. */
export async function loadDashboard(db: Db, user: User): Promise<Dashboard> {
  const scope = scopeFor(user);
  const [counts, bands, followUps, promises] = await Promise.all([dashboardCounts(db), ageBands(db, scope), openFollowUpCount(db, scope), dashboardPromises(db)]);
  return { counts, bands, followUps, promises };
}
