import type { Context, Hono } from 'hono';
import { recordAudit } from '../audit/log.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../app-env.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { requirePermission } from '../auth/middleware.ts';

const REASONS: Record<string, string> = {
  no_routed_address: 'not sent to a reply address of ours',
  unknown_address: 'an unknown reply address',
  forged: 'a reply address that does not check out (altered or forged)',
  expired: 'a reply address that has expired',
  unknown_delivery: 'a reply address for an email we no longer have',
  contact_erased: 'a reply from a customer whose data was erased on request',
  reply_domain_not_configured: 'no reply domain is configured',
};

/** Inbound mail no routed address matched: kept for an officer to read and settle, never dropped. */
async function unmatchedPage(c: Context<AppEnv>, flash?: string) {
  const { db } = c.get('deps');
  const showHandled = c.req.query('handled') === '1';
  let q = db.selectFrom('inbound_unmatched').selectAll().orderBy('received_at', 'desc').limit(200);
  if (!showHandled) q = q.where('handled_at', 'is', null);
  const rows = await q.execute();
  return c.html(
    <Layout title="Unmatched mail" user={c.get('user')} csrfToken={c.get('csrfToken')} section="unmatched" flash={flash}>
      <h1>Unmatched mail</h1>
      <p class="muted">Mail that reached tidings but could not be matched to a customer and an update. It is kept here until someone has dealt with it.</p>
      <p>{showHandled ? <a href="/unmatched">Show only mail still to deal with</a> : <a href="/unmatched?handled=1">Show mail already dealt with too</a>}</p>
      {rows.length === 0 ? (
        <p>Nothing waiting.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Unmatched inbound mail, newest first</caption>
          <TableHead columns={['Received', 'From', 'To', 'Subject', 'Why it was not matched']} actions />
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>{formatDateTime(r.received_at)}</td>
                <td>{r.from_address}</td>
                <td>{r.to_address}</td>
                <td>{r.subject || '—'}</td>
                <td>{REASONS[r.reason] ?? r.reason}</td>
                <td>
                  {r.handled_at ? (
                    <span class="badge ok">dealt with {formatDateTime(r.handled_at)}</span>
                  ) : (
                    <form method="post" action={`/unmatched/${r.id}/handled`}>
                      <CsrfField token={c.get('csrfToken')} />
                      <button type="submit" class="secondary">
                        Mark as dealt with<span class="visually-hidden"> (mail from {r.from_address})</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>,
  );
}

export function unmatchedPages(app: Hono<AppEnv>): void {
  app.get('/unmatched', requirePermission('read'), (c) => unmatchedPage(c));
  app.post('/unmatched/:id/handled', requirePermission('conversations:answer'), async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such message');
    const actor = c.get('actor');
    await c.get('deps').db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('inbound_unmatched').set({ handled_at: new Date(), handled_by: actor.userId }).where('id', '=', id).where('handled_at', 'is', null).executeTakeFirst();
      if (r.numUpdatedRows === 0n) throw new AppError('not_found', `no unmatched message ${id} waiting`);
      await recordAudit(tx, actor, { action: 'conversation.unmatched_handled', subjectType: 'inbound_unmatched', subjectId: id });
    });
    return unmatchedPage(c, 'Marked as dealt with.');
  });
}
