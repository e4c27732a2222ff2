import type { Context, Hono } from 'hono';
import { sql } from 'kysely';
import { can } from '../permissions.ts';
import type { Locale } from '../config.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';
import { createDraft, draftFromPrevious, type UpdateContent } from '../updates/compose.ts';
import { StatusBadge } from '../updates/composer.tsx';
import { createSituation, getSituation, listSituations, resolveSituation } from './queries.ts';

const REFUSALS = new Set(['validation_failed', 'forbidden', 'conflict', 'not_found']);
const fmt = (n: number) => new Intl.NumberFormat('en-GB').format(n);

function idOf(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such situation');
  return id;
}

interface ListExtra {
  error?: string | undefined;
  values?: { title: string; summary: string } | undefined;
}

async function renderList(c: Context<AppEnv>, extra: ListExtra = {}): Promise<Response> {
  const { db } = c.get('deps');
  const user = c.get('user');
  const situations = await listSituations(db);
  const canOpen = can(user.role, 'situations:write');
  const v = extra.values ?? { title: '', summary: '' };
  return c.html(
    <Layout title="Situations" user={user} csrfToken={c.get('csrfToken')} section="situations">
      <h1>Situations</h1>
      <p class="muted">An uncertain situation your customers need to hear about, and the staged updates you send them while it lasts.</p>
      {situations.length === 0 ? (
        <p>No situations yet.</p>
      ) : (
        <table id="situations">
          <caption class="visually-hidden">Situations, open ones first</caption>
          <TableHead columns={['Title', 'Status', 'Updates sent', 'Updates in progress', 'Opened']} />
          <tbody>
            {situations.map((s) => (
              <tr>
                <td>
                  <a href={`/situations/${s.id}`}>{s.title}</a>
                </td>
                <td>
                  <span class={`badge ${s.status === 'open' ? 'warn' : 'ok'}`}>{s.status === 'open' ? 'Open' : 'Resolved'}</span>
                </td>
                <td>{fmt(Number(s.sent_updates ?? 0))}</td>
                <td>{fmt(Number(s.open_updates ?? 0))}</td>
                <td>{formatDateTime(s.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canOpen ? (
        <section aria-labelledby="open-h">
          <h2 id="open-h">Open a situation</h2>
          <form method="post" action="/situations" class="stack card" id="situation-form">
            <CsrfField token={c.get('csrfToken')} />
            {extra.error ? (
              <p class="error" role="alert" id="situation-error">
                {extra.error}
              </p>
            ) : null}
            <div>
              <label for="s-title">Title</label>
              <p class="hint" id="s-title-hint">
                What customers will see at the top of every update, e.g. "Bokklubben in restructuring"
              </p>
              <input type="text" id="s-title" name="title" value={v.title} maxlength={200} required aria-describedby={extra.error ? 's-title-hint situation-error' : 's-title-hint'} />
            </div>
            <div>
              <label for="s-summary">Summary (optional)</label>
              <p class="hint" id="s-summary-hint">
                For colleagues: what is happening and what it means for customers.
              </p>
              <textarea id="s-summary" name="summary" rows={4} class="short" aria-describedby="s-summary-hint">
                {v.summary}
              </textarea>
            </div>
            <div class="actions">
              <button type="submit">Open situation</button>
            </div>
          </form>
        </section>
      ) : null}
    </Layout>,
  );
}

async function renderSituation(c: Context<AppEnv>, id: number, extra: { error?: string | undefined } = {}): Promise<Response> {
  const { db } = c.get('deps');
  const user = c.get('user');
  const s = await getSituation(db, id);
  const updates = await db
    .selectFrom('updates')
    .select(['id', 'number', 'status', 'content', 'default_locale', 'sent_at', 'send_at', 'created_at', 'cancelled_at', 'final', 'next_update_at'])
    .where('situation_id', '=', id)
    .orderBy(sql`number ASC NULLS LAST`)
    .orderBy('id')
    .execute();
  const counts = new Map<number, Record<string, number>>();
  if (updates.length) {
    const rows = await db
      .selectFrom('deliveries')
      .select(['update_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
      .where(
        'update_id',
        'in',
        updates.map((u) => u.id),
      )
      .groupBy(['update_id', 'status'])
      .execute();
    for (const r of rows) {
      const m = counts.get(r.update_id) ?? {};
      m[r.status] = Number(r.n);
      counts.set(r.update_id, m);
    }
  }
  const open = s.status === 'open';
  const canWrite = can(user.role, 'updates:write');
  const done = c.req.query('done');
  return c.html(
    <Layout title={s.title} user={user} csrfToken={c.get('csrfToken')} section="situations" flash={done === 'opened' ? 'Situation opened. Start its first update.' : done === 'resolved' ? 'The situation is marked resolved.' : undefined}>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/situations">Situations</a>
      </nav>
      <h1>{s.title}</h1>
      <p class="meta">
        <span class={`badge ${open ? 'warn' : 'ok'}`}>{open ? 'Open' : 'Resolved'}</span> Opened {formatDateTime(s.created_at)}
        {s.resolved_at ? `; resolved ${formatDateTime(s.resolved_at)}` : ''}. <a href={`/history?situation=${s.id}`}>Send history of this situation</a>
      </p>
      {s.summary ? <p class="summary-text">{s.summary}</p> : null}
      {extra.error ? (
        <p class="error" role="alert" id="situation-error">
          {extra.error}
        </p>
      ) : null}
      {open && canWrite ? (
        <div class="actions" id="situation-actions">
          <form method="post" action={`/situations/${id}/updates`}>
            <CsrfField token={c.get('csrfToken')} />
            <button type="submit">New update</button>
          </form>
          {updates.some((u) => u.status !== 'cancelled') ? (
            <form method="post" action={`/situations/${id}/updates/from-previous`}>
              <CsrfField token={c.get('csrfToken')} />
              <button type="submit" class="secondary" aria-describedby="from-previous-hint">
                New update from the previous one
              </button>
            </form>
          ) : null}
        </div>
      ) : null}
      {open && canWrite && updates.some((u) => u.status !== 'cancelled') ? (
        <p class="hint" id="from-previous-hint">
          Starting from the previous update carries over its content, segments and contact person; the acknowledgement and the next date are asked afresh.
        </p>
      ) : null}

      <h2 id="timeline-h">Updates</h2>
      {updates.length === 0 ? (
        <p>No updates yet.</p>
      ) : (
        <ol class="timeline" aria-labelledby="timeline-h">
          {updates.map((u) => {
            const content = (u.content ?? {}) as UpdateContent;
            const subject = content[u.default_locale as Locale]?.subject?.trim();
            const n = counts.get(u.id) ?? {};
            const get = (k: string) => n[k] ?? 0;
            const handedOver = get('sent') + get('delivered') + get('delivery_delayed') + get('bounced') + get('complained');
            const released = Object.keys(n).length > 0;
            return (
              <li class="card">
                <h3>
                  <a href={`/updates/${u.id}`}>
                    {u.number ? `Update ${u.number}` : u.status === 'cancelled' ? 'Cancelled update' : 'Draft'}
                    {': '}
                    <span lang={u.default_locale}>{subject || '(no subject yet)'}</span>
                  </a>
                </h3>
                <p class="meta">
                  <StatusBadge status={u.status} />{' '}
                  {u.sent_at
                    ? `Sent ${formatDateTime(u.sent_at)}.`
                    : u.status === 'scheduled' && u.send_at
                      ? `Goes out ${formatDateTime(u.send_at)}.`
                      : u.cancelled_at
                        ? `Cancelled ${formatDateTime(u.cancelled_at)}.`
                        : `Started ${formatDateTime(u.created_at)}.`}{' '}
                  {u.final ? 'Final update.' : u.next_update_at ? `Promises the next update by ${formatDateTime(u.next_update_at)}.` : ''}
                </p>
                {released ? (
                  <p class="counts-line">
                    {fmt(handedOver)} sent · {fmt(get('delivered'))} delivered · {fmt(get('excluded'))} excluded · {fmt(get('failed') + get('bounced') + get('complained'))} failed
                    {get('queued') ? ` · ${fmt(get('queued'))} queued` : ''}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}

      {open && can(user.role, 'situations:write') ? (
        <section aria-labelledby="resolve-h">
          <h2 id="resolve-h">When it is over</h2>
          <form method="post" action={`/situations/${id}/resolve`} data-confirm="Mark this situation resolved? No further updates can be written for it.">
            <CsrfField token={c.get('csrfToken')} />
            <button type="submit" class="secondary">
              Mark resolved
            </button>
          </form>
        </section>
      ) : null}
    </Layout>,
  );
}

async function refused(c: Context<AppEnv>, err: unknown, render: (message: string) => Promise<Response>): Promise<Response> {
  if (!(err instanceof AppError) || !REFUSALS.has(err.code)) throw err;
  c.status(err.status);
  return render(err.message);
}

export function situationsPages(app: Hono<AppEnv>): void {
  app.get('/situations', requirePermission('read'), (c) => renderList(c));

  app.post('/situations', requirePermission('situations:write'), async (c) => {
    const form = await c.req.parseBody();
    const values = { title: typeof form['title'] === 'string' ? form['title'] : '', summary: typeof form['summary'] === 'string' ? form['summary'] : '' };
    try {
      const s = await createSituation(c.get('deps').db, c.get('actor'), values);
      return c.redirect(`/situations/${s.id}?done=opened`, 303);
    } catch (err) {
      return refused(c, err, (error) => renderList(c, { error, values }));
    }
  });

  app.get('/situations/:id', requirePermission('read'), (c) => renderSituation(c, idOf(c)));

  app.post('/situations/:id/updates', requirePermission('updates:write'), async (c) => {
    const id = idOf(c);
    try {
      const u = await createDraft(c.get('deps').db, c.get('actor'), id, {});
      return c.redirect(`/updates/${u.id}?done=created`, 303);
    } catch (err) {
      return refused(c, err, (error) => renderSituation(c, id, { error }));
    }
  });

  app.post('/situations/:id/updates/from-previous', requirePermission('updates:write'), async (c) => {
    const id = idOf(c);
    try {
      const u = await draftFromPrevious(c.get('deps').db, c.get('actor'), id);
      return c.redirect(`/updates/${u.id}?done=from-previous`, 303);
    } catch (err) {
      return refused(c, err, (error) => renderSituation(c, id, { error }));
    }
  });

  app.post('/situations/:id/resolve', requirePermission('situations:write'), async (c) => {
    const id = idOf(c);
    try {
      await resolveSituation(c.get('deps').db, c.get('actor'), id);
      return c.redirect(`/situations/${id}?done=resolved`, 303);
    } catch (err) {
      return refused(c, err, (error) => renderSituation(c, id, { error }));
    }
  });
}
