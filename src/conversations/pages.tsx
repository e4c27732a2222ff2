import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { AppError } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { idempotent } from '../http/idempotent.ts';
import { requestTransport } from '../sending/transport.ts';
import type { AnswerResult } from './answer.ts';
import { FollowUpsPage } from './follow-ups-page.tsx';
import { InboxPage } from './inbox-page.tsx';
import { followUpsOverview, inboxFor, resolveFollowUp } from './inbox.ts';
import { ThreadPage } from './thread-page.tsx';
import type { Acting } from './scope.ts';
import { flagConversation, handOver, markAnswered, sendAnswer, sendAnswerAgain, threadFor } from './thread.ts';
import { UnmatchedPage } from './unmatched-page.tsx';
import { listUnmatched, markUnmatchedHandled } from './unmatched.ts';
import type { PlainKey } from '../../i18n/catalogue.ts';
import { t } from '../../i18n/current.ts';

const FLASH: Record<string, PlainKey> = {
  answered: 'conversations.flashAnswered',
  marked: 'conversations.flashMarked',
  handover: 'conversations.flashHandover',
  flagged: 'conversations.flashFlagged',
  resolved: 'conversations.flashResolved',
};

function flashOf(c: Context<AppEnv>): string | undefined {
  const done = c.req.query('done');
  return done && Object.hasOwn(FLASH, done) ? t(FLASH[done]!) : undefined;
}

/** What an address's id names, as its refusal says when the id is not one. */
const NO_SUCH = { conversation: 'conversations.noSuchConversation', answer: 'conversations.noSuchAnswer', followUp: 'conversations.noSuchFollowUp', message: 'conversations.noSuchMessage' } as const satisfies Record<string, PlainKey>;

function positiveId(value: string | undefined, what: keyof typeof NO_SUCH): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw AppError.localized('not_found', NO_SUCH[what]);
  return id;
}

const conversationId = (c: Context<AppEnv>) => positiveId(c.req.param('id'), 'conversation');
const acting = (c: Context<AppEnv>): Acting => ({ user: c.get('user'), actor: c.get('actor') });

/** The thread, with a refusal shown in place when there is one. */
async function renderThread(c: Context<AppEnv>, id: number, refusal: { error?: string; draft?: string } = {}) {
  const thread = await threadFor(c.get('deps').db, c.get('user'), id);
  return c.html(<ThreadPage {...thread} user={c.get('user')} csrfToken={c.get('csrfToken')} flash={flashOf(c)} {...refusal} />);
}

/** An answer the provider did not take stays in the thread as not sent; the page says so with a 502. */
function sentOrRefused(r: AnswerResult, again: boolean): void {
  if (!r.sent) throw AppError.localized('provider_failed', again ? 'conversations.answerNotSentAgain' : 'conversations.answerNotSent', { reason: r.reason });
}

/** The responder's inbox, a conversation's thread and its actions, and the follow-up list. */
export function conversationsPages(app: Hono<AppEnv>): void {
  app.get('/inbox', allow('read'), async (c) => {
    const cp = Number(c.req.query('cp'));
    const mine = c.req.query('mine') === '1';
    const inbox = await inboxFor(c.get('deps').db, c.get('user'), { mine, contactPointId: Number.isSafeInteger(cp) && cp > 0 ? cp : undefined });
    return c.html(<InboxPage inbox={inbox} mine={mine} user={c.get('user')} csrfToken={c.get('csrfToken')} now={new Date()} />);
  });

  app.get('/inbox/:id', allow('read'), async (c) => renderThread(c, conversationId(c)));

  app.post('/inbox/:id/answer', allow('conversations:answer'), idempotent(), async (c) => {
    const id = conversationId(c);
    const form = await c.req.parseBody();
    const text = typeof form['text'] === 'string' ? form['text'] : '';
    try {
      sentOrRefused(await sendAnswer(c.get('deps').db, requestTransport(c.get('deps')), c.get('deps').config, acting(c), id, text), false);
    } catch (err) {
      return showRefusal(c, err, ['validation_failed', 'conflict', 'provider_failed'], (e) => renderThread(c, id, { error: e.message, draft: text }));
    }
    return c.redirect(`/inbox/${id}?done=answered`, 303);
  });

  app.post('/inbox/:id/messages/:messageId/resend', allow('conversations:answer'), idempotent(), async (c) => {
    const id = conversationId(c);
    const messageId = positiveId(c.req.param('messageId'), 'answer');
    try {
      sentOrRefused(await sendAnswerAgain(c.get('deps').db, requestTransport(c.get('deps')), acting(c), id, messageId), true);
    } catch (err) {
      return showRefusal(c, err, ['provider_failed'], (e) => renderThread(c, id, { error: e.message }));
    }
    return c.redirect(`/inbox/${id}?done=answered`, 303);
  });

  app.post('/inbox/:id/answered', allow('conversations:answer'), async (c) => {
    const id = conversationId(c);
    await markAnswered(c.get('deps').db, acting(c), id);
    return c.redirect(`/inbox/${id}?done=marked`, 303);
  });

  app.post('/inbox/:id/handover', allow('conversations:answer'), async (c) => {
    const id = conversationId(c);
    const form = await c.req.parseBody();
    await handOver(c.get('deps').db, acting(c), id, Number(form['contactPointId']));
    // A responder who handed over may no longer see the thread.
    return c.redirect(c.get('user').role === 'responder' ? '/inbox' : `/inbox/${id}?done=handover`, 303);
  });

  app.post('/inbox/:id/flag', allow('followups:write'), async (c) => {
    const id = conversationId(c);
    const form = await c.req.parseBody();
    await flagConversation(c.get('deps').db, acting(c), id, typeof form['note'] === 'string' ? form['note'] : '');
    return c.redirect(`/inbox/${id}?done=flagged`, 303);
  });

  app.get('/follow-ups', allow('read'), async (c) => {
    const { open, done } = await followUpsOverview(c.get('deps').db, c.get('user'));
    return c.html(<FollowUpsPage open={open} done={done} user={c.get('user')} csrfToken={c.get('csrfToken')} flash={flashOf(c)} />);
  });

  app.post('/follow-ups/:id/resolve', allow('followups:write'), async (c) => {
    await resolveFollowUp(c.get('deps').db, acting(c), positiveId(c.req.param('id'), 'followUp'));
    return c.redirect('/follow-ups?done=resolved', 303);
  });
}

/**
 * Inbound mail nothing matched, kept for an officer to read and settle. It has
 * no contact point (that is what "unmatched" means), so it cannot be scoped to
 * a responder's: officers and admins settle it, auditors read it.
 */
export function unmatchedPages(app: Hono<AppEnv>): void {
  const render = async (c: Context<AppEnv>, flash?: string) => {
    const showHandled = c.req.query('handled') === '1';
    const rows = await listUnmatched(c.get('deps').db, { withHandled: showHandled });
    return c.html(<UnmatchedPage rows={rows} showHandled={showHandled} user={c.get('user')} csrfToken={c.get('csrfToken')} flash={flash} />);
  };
  app.get('/unmatched', allow('unmatched:read'), (c) => render(c));
  app.post('/unmatched/:id/handled', allow('unmatched:handle'), async (c) => {
    await markUnmatchedHandled(c.get('deps').db, c.get('actor'), positiveId(c.req.param('id'), 'message'));
    return render(c, t('conversations.flashDealtWith'));
  });
}
