import type { Child } from 'hono/jsx';
import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { ContactPoint, Segment, User } from '../db/types.ts';
import { invalid } from '../errors.ts';
import { CsrfField, formatDateTime } from '../http/layout.tsx';
import { previewSummary, type Preview } from '../segments/queries.ts';
import type { MissingElement, UpdateContent, UpdateWithRelations } from './compose.ts';

// ---------------------------------------------------------------------------
// Languages

import { completeLocales, effectiveLocale, isLocale, LOCALE_NAMES } from './model.ts';

export { completeLocales, effectiveLocale, isLocale, LOCALE_NAMES };

// ---------------------------------------------------------------------------
// Wall-clock times in a named zone, for <input type="datetime-local">

export const DEFAULT_ZONE = 'Europe/Oslo';

/** The zones offered in the pages: Europe's, and UTC. */
export const ZONES: readonly string[] = (() => {
  let all: string[] = [];
  try {
    all = Intl.supportedValuesOf('timeZone');
  } catch {
    all = [];
  }
  const europe = all.filter((z) => z.startsWith('Europe/'));
  if (!europe.includes(DEFAULT_ZONE)) europe.push(DEFAULT_ZONE);
  return [...europe.sort(), 'UTC'];
})();

export function isZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

type WallParts = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(zone: string, t: number): WallParts {
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormatters.set(zone, f);
  }
  const out: WallParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of f.formatToParts(new Date(t))) {
    if (p.type in out) out[p.type as keyof WallParts] = Number(p.value);
  }
  return out;
}

