import type { SUPPORTED_LOCALES } from '../config.ts';
import type { Contact } from '../db/types.ts';
import type { ErasureResult } from './erase.ts';

/** A contact as the API answers with it. */
export function contactJson(c: Contact) {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    locale: c.locale as (typeof SUPPORTED_LOCALES)[number],
    timezone: c.timezone,
    attributes: (c.attributes ?? {}) as Record<string, string | number | boolean>,
    unsubscribedAt: c.unsubscribed_at?.toISOString() ?? null,
    erasedAt: c.erased_at?.toISOString() ?? null,
    createdAt: c.created_at.toISOString(),
    updatedAt: c.updated_at.toISOString(),
  };
}

export function erasureJson(r: ErasureResult) {
  return { ...r, erasedAt: r.erasedAt.toISOString() };
}
