import { signLink } from '../../src/links.ts';
import type { TestContext } from '../helpers/app.ts';

export const inAYear = () => new Date(Date.now() + 365 * 86_400_000);

/** The signed status-page token of one customer's delivery of an update. */
export async function statusToken(t: TestContext, updateId: number, email: string, expiresAt = inAYear()): Promise<{ token: string; deliveryId: number; contactId: number; locale: string }> {
  const d = await t.deps.db.selectFrom('deliveries').select(['id', 'contact_id', 'locale']).where('update_id', '=', updateId).where('email', '=', email).executeTakeFirstOrThrow();
  return { token: signLink(t.deps.config.secret, { purpose: 'status', id: d.id, expiresAt }), deliveryId: d.id, contactId: d.contact_id, locale: d.locale };
}