/** How far the zone's wall clock is ahead of UTC at instant `t`, in ms. */
function offsetAt(zone: string, t: number): number {
  const whole = Math.floor(t / 1000) * 1000;
  const p = partsIn(zone, whole);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - whole;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * "2026-03-05T09:00" on the wall clock of `zone` → the instant; undefined when
 * the text is no valid date-time. A time skipped by a clock change resolves to
 * the instant an hour later on the new clock.
 */
export function zonedToInstant(local: string, zone: string): Date | undefined {
  const m = LOCAL_RE.exec(local.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  let t = wall - offsetAt(zone, wall);
  t = wall - offsetAt(zone, t);
  return new Date(t);
}

/** The instant as "YYYY-MM-DDTHH:mm" on the wall clock of `zone`: the value of a datetime-local input. */
export function instantToZoned(d: Date, zone: string): string {
  const p = partsIn(zone, d.getTime());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(p.year).padStart(4, '0')}-${two(p.month)}-${two(p.day)}T${two(p.hour % 24)}:${two(p.minute)}`;
}

/** "Thu, 5 Mar 2026, 09:00 (Europe/Oslo)". */
export function formatInZone(d: Date, zone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone }).format(d);
  return `${text} (${zone})`;
}

export const ZoneSelect = (p: { id: string; name: string; value: string; describedBy?: string }) => (
  <select id={p.id} name={p.name} aria-describedby={p.describedBy}>
    {(ZONES.includes(p.value) ? ZONES : [p.value, ...ZONES]).map((z) => (
      <option value={z} selected={z === p.value}>
        {z}
      </option>
    ))}
  </select>
);

// ---------------------------------------------------------------------------
// The composer form: what was typed, and what it means

export interface ComposerValues {
  segmentIds: string[];
  contactPointId: string;
  ackKind: string;
  ackText: string;
  nextUpdateLocal: string;
  timeZone: string;
  final: boolean;
  quietHours: boolean;
  defaultLocale: string;
  content: Record<Locale, { subject: string; body: string }>;
}

function emptyContent(): Record<Locale, { subject: string; body: string }> {
  return Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, { subject: '', body: '' }])) as Record<Locale, { subject: string; body: string }>;
}

export function valuesFromUpdate(u: UpdateWithRelations, zone: string): ComposerValues {
  const content = emptyContent();
  const saved = (u.content ?? {}) as UpdateContent;
  for (const l of SUPPORTED_LOCALES) {
    const c = saved[l];
    if (c) content[l] = { subject: c.subject, body: c.body };
  }
  return {
    segmentIds: u.segmentIds.map(String),
    contactPointId: u.contact_point_id ? String(u.contact_point_id) : '',
    ackKind: u.ack_kind ?? '',
    ackText: u.ack_text,
    nextUpdateLocal: u.next_update_at ? instantToZoned(u.next_update_at, zone) : '',
    timeZone: zone,
    final: u.final,
    quietHours: u.quiet_hours,
    defaultLocale: u.default_locale,
    content,
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** Reads the composer form (parsed with `all: true`). Nothing is validated yet: what was typed is kept to show again. */
export function valuesFromForm(form: Record<string, unknown>): ComposerValues {
  const content = emptyContent();
  for (const l of SUPPORTED_LOCALES) content[l] = { subject: str(form[`subject_${l}`]), body: str(form[`body_${l}`]) };
  const zone = str(form['timeZone']);
  return {
    segmentIds: list(form['segmentIds']),
    contactPointId: str(form['contactPointId']),
    ackKind: str(form['ackKind']),
    ackText: str(form['ackText']),
    nextUpdateLocal: str(form['nextUpdateLocal']),
    timeZone: isZone(zone) ? zone : DEFAULT_ZONE,
    final: ['on', 'true', '1'].includes(str(form['final'])),
    quietHours: ['on', 'true', '1'].includes(str(form['quietHours'])),
    defaultLocale: str(form['defaultLocale']),
    content,
  };
}

/**
 * The update input (see parseUpdateInput) for what was typed. Problems only the
 * form can have (an acknowledgement with no kind, a date that is no date) are
 * refused here with a message for people; the rest is the domain's to judge.
 */
export function inputFromValues(v: ComposerValues): Record<string, unknown> {
  const segmentIds = v.segmentIds.map((s) => Number(s));
  if (segmentIds.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw invalid('Segments: choose from the list');
  const contactPointId = v.contactPointId ? Number(v.contactPointId) : null;
  if (contactPointId !== null && (!Number.isSafeInteger(contactPointId) || contactPointId <= 0)) throw invalid('Contact person: choose from the list');
  let acknowledgement: { kind: string; text: string } | null = null;
  if (v.ackKind) acknowledgement = { kind: v.ackKind, text: v.ackText };
  else if (v.ackText.trim()) throw invalid('Acknowledgement: say whether your text is an apology, a thanks, or both');
  let nextUpdateAt: string | null = null;
  if (!v.final && v.nextUpdateLocal.trim()) {
    const at = zonedToInstant(v.nextUpdateLocal, v.timeZone);
    if (!at) throw invalid(`Next update: "${v.nextUpdateLocal}" is not a date and time; use the form 2026-03-05 09:00`);
    nextUpdateAt = at.toISOString();
  }
  const content: Record<string, { subject: string; body: string }> = {};
  for (const l of SUPPORTED_LOCALES) {
    const c = v.content[l];
    if (c.subject.trim() || c.body.trim()) content[l] = { subject: c.subject, body: c.body.replace(/\r\n/g, '\n') };
  }
  return {
    segmentIds,
    contactPointId,
    acknowledgement,
    nextUpdateAt,
    final: v.final,
    quietHours: v.quietHours,
    content,
    ...(v.defaultLocale ? { defaultLocale: v.defaultLocale } : {}),
  };
}

// ---------------------------------------------------------------------------
// Pieces of the update pages

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Draft',
  pending_approval: 'Waiting for approval',
  approved: 'Approved',
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  cancelled: 'Cancelled',
};

const STATUS_TONE: Record<string, string> = { approved: 'ok', sent: 'ok', sending: 'warn', scheduled: 'warn', pending_approval: 'warn', cancelled: 'bad' };

export const StatusBadge = (p: { status: string; id?: string }) => (
  <span class={`badge ${STATUS_TONE[p.status] ?? ''}`.trim()} id={p.id}>
    {STATUS_LABELS[p.status] ?? p.status}
  </span>
);

const ANCHORS: Record<MissingElement['element'], string> = {
  segments: 'f-segments',
  contact_point: 'f-contact-point',
  acknowledgement: 'f-ack',
  next_update: 'f-next',
  content: 'f-content',
};

/** The missing-element checklist (rule 1), shown before anything else. */
export const Checklist = (p: { missing: MissingElement[]; status: string; linkToFields: boolean }) => (
  <section class={`card checklist ${p.missing.length ? 'incomplete' : 'complete'}`} aria-labelledby="checklist-h" id="checklist">
    <h2 id="checklist-h">Checklist</h2>
    {p.missing.length ? (
      <>
        <p>
          Before it can be approved and sent, this update needs {p.missing.length === 1 ? 'one more thing' : `${p.missing.length} more things`}:
        </p>
        <ul>
          {p.missing.map((m) => (
            <li data-element={m.element}>{p.linkToFields ? <a href={`#${ANCHORS[m.element]}`}>{m.message}</a> : m.message}</li>
          ))}
        </ul>
      </>
    ) : (
      <p class="ready">
        {p.status === 'approved'
          ? 'Nothing is missing. The update is approved and ready to send.'
          : p.status === 'pending_approval'
            ? 'Nothing is missing. The update is waiting for a colleague to approve it.'
            : 'Nothing is missing: this update is ready for approval.'}
      </p>
    )}
  </section>
);

