import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { AppError } from '../errors.ts';
import { inReadersLanguage, showRefusal } from '../http/errors.tsx';
import { can } from '../permissions.ts';
import { builderStep, liveCount, openBuilder, type BuilderView } from './builder.ts';
import { FormError, readForm } from './form.ts';
import { SegmentListPage } from './list-page.tsx';
import { archiveSegment, getSegment, listSegmentsWithReach, previewSummary, type SegmentWithCount } from './queries.ts';
import { BuilderPage } from './views.tsx';
import { t } from '../../i18n/current.ts';

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw AppError.localized('not_found', 'segments.noSuchSegment');
  return id;
}

function savedFlash(saved: string | undefined): string | undefined {
  if (!saved) return undefined;
  const withdrawn = /^withdrawn-(\d+)$/.exec(saved);
  if (!withdrawn) return t('segments.saved');
  return t('segments.savedWithdrawn', { count: Number(withdrawn[1]) });
}

export function segmentsPages(app: Hono<AppEnv>): void {
  const render = (c: Context<AppEnv>, view: Omit<BuilderView, 'redirect'> & { problem?: FormError['problem'] | undefined }) =>
    c.html(<BuilderPage {...view} user={c.get('user')} csrfToken={c.get('csrfToken')} />);

  app.get('/segments', allow('read'), async (c) =>
    c.html(<SegmentListPage user={c.get('user')} csrfToken={c.get('csrfToken')} segments={await listSegmentsWithReach(c.get('deps').db)} canWrite={can(c.get('user').role, 'segments:write')} />),
  );

  /** One handler for every button of the builder form; saving needs segments:write, the rest only reads. */
  const submit = async (c: Context<AppEnv>, segment: SegmentWithCount | undefined) => {
    const body = await c.req.parseBody();
    const user = c.get('user');
    if (body['action'] === 'save' && !can(user.role, 'segments:write')) throw new AppError('forbidden', `the ${user.role} role may not save segments (needs segments:write)`);
    try {
      const view = await builderStep(c.get('deps').db, c.get('actor'), segment, body);
      return view.redirect ? c.redirect(view.redirect, 303) : render(c, view);
    } catch (err) {
      const state = readForm(body);
      if (segment) state.kind = segment.kind;
      return showRefusal(c, err, ['validation_failed', 'conflict'], async (e) => {
        const base = segment ? await openBuilder(c.get('deps').db, segment.id) : await openBuilder(c.get('deps').db);
        if (err instanceof FormError) return render(c, { ...base, preview: undefined, state, problem: { ...err.problem, message: e.message } });
        const field = (e.details as { field?: string }[] | undefined)?.[0]?.field;
        return render(c, { ...base, preview: undefined, state, problem: { message: e.code === 'conflict' ? t('segments.nameProblem', { detail: e.message }) : e.message, field: field === 'name' ? 'name' : undefined } });
      });
    }
  };

  app.get('/segments/new', allow('read'), async (c) => render(c, await openBuilder(c.get('deps').db)));
  app.post('/segments/new', allow('read'), (c) => submit(c, undefined));

  // The live count for the builder's script: the same form, answered as JSON (a refusal is the one error shape).
  app.post('/segments/preview.json', allow('read'), async (c) => {
    try {
      const p = await liveCount(c.get('deps').db, await c.req.parseBody());
      return c.json({ eligible: p.eligible, excluded: p.excluded, summary: previewSummary(p) });
    } catch (err) {
      // The builder's script shows the refusal next to the count: in the reader's language.
      throw err instanceof AppError ? inReadersLanguage(err) : err;
    }
  });

  app.get('/segments/:id', allow('read'), async (c) => render(c, { ...(await openBuilder(c.get('deps').db, idOf(c))), flash: savedFlash(c.req.query('saved')) }));
  app.post('/segments/:id', allow('read'), async (c) => submit(c, await getSegment(c.get('deps').db, idOf(c))));
  app.post('/segments/:id/archive', allow('segments:write'), async (c) => {
    await archiveSegment(c.get('deps').db, c.get('actor'), idOf(c));
    return c.redirect('/segments', 303);
  });
}
