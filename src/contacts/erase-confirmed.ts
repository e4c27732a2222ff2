import type { Actor } from '../audit/log.ts';
import type { Db } from '../db/connection.ts';
import { AppError } from '../errors.ts';
import { eraseContact, type ErasureResult } from './erase.ts';
import { getContact } from './queries.ts';

/** What a person types, besides the contact's own address, to confirm an erasure on the page. */
export const ERASE_WORD = 'ERASE';

/**
 * An erasure asked for on the page: it cannot be undone, so the person confirms
 * it by typing ERASE or the contact's address. Refused (validation_failed)
 * when the confirmation does not match; an erased contact is refused by the
 * erasure itself (conflict).
 */
export async function eraseConfirmed(db: Db, actor: Actor, contactId: number, confirm: string): Promise<ErasureResult> {
  const contact = await getContact(db, contactId);
  const typed = confirm.trim();
  if (!contact.erased_at && typed !== ERASE_WORD && typed.toLowerCase() !== contact.email.toLowerCase()) {
    const refusal = typed
      ? AppError.localized('validation_failed', 'contacts.eraseMismatch', { typed: typed.slice(0, 100), word: ERASE_WORD })
      : AppError.localized('validation_failed', 'contacts.eraseEmpty', { word: ERASE_WORD });
    throw refusal.with({ details: [{ field: 'confirm', message: 'does not match' }] });
  }
  return eraseContact(db, actor, contact.id);
}