export const AudienceLine = (p: { audience: Pick<Preview, 'eligible' | 'excluded'> | undefined }) => (
  <p id="audience" class="audience">
    {p.audience ? <strong>{previewSummary(p.audience)}</strong> : 'Choose one or more segments to see how many customers will receive this.'}
    {p.audience ? <span class="muted"> A customer in several of the chosen segments receives one email.</span> : null}
  </p>
);

export interface PreviewData {
  /** The tab chosen. */
  locale: Locale;
  /** The version customers in that language receive. */
  shown: Locale;
  subject?: string | undefined;
  text?: string | undefined;
  problem?: string | undefined;
}

export function previewHtmlUrl(updateId: number, locale: Locale): string {
  return `/updates/${updateId}/preview.html?locale=${locale}`;
}

/** The live preview: locale tabs (links that work without JavaScript), the HTML in a sandboxed frame, the text part. */
export const PreviewSection = (p: { updateId: number; preview: PreviewData; defaultLocale: Locale; complete: Locale[]; heading?: string }) => {
  const pv = p.preview;
  return (
    <section aria-labelledby="preview-h" id="preview" class="preview" data-preview-json={`/updates/${p.updateId}/preview.json`}>
      <h2 id="preview-h">{p.heading ?? 'Preview'}</h2>
      <p class="hint">What a customer receives in each language, with sample values (the name Kari Nordmann). Save the draft to see your latest changes.</p>
      <nav aria-label="Preview language">
        <ul class="tabs">
          {SUPPORTED_LOCALES.map((l) => (
            <li>
              <a href={`?preview=${l}#preview`} data-preview-locale={l} aria-current={l === pv.locale ? 'true' : undefined}>
                {LOCALE_NAMES[l]}
                {p.complete.includes(l) ? '' : <span class="visually-hidden"> (uses the {p.defaultLocale} version)</span>}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p id="preview-fallback" class="hint" hidden={pv.shown === pv.locale}>
        {pv.shown === pv.locale ? '' : `There is no complete ${LOCALE_NAMES[pv.locale]} version, so customers whose language is ${LOCALE_NAMES[pv.locale]} receive the ${LOCALE_NAMES[pv.shown]} version shown here.`}
      </p>
      {pv.problem ? (
        <p id="preview-problem" class="muted">
          {pv.problem}
        </p>
      ) : (
        <div id="preview-body">
          <p>
            <strong>Subject:</strong>{' '}
            <span id="preview-subject" lang={pv.shown}>
              {pv.subject}
            </span>
          </p>
          <iframe
            id="preview-frame"
            class="preview-frame"
            sandbox=""
            src={previewHtmlUrl(p.updateId, pv.shown)}
            title={`Email preview in ${LOCALE_NAMES[pv.shown]}`}
          ></iframe>
          <h3 id="preview-text-h">Plain-text part</h3>
          <pre id="preview-text" class="preview-text" lang={pv.shown}>
            {pv.text}
          </pre>
        </div>
      )}
    </section>
  );
};

/** A read-only account of what the update says and to whom (for auditors, and for sent updates). */
export const UpdateFacts = (p: { u: UpdateWithRelations; segments: Segment[]; contactPoint: ContactPoint | undefined; zone: string }) => {
  const content = (p.u.content ?? {}) as UpdateContent;
  const chosen = p.segments.filter((s) => p.u.segmentIds.includes(s.id));
  return (
    <section aria-labelledby="facts-h" class="card">
      <h2 id="facts-h">What this update says</h2>
      <dl class="facts">
        <div>
          <dt>Segments</dt>
          <dd>{chosen.length ? chosen.map((s) => s.name).join(', ') : 'none chosen'}</dd>
        </div>
        <div>
          <dt>Contact person</dt>
          <dd>{p.contactPoint ? `${p.contactPoint.name}, ${p.contactPoint.role} (${p.contactPoint.email}, ${p.contactPoint.phone})` : 'none chosen'}</dd>
        </div>
        <div>
          <dt>Acknowledgement</dt>
          <dd>{p.u.ack_kind ? `${p.u.ack_kind === 'both' ? 'apology and thanks' : p.u.ack_kind}: ${p.u.ack_text}` : 'none yet'}</dd>
        </div>
        <div>
          <dt>Next update</dt>
          <dd>{p.u.final ? 'This is the final update' : p.u.next_update_at ? `${formatInZone(p.u.next_update_at, p.zone)}, ${formatDateTime(p.u.next_update_at)}` : 'not promised yet'}</dd>
        </div>
        <div>
          <dt>Languages</dt>
          <dd>
            {completeLocales(content).length ? completeLocales(content).map((l) => LOCALE_NAMES[l]).join(', ') : 'none complete yet'}; default {LOCALE_NAMES[p.u.default_locale as Locale] ?? p.u.default_locale}
          </dd>
        </div>
      </dl>
    </section>
  );
};

export interface ComposerFormProps {
  u: UpdateWithRelations;
  values: ComposerValues;
  segments: Segment[];
  contactPoints: ContactPoint[];
  csrfToken: string;
  previewLocale: Locale;
}

/** The composer itself: a plain form that saves the draft; the checklist and preview follow from what is saved. */
export const ComposerForm = (p: ComposerFormProps) => {
  const v = p.values;
  const approved = p.u.status === 'approved' || p.u.status === 'pending_approval';
  return (
    <form method="post" action={`/updates/${p.u.id}`} id="update-form" class="stack composer" novalidate>
      <CsrfField token={p.csrfToken} />
      <input type="hidden" name="preview" value={p.previewLocale} />
      {approved ? (
        <p class="badge warn" id="approval-note">
          Saving a change withdraws the approval: the update goes back to draft and a colleague must approve it again.
        </p>
      ) : null}

      <fieldset id="f-segments">
        <legend>Who receives it</legend>
        {p.segments.length === 0 ? (
          <p>
            There are no segments yet. <a href="/segments/new">Build a segment</a> first.
          </p>
        ) : (
          <ul class="plain">
            {p.segments.map((s) => (
              <li>
                <label class="inline">
                  <input type="checkbox" name="segmentIds" value={String(s.id)} checked={v.segmentIds.includes(String(s.id))} /> {s.name}
                  {s.archived_at ? ' (archived)' : ''}
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      <div id="f-contact-point">
        <label for="f-cp">Contact person</label>
        <p class="hint" id="f-cp-hint">
          The named person customers can reply to and call. <a href="/contact-points">Manage contact points</a>
        </p>
        <select id="f-cp" name="contactPointId" aria-describedby="f-cp-hint">
          <option value="">— choose a person —</option>
          {p.contactPoints.map((cp) => (
            <option value={String(cp.id)} selected={v.contactPointId === String(cp.id)}>
              {cp.name}, {cp.role}
            </option>
          ))}
        </select>
      </div>

      <fieldset id="f-ack">
        <legend>Acknowledgement</legend>
        <p class="hint" id="f-ack-hint">
          Say sorry, say thank you, or both, in your own words. It appears in every email.
        </p>
        <fieldset class="bare">
          <legend>Kind of acknowledgement</legend>
          {(
            [
              ['apology', 'An apology'],
              ['thanks', 'A thanks'],
              ['both', 'Both'],
            ] as const
          ).map(([value, label]) => (
            <label class="inline">
              <input type="radio" name="ackKind" value={value} checked={v.ackKind === value} /> {label}
            </label>
          ))}
        </fieldset>
        <label for="f-ack-text">Acknowledgement text</label>
        <textarea id="f-ack-text" name="ackText" rows={3} class="short" aria-describedby="f-ack-hint">
          {v.ackText}
        </textarea>
      </fieldset>

      <fieldset id="f-next">
        <legend>Next update</legend>
        <p class="hint" id="f-next-hint">
          The date you promise to write again. Customers see it in their own time zone.
        </p>
        <div class="row">
          <div>
            <label for="f-next-at">Next update by</label>
            <input type="datetime-local" id="f-next-at" name="nextUpdateLocal" value={v.nextUpdateLocal} aria-describedby="f-next-hint f-zone-hint" />
          </div>
          <div>
            <label for="f-zone">Time zone of that date</label>
            <ZoneSelect id="f-zone" name="timeZone" value={v.timeZone} />
          </div>
        </div>
        <p class="hint" id="f-zone-hint">
          The date and time are read on the clock of the chosen time zone.
        </p>
        <label class="inline">
          <input type="checkbox" name="final" value="on" checked={v.final} /> This is the final update (no next update is promised; the email says so)
        </label>
        <label class="inline">
          <input type="checkbox" name="quietHours" value="on" checked={v.quietHours} /> Quiet hours: hold each customer's email until daytime in their own time zone (the window is in Settings)
        </label>
      </fieldset>

      <fieldset id="f-content">
        <legend>Content</legend>
        <p class="hint" id="f-content-hint">
          Write the subject and body (Markdown: **bold**, *italic*, lists, links) in each language you have. Leave a language empty to send it the default version.
        </p>
        <div>
          <label for="f-default-locale">Default language</label>
          <p class="hint" id="f-default-locale-hint">
            For customers whose language has no version of its own.
          </p>
          <select id="f-default-locale" name="defaultLocale" aria-describedby="f-default-locale-hint">
            {SUPPORTED_LOCALES.map((l) => (
              <option value={l} selected={v.defaultLocale === l}>
                {LOCALE_NAMES[l]} ({l})
              </option>
            ))}
          </select>
        </div>
        {SUPPORTED_LOCALES.map((l) => {
          // Languages without words yet are folded away (a summary opens them, no script needed).
          const has = Boolean(v.content[l].subject.trim() || v.content[l].body.trim());
          return (
            <details class="locale" id={`f-locale-${l}`} open={has || l === v.defaultLocale}>
              <summary>
                {LOCALE_NAMES[l]} ({l}){has ? '' : ': no version yet'}
              </summary>
              <fieldset class="bare">
                <legend class="visually-hidden">
                  {LOCALE_NAMES[l]} ({l})
                </legend>
                <div>
                  <label for={`f-subject-${l}`}>Subject</label>
                  <input type="text" id={`f-subject-${l}`} name={`subject_${l}`} value={v.content[l].subject} maxlength={200} lang={l} />
                </div>
                <div>
                  <label for={`f-body-${l}`}>Body (Markdown)</label>
                  <textarea id={`f-body-${l}`} name={`body_${l}`} rows={8} lang={l}>
                    {v.content[l].body}
                  </textarea>
                </div>
              </fieldset>
            </details>
          );
        })}
      </fieldset>

      <div class="actions">
        <button type="submit">Save draft</button>
        <span class="hint">Saving shows the checklist and the preview for what you wrote.</span>
      </div>
    </form>
  );
};

export interface ActionsProps {
  u: UpdateWithRelations;
  user: User;
  csrfToken: string;
  can: { write: boolean; approve: boolean; send: boolean };
  /** Everyone who wrote or changed the update (none of them may approve it). */
  editorIds: number[];
  allowSelfApproval: boolean;
  complete: Locale[];
  zone: string;
  sendAtLocal?: string | undefined;
}

/** Each step of the workflow as its own form, shown only to those allowed and only when it applies. */
export const Actions = (p: ActionsProps) => {
  const s = p.u.status;
  const isAuthor = p.u.author_id !== null && p.u.author_id === p.user.id;
  const isEditor = isAuthor || p.editorIds.includes(p.user.id);
  const items: Child[] = [];
  const post = (path: string, label: string, extra: { confirm?: string; secondary?: boolean; children?: Child } = {}) => (
    <form method="post" action={`/updates/${p.u.id}/${path}`} class="action" data-confirm={extra.confirm}>
      <CsrfField token={p.csrfToken} />
      {extra.children}
      <button type="submit" class={extra.secondary ? 'secondary' : undefined}>
        {label}
      </button>
    </form>
  );
  if (s === 'draft' && p.can.write) items.push(post('submit', 'Submit for approval'));
  if ((s === 'draft' || s === 'pending_approval') && p.can.approve) {
    if (isEditor && !p.allowSelfApproval) {
      items.push(
        <div class="action">
          <button type="button" disabled aria-describedby="approve-why">
            Approve
          </button>
          <p class="hint" id="approve-why">
            {isAuthor ? 'You wrote this update' : 'You changed this update'}, so a colleague must approve it (four eyes).
          </p>
        </div>,
      );
    } else {
      // The approver approves from the review page: what recipients read, who receives it, what changed.
      items.push(
        <div class="action">
          <a class="button" href={`/updates/${p.u.id}/review`}>
            Review and approve
          </a>
          {isEditor ? <p class="hint">You wrote or changed this update; approving it yourself is allowed by the admin setting for a team of one, and the audit log will say so.</p> : null}
        </div>,
      );
    }
  }
  if (s === 'approved' && p.can.send) {
    items.push(post('send', 'Send now', { confirm: 'Send this update to every recipient now?' }));
    items.push(
      <form method="post" action={`/updates/${p.u.id}/send`} class="action schedule">
        <CsrfField token={p.csrfToken} />
        <div>
          <label for="send-at">Schedule at</label>
          <input type="datetime-local" id="send-at" name="sendAtLocal" required value={p.sendAtLocal ?? ''} />
        </div>
        <div>
          <label for="send-zone">Time zone</label>
          <ZoneSelect id="send-zone" name="timeZone" value={p.zone} />
        </div>
        <button type="submit" class="secondary">
          Schedule
        </button>
      </form>,
    );
  }
  if (['draft', 'pending_approval', 'approved', 'scheduled'].includes(s) && p.can.send) {
    items.push(post('cancel', s === 'scheduled' ? 'Cancel the scheduled send' : 'Cancel this update', { secondary: true, confirm: 'Cancel this update? It will never be sent; the record keeps it.' }));
  }
  if (['draft', 'pending_approval', 'approved'].includes(s) && p.can.write && p.complete.length) {
    items.push(
      <form method="post" action={`/updates/${p.u.id}/test-send`} class="action test-send">
        <CsrfField token={p.csrfToken} />
        <div>
          <label for="test-locale">Language of the test</label>
          <select id="test-locale" name="locale">
            {p.complete.map((l) => (
              <option value={l} selected={l === p.u.default_locale}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary" aria-describedby="test-hint">
          Send a test to me
        </button>
        <p class="hint" id="test-hint">
          Goes only to {p.user.email}, marked as a test and kept out of the delivery record.
        </p>
      </form>,
    );
  }
  return (
    <section aria-labelledby="actions-h" class="card" id="actions">
      <h2 id="actions-h">Approval and sending</h2>
      <p>
        Status: <StatusBadge status={s} />
        {s === 'scheduled' && p.u.send_at ? ` for ${formatDateTime(p.u.send_at)}` : ''}
      </p>
      {items.length ? <div class="action-list">{items}</div> : <p class="muted">There is nothing you can do with this update in its current state.</p>}
    </section>
  );
};
