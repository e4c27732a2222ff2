import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import type { Locale } from '../config.ts';
import { t, tr } from '../../i18n/current.ts';
import { AppError } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { idempotent } from '../http/idempotent.ts';
import { can } from '../permissions.ts';
import { emailFrameResponse } from '../http/email-frame.ts';
import { requestTransport } from '../sending/transport.ts';
import { saveComposerForm, valuesFromForm, type ComposerValues } from './form.ts';
import { isLocale } from '../../i18n/locales.ts';
import { previewEmailHtml, unsavedPreview, updatePageData, updatePreview } from './page-data.ts';
import { previewJson } from './preview-view.tsx';
import { testSend } from './preview.ts';
import { updateProgress } from './progress.ts';
import { progressOf } from './progress.tsx';
import { recipientPages } from './recipient.tsx';
import { ReviewPage } from './review-page.tsx';
import { reviewUpdate } from './review.ts';
import { flashMessage, UpdatePage, updateHeading } from './update-page.tsx';
import { approveUpdate, cancelUpdate, sendUpdate, submitForApproval } from './workflow.ts';
import { DEFAULT_ZONE, isZone, requireZone, zonedToInstant } from './zones.ts';

/** Refusals a person can act on: shown on the page they came from, with what they typed. */
const REFUSALS = ['validation_failed', 'invalid_input', 'forbidden', 'four_eyes', 'conflict', 'provider_failed'] as const;

