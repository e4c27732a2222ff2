import type { DbOrTx } from '../db/connection.ts';
import { editorsOf } from './approval.ts';
import { languageWarnings, missingElements, type LanguageWarning, type MissingElement } from './checklist.ts';
import { loadUpdate, type UpdateWithRelations } from './model.ts';
import { deliveryCounts } from './workflow.ts';

/** An update with what its status depends on: the checklist, the editors, counts per delivery status. */
export interface UpdateDetails {
  update: UpdateWithRelations;
  missing: MissingElement[];
  /** Languages whose customers will read part of it in the default language (not a refusal). */
  warnings: LanguageWarning[];
  editorIds: number[];
  counts: Record<string, number>;
}

const CHECKED = new Set(['draft', 'pending_approval', 'approved']);

export async function updateDetails(db: DbOrTx, idOrUpdate: number | UpdateWithRelations): Promise<UpdateDetails> {
  const update = typeof idOrUpdate === 'number' ? await loadUpdate(db, idOrUpdate) : idOrUpdate;
  const checked = CHECKED.has(update.status);
  const [missing, warnings, editorIds, counts] = await Promise.all([
    checked ? missingElements(db, update) : [],
    checked ? languageWarnings(db, update) : [],
    editorsOf(db, update.id),
    deliveryCounts(db, update.id),
  ]);
  return { update, missing, warnings, editorIds, counts };
}

/** Every update of a situation, oldest first, with its details. */
export async function situationUpdateDetails(db: DbOrTx, situationId: number): Promise<UpdateDetails[]> {
  const ids = await db.selectFrom('updates').select('id').where('situation_id', '=', situationId).orderBy('id').execute();
  return Promise.all(ids.map((r) => updateDetails(db, r.id)));
}
