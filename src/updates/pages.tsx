import { recipientPages } from './recipient.tsx';
import type { Context, Hono } from 'hono';
import { can } from '../permissions.ts';
import type { Locale } from '../config.ts';
import type { ContactPoint, Segment } from '../db/types.ts';
import { AppError, invalid } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { requestTransport } from '../sending/transport.ts';
import { formatDateTime, Layout } from '../http/layout.tsx';
import { showRefusal } from '../http/errors.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { emailFrameResponse } from '../outbox/email-frame.ts';
import { listContactPoints } from '../contact-points/queries.ts';
import { listSegments } from '../segments/queries.ts';
import { getSetting } from '../settings/queries.ts';
import { getSituation } from '../situations/queries.ts';
import { previewUpdateAudience } from './audience.ts';
import { editDraft, loadUpdate, missingElements, type UpdateContent, type UpdateWithRelations } from './compose.ts';
import {
  Actions,
  AudienceLine,
  Checklist,
  completeLocales,
  ComposerForm,
  DEFAULT_ZONE,
  effectiveLocale,
  inputFromValues,
  isLocale,
  isZone,
  LOCALE_NAMES,
  PreviewSection,
  previewHtmlUrl,
  StatusBadge,
  UpdateFacts,
  valuesFromForm,
  valuesFromUpdate,
  zonedToInstant,
  type ComposerValues,
  type PreviewData,
} from './composer.tsx';
import { previewUpdate, testSend } from './preview.ts';
import { editorsOf } from './approval.ts';
import { reviewUpdate } from './review.ts';
import { ReviewPage } from './review-page.tsx';
import { heldForQuietHours } from '../sending/batches.ts';
import { problemRecipients, progressOf, ProgressSection, RecipientsSection } from './progress.tsx';
import { approveUpdate, cancelUpdate, deliveryCounts, sendUpdate, submitForApproval } from './workflow.ts';

const EDITABLE = new Set(['draft', 'pending_approval', 'approved']);
/** Refusals a person can act on: shown on the page they came from, with what they typed. */
const REFUSALS = ['validation_failed', 'invalid_input', 'forbidden', 'four_eyes', 'conflict', 'provider_failed'] as const;

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such update');
  return id;
}

function zoneOf(c: Context<AppEnv>, fallback?: string): string {
  const q = c.req.query('tz');
  if (isZone(q)) return q;
  return fallback && isZone(fallback) ? fallback : DEFAULT_ZONE;
}

interface PageExtra {
  values?: ComposerValues | undefined;
  error?: string | undefined;
  previewLocale?: Locale | undefined;
  zone?: string | undefined;
  sendAtLocal?: string | undefined;
}

function flashFor(c: Context<AppEnv>): string | undefined {
  const done = c.req.query('done');
  const locale = c.req.query('locale');
  switch (done) {
    case 'created':
      return 'A new draft was created. Fill in what the checklist asks for.';
    case 'from-previous':
      return 'A new draft was started from the previous update: content, segments and contact person carried over. Write the acknowledgement and promise the next date afresh.';
    case 'saved':
      return 'Draft saved.';
    case 'saved-back':
      return 'Saved. The change took the update back to draft: a colleague must approve it again.';
    case 'submitted':
      return 'Submitted for approval. A colleague must now approve it.';
    case 'approved':
      return 'Approved. The update can now be sent.';
    case 'sent':
      return 'Sending has started.';
    case 'scheduled':
      return 'Scheduled. You can cancel it until it starts.';
    case 'cancelled':
      return 'The update was cancelled. It will not be sent.';
    case 'test':
      return `Test sent to ${c.get('user').email}${isLocale(locale) ? ` (${LOCALE_NAMES[locale]})` : ''}.`;
    default:
      return undefined;
  }
}

