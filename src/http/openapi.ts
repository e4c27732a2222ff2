import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

export function jsonBody<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

/** The failures every authenticated route can answer with. */
export const errorResponses = {
  400: jsonBody(ErrorSchema, 'Invalid input; the message names the field'),
  401: jsonBody(ErrorSchema, 'Missing, unknown, expired or revoked token'),
  403: jsonBody(ErrorSchema, 'The role may not do this'),
};

export const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });
