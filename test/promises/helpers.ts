import { sql } from 'kysely';
import type { TestContext } from '../helpers/app.ts';
import { baseScenario } from '../helpers/scenario.ts';
import { sendOne } from '../portal/helpers.ts';

const DAY = 86_400_000;

/**
 * A situation called `title` with one update sent to everyone, promising the
 * next one `dueIn` ms from now (negative: the date has passed), made a week
 * before that date. The promise itself appears at the next evaluatePromises.
 */
export async function promiseDueIn(t: TestContext, title: string, dueIn: number) {
  const s = await baseScenario(t.deps.db);
  await sql`UPDATE situations SET title = ${title} WHERE id = ${s.situation.id}`.execute(t.deps.db);
  const updateId = await sendOne(t, s.situation.id, s.segment.id, s.cp.id, title);
  const due = new Date(Date.now() + dueIn);
  await sql`UPDATE updates SET next_update_at = ${due}, sent_at = ${new Date(due.getTime() - 7 * DAY)} WHERE id = ${updateId}`.execute(t.deps.db);
  return { ...s, updateId, due };
}
