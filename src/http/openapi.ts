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

/** The Idempotency-Key request header, on every route that honours it (the route also declares `idempotent()`). */
export const IdempotencyKeyHeader = z.object({
  // Documentation only: the `idempotent()` middleware reads and checks the header.
  'Idempotency-Key': z
    .string()
    .optional()
    .openapi({
      example: '7b0f6c1e-3c55-4a4e-9a43-2d8f0c3b9e11',
      description:
        'Optional, 1 to 255 visible ASCII characters (a UUID). The first request under a key runs; a repeat by the same user within 24 hours gets the same status and body again with `Idempotent-Replayed: true` and does nothing more. A repeat while the first runs waits for it (409 `conflict` with Retry-After if it takes over 10 s); the same key with a different request is 422 `idempotency_key_reused`. 400, 429, 500 and 503 answers free the key for a retry.',
    }),
});
