import type { DbOrTx } from '../db/connection.ts';
import { editorsOf } from './approval.ts';
import { missingElements, type MissingElement } from './checklist.ts';
import { loadUpdate, type UpdateWithRelations } from './model.ts';
import { deliveryCounts } from './workflow.ts';

/** An update with what its status depends on: the checklist, the editors, counts per delivery status. */
export interface UpdateDetails {
  update: UpdateWithRelations;
  missing: MissingElement[];
  editorIds: number[];
  counts: Record<string, number>;
}

const CHECKED = new Set(['draft', 'pending_approval', 'approved']);

export async function updateDetails(db: DbOrTx, idOrUpdate: number | UpdateWithRelations): Promise<UpdateDetails> {
  const update = typeof idOrUpdate === 'number' ? await loadUpdate(db, idOrUpdate) : idOrUpdate;
  const [missing, editorIds, counts] = await Promise.all([CHECKED.has(update.status) ? missingElements(db, update) : [], editorsOf(db, update.id), deliveryCounts(db, update.id)]);
  return { update, missing, editorIds, counts };
}

/** Every update of a situation, oldest first, with its details. */
export async function situationUpdateDetails(db: DbOrTx, situationId: number): Promise<UpdateDetails[]> {
  const ids = await db.selectFrom('updates').select('id').where('situation_id', '=', situationId).orderBy('id').execute();
  return Promise.all(ids.map((r) => updateDetails(db, r.id)));
}
