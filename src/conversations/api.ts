import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { requestTransport } from '../sending/transport.ts';
import { allow } from '../http/access.ts';
import { errorResponses, IdempotencyKeyHeader, IdParam, jsonBody } from '../http/openapi.ts';
import { idempotent } from '../http/idempotent.ts';
import type { AnswerResult } from './answer.ts';
import { listConversations, type ConversationState } from './inbox.ts';
import { scopeFor } from './scope.ts';
import { conversationFor, sendAnswer, sendAnswerAgain } from './thread.ts';

const ConversationSummary = z
  .object({
    id: z.number().int(),
    status: z.enum(['open', 'answered', 'closed']),
    contactId: z.number().int(),
    customerName: z.string(),
    customerEmail: z.string(),
    situationTitle: z.string(),
    contactPoint: z.string().nullable(),
    waitingSince: z.string().nullable().openapi({ description: 'When the customer last wrote' }),
    lastExcerpt: z.string(),
  })
  .openapi('ConversationSummary');

const Message = z
  .object({
    id: z.number().int(),
    direction: z.enum(['in', 'out']),
    channel: z.enum(['email', 'portal']),
    classification: z.enum(['human', 'auto_reply', 'bounce']),
    from: z.string(),
    subject: z.string(),
    text: z.string().openapi({ description: 'The message without quoted history and signature; `fullText` keeps the original' }),
    fullText: z.string(),
    sent: z.boolean().openapi({ description: 'For answers: accepted by the provider. An answer not sent can be sent again' }),
    createdAt: z.string(),
  })
  .openapi('Message');

const Conversation = z
  .object({
    id: z.number().int(),
    status: z.enum(['open', 'answered', 'closed']),
    waitingSince: z.string().nullable(),
    contact: z.object({ id: z.number().int(), name: z.string(), email: z.string(), locale: z.string() }),
    situation: z.object({ id: z.number().int(), title: z.string() }),
    contactPoint: z.object({ id: z.number().int(), name: z.string(), email: z.string() }).nullable(),
    messages: z.array(Message),
  })
  .openapi('Conversation');

const AnswerSent = z.object({ sent: z.literal(true), messageId: z.number().int(), providerId: z.string() }).openapi('AnswerSent');

/** An answer the provider did not take is kept (not sent) and reported as a 502 naming the message to send again. */
function sentOrThrow(r: AnswerResult) {
  if (!r.sent) throw new AppError('provider_failed', `the answer was not sent: ${r.reason}. It is kept in the thread as message ${r.messageId}; send it again with POST …/messages/${r.messageId}/resend`, { messageId: r.messageId });
  return r;
}

/** Outside a responder's scope is answered like an id that does not exist, so ids do not leak. */
const notFound = () => jsonBody(z.object({}), "No such conversation, or (for a responder) one of another contact point's");

const MessageParams = z.object({
  id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }),
  messageId: z.coerce.number().int().positive().openapi({ param: { name: 'messageId', in: 'path' } }),
});

export function conversationsApi(api: OpenAPIHono<AppEnv>): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/conversations',
      middleware: [allow('read')] as const,
      tags: ['Conversations'],
      summary: "Customers' conversations: open ones longest-waiting first, others latest first. A responder sees their own contact points' only",
      security: [{ bearer: [] }],
      request: { query: z.object({ state: z.enum(['open', 'answered', 'closed']).optional().openapi({ description: 'Default open' }) }) },
      responses: { 200: jsonBody(z.object({ conversations: z.array(ConversationSummary) }), 'Up to 500 conversations'), ...errorResponses },
    }),
    async (c) => {
      const state: ConversationState = c.req.valid('query').state ?? 'open';
      const rows = await listConversations(c.get('deps').db, scopeFor(c.get('user')), state);
      return c.json(
        {
          conversations: rows.map((r) => ({
            id: r.id,
            status: state,
            contactId: r.contactId,
            customerName: r.customerName,
            customerEmail: r.customerEmail,
            situationTitle: r.situationTitle,
            contactPoint: r.contactPointName,
            waitingSince: r.waitingSince?.toISOString() ?? null,
            lastExcerpt: r.lastExcerpt,
          })),
        },
        200,
      );
    },
  );
  api.openapi(
    createRoute({
      method: 'get',
      path: '/conversations/{id}',
      middleware: [allow('read')] as const,
      tags: ['Conversations'],
      summary: "One conversation with every message, oldest first. A responder sees their own contact points' only",
      security: [{ bearer: [] }],
      request: { params: IdParam },
      responses: { 200: jsonBody(Conversation, 'The conversation'), 404: notFound(), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const v = await conversationFor(c.get('deps').db, c.get('user'), id);
      return c.json(
        {
          id: v.id,
          status: v.status,
          waitingSince: v.waitingSince?.toISOString() ?? null,
          contact: v.contact,
          situation: v.situation,
          contactPoint: v.contactPoint ? { id: v.contactPoint.id, name: v.contactPoint.name, email: v.contactPoint.email } : null,
          messages: v.messages.map((m) => ({ id: m.id, direction: m.direction, channel: m.channel, classification: m.classification, from: m.from, subject: m.subject, text: m.visibleText, fullText: m.text, sent: m.sent, createdAt: m.createdAt.toISOString() })),
        },
        200,
      );
    },
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{id}/answer',
      middleware: [allow('conversations:answer'), idempotent()] as const,
      tags: ['Conversations'],
      summary: "Answer the customer by email, as a reply in the same thread in the contact person's name",
      security: [{ bearer: [] }],
      request: { params: IdParam, headers: IdempotencyKeyHeader, body: { content: { 'application/json': { schema: z.object({ text: z.string().max(20_000) }).strict() } }, required: true } },
      responses: { 200: jsonBody(AnswerSent, 'The answer was accepted by the provider'), 404: notFound(), 409: jsonBody(z.object({}), 'Nothing to answer, no contact point, or the customer was erased'), 502: jsonBody(z.object({}), 'The provider did not take it; it is kept as not sent'), ...errorResponses },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { db, config } = c.get('deps');
      const r = await sendAnswer(db, requestTransport(c.get('deps')), config, { user: c.get('user'), actor: c.get('actor') }, id, c.req.valid('json').text);
      return c.json(sentOrThrow(r), 200);
    },
  );
  api.openapi(
    createRoute({
      method: 'post',
      path: '/conversations/{id}/messages/{messageId}/resend',
      middleware: [allow('conversations:answer'), idempotent()] as const,
      tags: ['Conversations'],
      summary: 'Send an answer that was kept as not sent again: the same email under the same idempotency key',
      security: [{ bearer: [] }],
      request: { params: MessageParams, headers: IdempotencyKeyHeader },
      responses: { 200: jsonBody(AnswerSent, 'The answer was accepted by the provider'), 404: notFound(), 409: jsonBody(z.object({}), 'Sent already, or the customer was erased'), 502: jsonBody(z.object({}), 'The provider did not take it; it stays not sent'), ...errorResponses },
    }),
    async (c) => {
      const { id, messageId } = c.req.valid('param');
      const r = await sendAnswerAgain(c.get('deps').db, requestTransport(c.get('deps')), { user: c.get('user'), actor: c.get('actor') }, id, messageId);
      return c.json(sentOrThrow(r), 200);
    },
  );
}