async function previewData(c: Context<AppEnv>, u: UpdateWithRelations, locale: Locale): Promise<PreviewData> {
  const { db, config } = c.get('deps');
  const shown = effectiveLocale((u.content ?? {}) as UpdateContent, u.default_locale as Locale, locale);
  try {
    const m = await previewUpdate(db, config, u.id, shown);
    return { locale, shown, subject: m.subject, text: m.text };
  } catch (err) {
    if (err instanceof AppError && err.code === 'validation_failed') {
      return { locale, shown, problem: `Nothing to preview yet: write a subject and a body in the default language (${LOCALE_NAMES[u.default_locale as Locale] ?? u.default_locale}) and save the draft.` };
    }
    throw err;
  }
}

/** Segments and contact points to offer: the live ones, plus any archived one the update still names. */
async function choices(c: Context<AppEnv>, u: UpdateWithRelations): Promise<{ segments: Segment[]; contactPoints: ContactPoint[] }> {
  const { db } = c.get('deps');
  const [live, points] = await Promise.all([listSegments(db), listContactPoints(db)]);
  const missingSegs = u.segmentIds.filter((id) => !live.some((s) => s.id === id));
  const extraSegs = missingSegs.length ? await db.selectFrom('segments').selectAll().where('id', 'in', missingSegs).execute() : [];
  const extraCp = u.contact_point_id && !points.some((p) => p.id === u.contact_point_id) ? await db.selectFrom('contact_points').selectAll().where('id', '=', u.contact_point_id).execute() : [];
  return { segments: [...live, ...extraSegs], contactPoints: [...points, ...extraCp] };
}

