import type { AuditEntry, User } from '../db/types.ts';
import { encodeCursor } from '../db/cursor.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { UPDATE_ID_KEYS, type entryNames, type UpdateName } from './queries.ts';
import { formatAnchor, type ChainPoint, type VerifyResult } from './verify.ts';

type Names = Awaited<ReturnType<typeof entryNames>>;

/** An update as people know it: "Update 2 of Warehouse fire" (its id is only in the link). */
const updateWords = (u: UpdateName) => `${u.number ? `Update ${u.number}` : 'Unsent update'} of ${u.situationTitle}`;

/** The subject of an entry, named for people: an update by its number and situation, a situation by its title. */
const Subject = ({ e, names }: { e: AuditEntry; names: Names }) => {
  if (!e.subject_type) return <>—</>;
  const id = Number(e.subject_id);
  const update = e.subject_type === 'update' ? names.updates.get(id) : undefined;
  if (update) return <a href={`/updates/${id}`}>{updateWords(update)}</a>;
  const situation = e.subject_type === 'situation' ? names.situations.get(id) : undefined;
  if (situation) return <a href={`/situations/${id}`}>Situation {situation}</a>;
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

const keyedNote = (r: VerifyResult) =>
  r.keyedFrom === null ? ' No entry is keyed yet.' : ` Keyed hashes from entry ${r.keyedFrom} on; any entry before it carries the older plain SHA-256.`;

const VerifyNotice = ({ result }: { result: VerifyResult }) =>
  result.intact ? (
    <p class="flash" role="status" id="verify-result">
      Intact: {result.entries} entries, every link holds.{keyedNote(result)}
      {result.anchor ? ` The anchor ${result.anchor.seq} still holds.` : ''}
    </p>
  ) : (
    <p class="error" role="alert" id="verify-result">
      Broken at entry {result.brokenAt!.id}: {result.brokenAt!.reason}. {result.entries} entries before it are intact.
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
      Head of the record (an anchor to keep outside tidings): <code>{formatAnchor(head)}</code>
    </p>
  ) : (
    <p id="chain-head" class="muted">
      The record is empty.
    </p>
  );

export const AuditPage = (p: { query: Record<string, string>; entries: AuditEntry[]; names: Names; nextBeforeId: number | null; head: ChainPoint | null; verified: VerifyResult | undefined; user: User; csrfToken: string }) => {
  const next = olderPage(p.query, p.nextBeforeId);
  return (
    <Layout title="Audit log" user={p.user} csrfToken={p.csrfToken} section="audit">
      <h1>Audit log</h1>
      <p class="muted">
        Every change is recorded in the same transaction that makes it. Entries are chained with a keyed hash and the database refuses to alter them. Auditors get the head by email every day.
      </p>
      <form method="get" action="/audit" class="card actions">
        <ChainHead head={p.head} />
        <input type="hidden" name="verify" value="1" />
        <label for="f-anchor">Anchor noted earlier (optional)</label>
        <input id="f-anchor" name="anchor" type="text" value={p.query['anchor'] ?? ''} placeholder="SEQ:HASH" />
        <button type="submit">Check integrity</button>
        {p.verified ? <VerifyNotice result={p.verified} /> : null}
      </form>
      <form method="get" action="/audit" class="card">
        <div class="grid">
          <div>
            <label for="f-action">Action starts with</label>
            <input id="f-action" name="action" type="text" value={p.query['action'] ?? ''} placeholder="contacts." />
          </div>
          <div>
            <label for="f-actor">Actor contains</label>
            <input id="f-actor" name="actor" type="text" value={p.query['actor'] ?? ''} />
          </div>
          <div>
            <label for="f-from">From</label>
            <input id="f-from" name="from" type="text" value={p.query['from'] ?? ''} placeholder="2026-03-01" />
          </div>
          <div>
            <label for="f-to">Before</label>
            <input id="f-to" name="to" type="text" value={p.query['to'] ?? ''} placeholder="2026-04-01" />
          </div>
        </div>
        <div class="actions spaced">
          <button type="submit">Filter</button>
          <a href="/audit">Clear</a>
          <a href={`/audit.csv?${exportQuery(p.query)}`} download>
            Export these entries as CSV
          </a>
        </div>
      </form>
      <table>
        <caption class="visually-hidden">Audit entries, newest first</caption>
        <TableHead columns={['#', 'When', 'Who', 'Action', 'Subject', 'Details']} />
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
      <nav class="pager" aria-label="Pages">
        <span />
        {next ? <a href={`/audit?${next.toString()}`}>Older entries →</a> : <span class="muted">End of the record</span>}
      </nav>
    </Layout>
  );
};
