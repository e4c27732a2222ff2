import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { AppError } from '../errors.ts';
import { emailFrameResponse } from '../http/email-frame.ts';
import { findOutboxHtml, findOutboxMessage, listOutbox, MESSAGE_ID_RE } from './queries.ts';
import { OutboxListPage, OutboxMessagePage } from './views.tsx';

const noSuchMessage = () => AppError.localized('not_found', 'outbox.noSuchMessage');

function messageId(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!MESSAGE_ID_RE.test(id)) throw noSuchMessage();
  return id;
}

const shell = (c: Context<AppEnv>) => ({ user: c.get('user'), csrfToken: c.get('csrfToken'), resend: Boolean(c.get('deps').config.resendApiKey) });

/**
 * The outbox: every email sent while no provider is configured, as the customer
 * would see it. Each holds a customer's signed status and unsubscribe links,
 * so it is for those who send (officers and admins), not for every reader.
 */
export function outboxPages(app: Hono<AppEnv>): void {
  app.get('/outbox', allow('outbox:read'), async (c) => {
    const before = c.req.query('before');
    if (before !== undefined && !MESSAGE_ID_RE.test(before)) throw AppError.localized('validation_failed', 'outbox.notAMessageId');
    const page = await listOutbox(c.get('deps').db, before);
    return c.html(<OutboxListPage {...shell(c)} page={page} before={before} />);
  });

  app.get('/outbox/:id', allow('outbox:read'), async (c) => {
    const message = await findOutboxMessage(c.get('deps').db, messageId(c));
    if (!message) throw noSuchMessage();
    return c.html(<OutboxMessagePage {...shell(c)} message={message} />);
  });

  app.get('/outbox/:id/html', allow('outbox:read'), async (c) => {
    const html = await findOutboxHtml(c.get('deps').db, messageId(c));
    if (html === undefined) throw noSuchMessage();
    return emailFrameResponse(c, html);
  });
}
