import type { AuditEntry, User } from '../db/types.ts';
import { encodeCursor } from '../db/cursor.ts';
import { formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { formatAnchor, type ChainPoint, type VerifyResult } from './verify.ts';

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

export const AuditPage = (p: { query: Record<string, string>; entries: AuditEntry[]; nextBeforeId: number | null; head: ChainPoint | null; verified: VerifyResult | undefined; user: User; csrfToken: string }) => {
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
              <td>{e.subject_type ? `${e.subject_type} ${e.subject_id ?? ''}` : '—'}</td>
              <td>
                <code>{JSON.stringify(e.details)}</code>
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