async function names(c: Context<AppEnv>, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = ids.filter((x): x is number => x !== null);
  if (!wanted.length) return new Map();
  const rows = await c.get('deps').db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The update page: the composer for editable updates, a read-only view with progress for the others. */
async function renderUpdate(c: Context<AppEnv>, id: number, extra: PageExtra = {}): Promise<Response> {
  const { db } = c.get('deps');
  const user = c.get('user');
  const u = await loadUpdate(db, id);
  const situation = await getSituation(db, u.situation_id);
  const zone = extra.zone ?? zoneOf(c);
  const q = c.req.query('preview');
  const previewLocale: Locale = extra.previewLocale ?? (isLocale(q) ? q : (u.default_locale as Locale));
  const content = (u.content ?? {}) as UpdateContent;
  const complete = completeLocales(content);
  const perms = { write: can(user.role, 'updates:write'), approve: can(user.role, 'updates:approve'), send: can(user.role, 'updates:send') };
  const editable = EDITABLE.has(u.status);
  const people = await names(c, [u.author_id, u.approved_by]);
  const { segments, contactPoints } = await choices(c, u);
  const [preview, allowSelfApproval, editorIds] = await Promise.all([previewData(c, u, previewLocale), getSetting(db, 'allow_self_approval'), editorsOf(db, u.id)]);
  // The number is given when the update goes out, so customers read Update 1, 2, 3 in sending order.
  const heading = u.number ? `Update ${u.number}` : editable ? 'Draft update' : u.status === 'cancelled' ? 'Cancelled update' : 'Scheduled update';
  const contactPoint = contactPoints.find((p) => p.id === u.contact_point_id);

  const top = (
    <>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/situations">Situations</a> › <a href={`/situations/${situation.id}`}>{situation.title}</a>
      </nav>
      <h1>
        <span id="update-heading">{heading}</span>
        <span class="subtitle">{situation.title}</span>
      </h1>
      <p class="meta">
        <StatusBadge status={u.status} id="update-status" />
        {u.author_id ? ` Written by ${people.get(u.author_id) ?? 'a former user'}.` : ''}
        {u.approved_by ? ` Approved by ${people.get(u.approved_by) ?? 'a former user'}${u.self_approved ? ' (its author, under the team-of-one setting)' : ''} ${formatDateTime(u.approved_at)}.` : ''}
        {` Last changed ${formatDateTime(u.updated_at)}.`}
      </p>
      {extra.error ? (
        <p class="error" role="alert" id="update-error">
          {extra.error}
        </p>
      ) : null}
    </>
  );
  const actions = <Actions u={u} user={user} csrfToken={c.get('csrfToken')} can={perms} editorIds={editorIds} allowSelfApproval={allowSelfApproval} complete={complete} zone={zone} sendAtLocal={extra.sendAtLocal} />;
  const previewSection = <PreviewSection updateId={u.id} preview={preview} defaultLocale={u.default_locale as Locale} complete={complete} heading={editable ? 'Preview' : 'What customers receive'} />;

  if (editable) {
    const [missing, audience] = await Promise.all([missingElements(db, u), previewUpdateAudience(db, u.segmentIds, u.situation_id)]);
    const composing = perms.write;
    return c.html(
      <Layout title={`${heading} · ${situation.title}`} user={user} csrfToken={c.get('csrfToken')} section="situations" flash={extra.error ? undefined : flashFor(c)} scripts={['updates.js']}>
        {top}
        <Checklist missing={missing} status={u.status} linkToFields={composing} />
        <AudienceLine audience={audience} />
        {composing ? (
          <ComposerForm u={u} values={extra.values ?? valuesFromUpdate(u, zone)} segments={segments} contactPoints={contactPoints} csrfToken={c.get('csrfToken')} previewLocale={previewLocale} />
        ) : (
          <UpdateFacts u={u} segments={segments} contactPoint={contactPoint} zone={zone} />
        )}
        {previewSection}
        {actions}
      </Layout>,
    );
  }

  const progress = progressOf(u, await deliveryCounts(db, u.id), new Date(), await heldForQuietHours(db, u.id));
  const recipients = await problemRecipients(db, u.id);
  return c.html(
    <Layout title={`${heading} · ${situation.title}`} user={user} csrfToken={c.get('csrfToken')} section="situations" flash={extra.error ? undefined : flashFor(c)} scripts={['updates.js']}>
      {top}
      <ProgressSection updateId={u.id} progress={progress} />
      <RecipientsSection progress={progress} recipients={recipients} />
      {u.status === 'scheduled' ? actions : null}
      <UpdateFacts u={u} segments={segments} contactPoint={contactPoint} zone={zone} />
      {previewSection}
    </Layout>,
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
  app.get('/updates/:id', requirePermission('read'), (c) => renderUpdate(c, idOf(c)));

  /** The email's HTML for the preview frame, with its own CSP (inline styles, nothing else, framable by tidings). */
  app.get('/updates/:id/preview.html', requirePermission('read'), async (c) => {
    const { db, config } = c.get('deps');
    const u = await loadUpdate(db, idOf(c));
    const q = c.req.query('locale');
    const locale = effectiveLocale((u.content ?? {}) as UpdateContent, u.default_locale as Locale, isLocale(q) ? q : (u.default_locale as Locale));
    try {
      const m = await previewUpdate(db, config, u.id, locale);
      return emailFrameResponse(c, m.html);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      return emailFrameResponse(c, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No preview yet</title></head><body><p>Nothing to preview yet.</p></body></html>');
    }
  });

  /** The preview for one locale, for switching tabs without leaving the composer (and losing what was typed). */
  app.get('/updates/:id/preview.json', requirePermission('read'), async (c) => {
    const u = await loadUpdate(c.get('deps').db, idOf(c));
    const q = c.req.query('locale');
    const p = await previewData(c, u, isLocale(q) ? q : (u.default_locale as Locale));
    const fallback = p.shown === p.locale ? '' : `There is no complete ${LOCALE_NAMES[p.locale]} version, so customers whose language is ${LOCALE_NAMES[p.locale]} receive the ${LOCALE_NAMES[p.shown]} version shown here.`;
    return c.json({ locale: p.locale, shown: p.shown, language: LOCALE_NAMES[p.shown], subject: p.subject ?? null, text: p.text ?? null, problem: p.problem ?? null, fallback, htmlUrl: previewHtmlUrl(u.id, p.shown) });
  });

  /** Live numbers for the progress view (polled by updates.js). */
  app.get('/updates/:id/progress.json', requirePermission('read'), async (c) => {
    const { db } = c.get('deps');
    const u = await loadUpdate(db, idOf(c));
    return c.json({ ...progressOf(u, await deliveryCounts(db, u.id), new Date(), await heldForQuietHours(db, u.id)), number: u.number }, 200, { 'cache-control': 'no-store' });
  });

  app.post('/updates/:id', requirePermission('updates:write'), async (c) => {
    const id = idOf(c);
    const form = await c.req.parseBody({ all: true });
    const values = valuesFromForm(form);
    const previewLocale = isLocale(form['preview']) ? form['preview'] : undefined;
    try {
      const before = await loadUpdate(c.get('deps').db, id);
      await editDraft(c.get('deps').db, c.get('actor'), id, inputFromValues(values));
      const params: Record<string, string> = {};
      if (values.timeZone !== DEFAULT_ZONE) params['tz'] = values.timeZone;
      if (previewLocale) params['preview'] = previewLocale;
      return back(c, id, before.status === 'draft' ? 'saved' : 'saved-back', params, '#checklist');
    } catch (err) {
      return refused(c, id, err, { values, previewLocale, zone: values.timeZone });
    }
  });

  app.post('/updates/:id/submit', requirePermission('updates:write'), async (c) => {
    const id = idOf(c);
    try {
      await submitForApproval(c.get('deps').db, c.get('actor'), id);
      return back(c, id, 'submitted');
    } catch (err) {
      return refused(c, id, err);
    }
  });

  /** The approver's page: approving happens here, bound to what it shows. */
  app.get('/updates/:id/review', requirePermission('read'), async (c) => {
    const { db, config } = c.get('deps');
    const r = await reviewUpdate(db, config, c.get('actor'), idOf(c));
    return c.html(<ReviewPage r={r} user={c.get('user')} csrfToken={c.get('csrfToken')} canApprove={can(c.get('user').role, 'updates:approve')} />);
  });

  app.post('/updates/:id/approve', requirePermission('updates:approve'), async (c) => {
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

  app.post('/updates/:id/send', requirePermission('updates:send'), async (c) => {
    const id = idOf(c);
    const form = await c.req.parseBody();
    const local = typeof form['sendAtLocal'] === 'string' ? form['sendAtLocal'].trim() : '';
    const zone = isZone(form['timeZone']) ? form['timeZone'] : DEFAULT_ZONE;
    try {
      let at: Date | undefined;
      if (local) {
        at = zonedToInstant(local, zone);
        if (!at) throw invalid(`Schedule at: "${local}" is not a date and time; use the form 2026-03-05 09:00`);
      }
      const { db, jobs } = c.get('deps');
      await sendUpdate(db, jobs, c.get('actor'), id, at ? { at } : {});
      return back(c, id, at ? 'scheduled' : 'sent');
    } catch (err) {
      return refused(c, id, err, { sendAtLocal: local, zone });
    }
  });

  app.post('/updates/:id/cancel', requirePermission('updates:send'), async (c) => {
    const id = idOf(c);
    try {
      await cancelUpdate(c.get('deps').db, c.get('actor'), id);
      return back(c, id, 'cancelled');
    } catch (err) {
      return refused(c, id, err);
    }
  });

  app.post('/updates/:id/test-send', requirePermission('updates:write'), async (c) => {
    const id = idOf(c);
    const form = await c.req.parseBody();
    const { db, config } = c.get('deps');
    try {
      const locale = form['locale'];
      if (!isLocale(locale)) throw invalid('Language of the test: choose one of the languages the update is written in');
      await testSend(db, config, requestTransport(c.get('deps')), c.get('actor'), id, locale);
      return back(c, id, 'test', { locale, preview: locale });
    } catch (err) {
      return refused(c, id, err);
    }
  });
}
