import type { AuditEntry, User } from '../db/types.ts';
import { encodeCursor } from '../db/cursor.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { t } from '../../i18n/current.ts';
import { UPDATE_ID_KEYS, type entryNames, type UpdateName } from './queries.ts';
import { formatAnchor, type ChainPoint, type LinkFault, type VerifyResult } from './verify.ts';

type Names = Awaited<ReturnType<typeof entryNames>>;

/** An update as people know it: "Update 2 of Warehouse fire" (its id is only in the link). */
const updateWords = (u: UpdateName) => (u.number ? t('audit.updateOf', { number: u.number, situation: u.situationTitle }) : t('audit.unsentUpdateOf', { situation: u.situationTitle }));

/** The subject of an entry, named for people: an update by its number and situation, a situation by its title. */
const Subject = ({ e, names }: { e: AuditEntry; names: Names }) => {
  if (!e.subject_type) return <>—</>;
  const id = Number(e.subject_id);
  const update = e.subject_type === 'update' ? names.updates.get(id) : undefined;
  if (update) return <a href={`/updates/${id}`}>{updateWords(update)}</a>;
  const situation = e.subject_type === 'situation' ? names.situations.get(id) : undefined;
  if (situation) return <a href={`/situations/${id}`}>{t('audit.situationNamed', { title: situation })}</a>;
  return <>{`${e.subject_type} ${e.subject_id ?? ''}`}</>;
};

/** The updates an entry's details name by id (updateId, keptByUpdateId), said the way people know them. */
const DetailUpdates = ({ e, names }: { e: AuditEntry; names: Names }) => {
  const details = (e.details ?? {}) as Record<string, unknown>;
  const named = UPDATE_ID_KEYS.flatMap((k) => {
    const u = typeof details[k] === 'number' ? names.updates.get(details[k]) : undefined;
    return u ? [{ k, id: details[k] as number, u }] : [];
  });
  if (named.length === 0) return null;
  return (
    <ul class="plain muted">
      {named.map(({ k, id, u }) => (
        <li>
          {`${k} ${id}: `}
          <a href={`/updates/${id}`}>{updateWords(u)}</a>
        </li>
      ))}
    </ul>
  );
};

function exportQuery(q: Record<string, string>): string {
  const p = new URLSearchParams();
  for (const k of ['action', 'actor', 'from', 'to']) if (q[k]) p.set(k, q[k]);
  return p.toString();
}

const keyedNote = (r: VerifyResult) => (r.keyedFrom === null ? t('audit.keyedNone') : t('audit.keyedFrom', { id: String(r.keyedFrom) }));

/** Why a link is broken, in the reader's language. */
const faultText = (fault: LinkFault) => (fault.values ? t(fault.key, fault.values) : t(fault.key));

const VerifyNotice = ({ result }: { result: VerifyResult }) =>
  result.intact ? (
    <p class="flash" role="status" id="verify-result">
      {[t('audit.intact', { count: result.entries }), keyedNote(result), result.anchor ? t('audit.anchorHolds', { seq: String(result.anchor.seq) }) : ''].filter(Boolean).join(' ')}
    </p>
  ) : (
    <p class="error" role="alert" id="verify-result">
      {t('audit.brokenAt', { id: String(result.brokenAt!.id), reason: faultText(result.brokenAt!.fault) })} {t('audit.intactBefore', { count: result.entries })}
    </p>
  );

/** The link to the next (older) page: the same filter, without re-running the integrity check. */
function olderPage(query: Record<string, string>, nextBeforeId: number | null): URLSearchParams | undefined {
  if (!nextBeforeId) return undefined;
  const next = new URLSearchParams({ ...query, cursor: encodeCursor({ before: nextBeforeId }) });
  next.delete('verify');
  next.delete('anchor');
  return next;
}

/** The head for an auditor to copy and keep outside tidings: checking with it later finds a cut or rewrite since. */
const ChainHead = ({ head }: { head: ChainPoint | null }) =>
  head ? (
    <p id="chain-head">
      {t('audit.headLabel')} <code>{formatAnchor(head)}</code>
    </p>
  ) : (
    <p id="chain-head" class="muted">
      {t('audit.empty')}
    </p>
  );

export const AuditPage = (p: { query: Record<string, string>; entries: AuditEntry[]; names: Names; nextBeforeId: number | null; head: ChainPoint | null; verified: VerifyResult | undefined; user: User; csrfToken: string }) => {
  const next = olderPage(p.query, p.nextBeforeId);
  return (
    <Layout title={t('audit.title')} user={p.user} csrfToken={p.csrfToken} section="audit">
      <h1>{t('audit.title')}</h1>
      <p class="muted">{t('audit.intro')}</p>
      <form method="get" action="/audit" class="card actions">
        <ChainHead head={p.head} />
        <input type="hidden" name="verify" value="1" />
        <label for="f-anchor">{t('audit.anchorLabel')}</label>
        <input id="f-anchor" name="anchor" type="text" value={p.query['anchor'] ?? ''} placeholder="SEQ:HASH" />
        <button type="submit">{t('audit.checkIntegrity')}</button>
        {p.verified ? <VerifyNotice result={p.verified} /> : null}
      </form>
      <form method="get" action="/audit" class="card">
        <div class="grid">
          <div>
            <label for="f-action">{t('audit.actionStartsWith')}</label>
            <input id="f-action" name="action" type="text" value={p.query['action'] ?? ''} placeholder="contacts." />
          </div>
          <div>
            <label for="f-actor">{t('audit.actorContains')}</label>
            <input id="f-actor" name="actor" type="text" value={p.query['actor'] ?? ''} />
          </div>
          <div>
            <label for="f-from">{t('audit.from')}</label>
            <input id="f-from" name="from" type="text" value={p.query['from'] ?? ''} placeholder="2026-03-01" />
          </div>
          <div>
            <label for="f-to">{t('audit.before')}</label>
            <input id="f-to" name="to" type="text" value={p.query['to'] ?? ''} placeholder="2026-04-01" />
          </div>
        </div>
        <div class="actions spaced">
          <button type="submit">{t('common.filter')}</button>
          <a href="/audit">{t('audit.clear')}</a>
          <a href={`/audit.csv?${exportQuery(p.query)}`} download>
            {t('audit.exportCsv')}
          </a>
        </div>
      </form>
      <table>
        <caption class="visually-hidden">{t('audit.caption')}</caption>
        <TableHead columns={['#', t('audit.colWhen'), t('audit.colWho'), t('audit.colAction'), t('audit.colSubject'), t('audit.colDetails')]} />
        <tbody>
          {p.entries.map((e) => (
            <tr>
              <td>{e.id}</td>
              <td>{formatDateTime(e.at)}</td>
              <td>{e.actor}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                <Subject e={e} names={p.names} />
              </td>
              <td>
                <code>{JSON.stringify(e.details)}</code>
                <DetailUpdates e={e} names={p.names} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav class="pager" aria-label={t('audit.pages')}>
        <span />
        {next ? <a href={`/audit?${next.toString()}`}>{t('audit.olderEntries')}</a> : <span class="muted">{t('audit.endOfRecord')}</span>}
      </nav>
    </Layout>
  );
};