/** The frame's page before there is anything to preview, in the reader's language. */
function noPreviewHtml(): string {
  const { locale } = tr();
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${t('updates.noPreviewTitle')}</title></head><body><p>${t('updates.noPreviewBody')}</p></body></html>`;
}

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw AppError.localized('not_found', 'updates.noSuchUpdate');
  return id;
}

function localeQuery(c: Context<AppEnv>, name: string): Locale | undefined {
  const q = c.req.query(name);
  return isLocale(q) ? q : undefined;
}

/** The preview tab asked for: the query's locale, else the composer's current tab. */
function localeOfPreview(c: Context<AppEnv>, form: Record<string, unknown>): Locale | undefined {
  return localeQuery(c, 'locale') ?? (isLocale(form['preview']) ? form['preview'] : undefined);
}

interface PageExtra {
  values?: ComposerValues | undefined;
  error?: string | undefined;
  previewLocale?: Locale | undefined;
  zone?: string | undefined;
  sendAtLocal?: string | undefined;
}

async function renderUpdate(c: Context<AppEnv>, id: number, extra: PageExtra = {}): Promise<Response> {
  const { db, config } = c.get('deps');
  const user = c.get('user');
  const tz = c.req.query('tz');
  const zone = extra.zone ?? (isZone(tz) ? tz : DEFAULT_ZONE);
  const data = await updatePageData(db, config, id, { previewLocale: extra.previewLocale ?? localeQuery(c, 'preview') });
  const perms = { write: can(user.role, 'updates:write'), approve: can(user.role, 'updates:approve'), send: can(user.role, 'updates:send') };
  return c.html(
    <UpdatePage
      data={data}
      user={user}
      csrfToken={c.get('csrfToken')}
      can={perms}
      zone={zone}
      previewLocale={data.preview.locale}
      flash={flashMessage(c.req.query('done'), c.req.query('locale'), user.email)}
      error={extra.error}
      values={extra.values}
      sendAtLocal={extra.sendAtLocal}
    />,
  );
}

/** Shows a refusal on the page the person came from; anything else goes to the error handler. */
async function refused(c: Context<AppEnv>, id: number, err: unknown, extra: PageExtra = {}): Promise<Response> {
  return showRefusal(c, err, REFUSALS, (e) => renderUpdate(c, id, { ...extra, error: e.message }));
}

function back(c: Context<AppEnv>, id: number, done: string, params: Record<string, string> = {}, hash = ''): Response {
  const q = new URLSearchParams({ done, ...params });
  return c.redirect(`/updates/${id}?${q.toString()}${hash}`, 303);
}

export function updatesPages(app: Hono<AppEnv>): void {
  recipientPages(app);
  app.get('/updates/:id', allow('read'), (c) => renderUpdate(c, idOf(c)));

  /** The email's HTML for the preview frame, with its own CSP (inline styles, nothing else, framable by tidings). */
  app.get('/updates/:id/preview.html', allow('read'), async (c) => {
    const { db, config } = c.get('deps');
    const html = await previewEmailHtml(db, config, idOf(c), localeQuery(c, 'locale'));
    return emailFrameResponse(c, html ?? noPreviewHtml());
  });

  /** The preview for one locale, for switching tabs without leaving the composer (and losing what was typed). */
  app.get('/updates/:id/preview.json', allow('read'), async (c) => {
    const { db, config } = c.get('deps');
    const id = idOf(c);
    return c.json(previewJson(id, await updatePreview(db, config, id, localeQuery(c, 'locale'))));
  });

  /**
   * The preview of what the composer holds, before saving (posted by updates.js
   * as the officer types): rendered like the real send, nothing written. The
   * frame's HTML follows the same way, the composer's form posted into it.
   * Only those who may write the update compose it.
   */
  app.post('/updates/:id/preview.json', allow('updates:write'), async (c) => {
    const { db, config } = c.get('deps');
    const id = idOf(c);
    const form = await c.req.parseBody({ all: true });
    const { html: _html, ...pv } = await unsavedPreview(db, config, id, valuesFromForm(form), localeOfPreview(c, form));
    return c.json(previewJson(id, pv), 200, { 'cache-control': 'no-store' });
  });

  app.post('/updates/:id/preview.html', allow('updates:write'), async (c) => {
    const { db, config } = c.get('deps');
    const form = await c.req.parseBody({ all: true });
    const pv = await unsavedPreview(db, config, idOf(c), valuesFromForm(form), localeOfPreview(c, form));
    return emailFrameResponse(c, pv.html ?? noPreviewHtml());
  });

  /** Live numbers for the progress view (polled by updates.js). */
  app.get('/updates/:id/progress.json', allow('read'), async (c) => {
    const p = await updateProgress(c.get('deps').db, idOf(c));
    return c.json({ ...progressOf(p.update, p.counts, new Date(), p.held), number: p.update.number, heading: updateHeading(p.update) }, 200, { 'cache-control': 'no-store' });
  });

  app.post('/updates/:id', allow('updates:write'), async (c) => {
    const id = idOf(c);
    const form = await c.req.parseBody({ all: true });
    const values = valuesFromForm(form);
    const previewLocale = isLocale(form['preview']) ? form['preview'] : undefined;
    try {
      const { sentBack } = await saveComposerForm(c.get('deps').db, c.get('actor'), id, values);
      const params: Record<string, string> = {};
      if (values.timeZone !== DEFAULT_ZONE) params['tz'] = values.timeZone;
      if (previewLocale) params['preview'] = previewLocale;
      return back(c, id, sentBack ? 'saved-back' : 'saved', params, '#checklist');
    } catch (err) {
      return refused(c, id, err, { values, previewLocale, zone: isZone(values.timeZone) ? values.timeZone : undefined });
    }
  });

  app.post('/updates/:id/submit', allow('updates:write'), async (c) => {
    const id = idOf(c);
    try {
      await submitForApproval(c.get('deps').db, c.get('actor'), id);
      return back(c, id, 'submitted');
    } catch (err) {
      return refused(c, id, err);
    }
  });

  /** The approver's page: approving happens here, bound to what it shows. */
  app.get('/updates/:id/review', allow('read'), async (c) => {
    const { db, config } = c.get('deps');
    const r = await reviewUpdate(db, config, c.get('actor'), idOf(c));
    return c.html(<ReviewPage r={r} user={c.get('user')} csrfToken={c.get('csrfToken')} canApprove={can(c.get('user').role, 'updates:approve')} />);
  });

  app.post('/updates/:id/approve', allow('updates:approve'), async (c) => {
    const id = idOf(c);
    const form = await c.req.parseBody();
    const reviewed = typeof form['reviewed'] === 'string' && form['reviewed'] ? form['reviewed'] : undefined;
    try {
      await approveUpdate(c.get('deps').db, c.get('actor'), id, reviewed === undefined ? {} : { reviewed });
      return back(c, id, 'approved');
    } catch (err) {
      return refused(c, id, err);
    }
  });

  app.post('/updates/:id/send', allow('updates:send'), idempotent(), async (c) => {
    const id = idOf(c);
    const form = await c.req.parseBody();
    const local = typeof form['sendAtLocal'] === 'string' ? form['sendAtLocal'].trim() : '';
    const zone = typeof form['timeZone'] === 'string' && form['timeZone'].trim() ? form['timeZone'].trim() : DEFAULT_ZONE;
    try {
      requireZone(zone);
      let at: Date | undefined;
      if (local) {
        at = zonedToInstant(local, zone);
        if (!at) throw AppError.localized('validation_failed', 'updates.refuseScheduleAt', { local });
      }
      const { db, jobs } = c.get('deps');
      await sendUpdate(db, jobs, c.get('actor'), id, at ? { at } : {});
      return back(c, id, at ? 'scheduled' : 'sent');
    } catch (err) {
      return refused(c, id, err, { sendAtLocal: local, zone: isZone(zone) ? zone : undefined });
    }
  });

  app.post('/updates/:id/cancel', allow('updates:send'), async (c) => {
    const id = idOf(c);
    try {
      await cancelUpdate(c.get('deps').db, c.get('actor'), id);
      return back(c, id, 'cancelled');
    } catch (err) {
      return refused(c, id, err);
    }
  });

  app.post('/updates/:id/test-send', allow('updates:write'), idempotent(), async (c) => {
    const id = idOf(c);
    const form = await c.req.parseBody();
    const { db, config } = c.get('deps');
    try {
      const locale = form['locale'];
      if (!isLocale(locale)) throw AppError.localized('validation_failed', 'updates.refuseTestLanguage');
      await testSend(db, config, requestTransport(c.get('deps')), c.get('actor'), id, locale);
      return back(c, id, 'test', { locale, preview: locale });
    } catch (err) {
      return refused(c, id, err);
    }
  });
}
