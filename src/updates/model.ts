import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { DbOrTx } from '../db/connection.ts';
import type { Update, UpdateContent } from '../db/types.ts';
import { AppError } from '../errors.ts';

export type { UpdateContent } from '../db/types.ts';

export interface UpdateWithRelations extends Update {
  segmentIds: number[];
}

export async function loadUpdate(db: DbOrTx, id: number, options: { forUpdate?: boolean } = {}): Promise<UpdateWithRelations> {
  let q = db.selectFrom('updates').selectAll().where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  const u = await q.executeTakeFirst();
  if (!u) throw AppError.localized('not_found', 'composer.updateNotFound', { id: String(id) });
  const segs = await db.selectFrom('update_segments').select('segment_id').where('update_id', '=', id).orderBy('segment_id').execute();
  return { ...u, segmentIds: segs.map((s) => s.segment_id) };
}


/** Locales with a complete version (subject and body); customers in any other language get the default. */
export function completeLocales(content: UpdateContent): Locale[] {
  return SUPPORTED_LOCALES.filter((l) => Boolean(content[l]?.subject.trim() && content[l]?.body.trim()));
}

/** The version a customer whose language is `locale` receives. */
export function effectiveLocale(content: UpdateContent, defaultLocale: Locale, locale: Locale): Locale {
  return completeLocales(content).includes(locale) ? locale : defaultLocale;
}

