import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import { AppError, type ErrorCode } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { can } from '../permissions.ts';
import { createDraft, draftFromPrevious } from '../updates/compose.ts';
import { variantsFromForm } from '../languages.ts';
import { changeSituation, createSituation, listSituations, resolveSituation, situationTimeline } from './queries.ts';
import { SituationPage, SituationsPage, type SituationFormValues } from './views.tsx';

/** Refusals shown in place, on the page the form was on. */
const REFUSALS: readonly ErrorCode[] = ['validation_failed', 'invalid_input', 'forbidden', 'conflict', 'not_found'];

/** What the situation forms hold: the title, the summary, and a title per language (`title_nb`…; an empty one is left out). */
function formValues(form: Record<string, unknown>): SituationFormValues {
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
  return { title: text('title'), summary: text('summary'), titles: variantsFromForm(form, 'title') };
}

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw AppError.localized('not_found', 'situations.noSuchSituation');
  return id;
}

async function renderList(c: Context<AppEnv>, form: { error?: string; values?: SituationFormValues } = {}): Promise<Response> {
  const user = c.get('user');
  const situations = await listSituations(c.get('deps').db);
  return c.html(<SituationsPage user={user} csrfToken={c.get('csrfToken')} situations={situations} canOpen={can(user.role, 'situations:write')} error={form.error} values={form.values} />);
}

async function renderSituation(c: Context<AppEnv>, id: number, error?: string, values?: SituationFormValues): Promise<Response> {
  const user = c.get('user');
  const { situation, updates } = await situationTimeline(c.get('deps').db, id);
  return c.html(
    <SituationPage
      user={user}
      csrfToken={c.get('csrfToken')}
      situation={situation}
      updates={updates}
      canWrite={can(user.role, 'updates:write')}
      canResolve={can(user.role, 'situations:write')}
      done={c.req.query('done')}
      error={error}
      values={values}
    />,
  );
}

export function situationsPages(app: Hono<AppEnv>): void {
  app.get('/situations', allow('read'), (c) => renderList(c));

  app.post('/situations', allow('situations:write'), async (c) => {
    const values = formValues(await c.req.parseBody());
    try {
      const s = await createSituation(c.get('deps').db, c.get('actor'), values);
      return c.redirect(`/situations/${s.id}?done=opened`, 303);
    } catch (err) {
      return showRefusal(c, err, REFUSALS, (e) => renderList(c, { error: e.message, values }));
    }
  });

  app.get('/situations/:id', allow('read'), (c) => renderSituation(c, idOf(c)));

  app.post('/situations/:id', allow('situations:write'), async (c) => {
    const id = idOf(c);
    const values = formValues(await c.req.parseBody());
    try {
      await changeSituation(c.get('deps').db, c.get('actor'), id, values);
      return c.redirect(`/situations/${id}?done=changed`, 303);
    } catch (err) {
      return showRefusal(c, err, REFUSALS, (e) => renderSituation(c, id, e.message, values));
    }
  });

  app.post('/situations/:id/updates', allow('updates:write'), async (c) => {
    const id = idOf(c);
    try {
      const u = await createDraft(c.get('deps').db, c.get('actor'), id, {});
      return c.redirect(`/updates/${u.id}?done=created`, 303);
    } catch (err) {
      return showRefusal(c, err, REFUSALS, (e) => renderSituation(c, id, e.message));
    }
  });

  app.post('/situations/:id/updates/from-previous', allow('updates:write'), async (c) => {
    const id = idOf(c);
    try {
      const u = await draftFromPrevious(c.get('deps').db, c.get('actor'), id);
      return c.redirect(`/updates/${u.id}?done=from-previous`, 303);
    } catch (err) {
      return showRefusal(c, err, REFUSALS, (e) => renderSituation(c, id, e.message));
    }
  });

  app.post('/situations/:id/resolve', allow('situations:write'), async (c) => {
    const id = idOf(c);
    try {
      await resolveSituation(c.get('deps').db, c.get('actor'), id);
      return c.redirect(`/situations/${id}?done=resolved`, 303);
    } catch (err) {
      return showRefusal(c, err, REFUSALS, (e) => renderSituation(c, id, e.message));
    }
  });
}
