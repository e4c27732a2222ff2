import { z } from '@hono/zod-openapi';
import { SUPPORTED_LOCALES } from '../config.ts';

const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);

export const ContactSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    locale: z.enum(SUPPORTED_LOCALES),
    timezone: z.string().openapi({ example: 'Europe/Oslo' }),
    attributes: z.record(z.string(), AttributeValue),
    unsubscribedAt: z.string().nullable(),
    erasedAt: z.string().nullable().openapi({ description: 'When the personal data was erased (GDPR art. 17); the fields then hold a pseudonym' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contact');

const ImportRowNote = z.object({
  row: z.number().int().openapi({ description: 'CSV: row as a spreadsheet numbers it (the header is row 1). JSON: 1-based index in the array.' }),
  email: z.string(),
  reason: z.string(),
});

export const ImportResultSchema = z
  .object({
    created: z.number().int().openapi({ description: 'New contacts' }),
    updated: z.number().int().openapi({ description: 'Existing contacts (same email, any case) updated' }),
    rejected: z.array(ImportRowNote).openapi({
      description:
        'Rows that were not imported, with the reason; the other rows were imported. An unbalanced quote rejects the row where it opened (the reason names the row and column) and the lines after it are read as rows of their own.',
    }),
    warnings: z.array(ImportRowNote).openapi({
      description:
        'Rows that were imported (counted in created or updated) but may not be as the file meant them: a double quote inside a CSV value that does not start with one (37°36\'37.8"N) is kept as written, as spreadsheet programs read it. Always empty for JSON.',
      example: [{ row: 7, email: 'kari@example.org', reason: 'column 5 (location) holds a double quote inside a value that does not start with one; it was kept as written (…)' }],
    }),
  })
  .openapi('ContactImportResult');

export const ImportRowSchema = z
  .object({
    email: z.string().openapi({ example: 'kari@example.org' }),
    name: z.string().optional(),
    locale: z.enum(SUPPORTED_LOCALES).optional(),
    timezone: z.string().optional().openapi({ example: 'Europe/Oslo' }),
    attributes: z.record(z.string(), AttributeValue).optional(),
  })
  .catchall(AttributeValue)
  .openapi('ContactImportRow');

export const ListQuery = z.object({
  q: z.string().max(200).optional().openapi({ description: 'Case-insensitive part of the email or the name' }),
  cursor: z.string().optional().openapi({ description: 'nextCursor from the previous page; anything else is refused with 400 invalid_input' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ErasureSchema = z
  .object({
    contactId: z.number().int(),
    erasedAt: z.string(),
    deliveries: z.number().int().openapi({ description: 'Deliveries now under the pseudonym (kept, so counts per update do not change)' }),
    cancelledQueued: z.number().int().openapi({ description: 'Of those, deliveries not sent yet: excluded (reason "erased"), never sent' }),
    events: z.number().int().openapi({ description: 'Provider events reduced to type, time and ids' }),
    conversations: z.number().int(),
    messages: z.number().int().openapi({ description: 'Messages whose text, subject and customer address were replaced' }),
    inboundUnmatched: z.number().int(),
    followUps: z.number().int(),
    outbox: z.number().int().openapi({ description: 'Local outbox copies of mail to the customer' }),
    suppression: z
      .object({ kept: z.boolean(), reason: z.enum(['bounced', 'complained', 'manual']).nullable() })
      .openapi({ description: 'A suppression of the address is kept (legitimate interest): it must never be mailed again, also if imported again' }),
    earlierAuditEntries: z.number().int().openapi({ description: 'Audit entries written before addresses were kept out of the log that still name it; the log is append-only' }),
  })
  .openapi('ContactErasure');
