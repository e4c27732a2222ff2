import { SUPPORTED_LOCALES, type Locale } from '../config.ts';
import type { ContactPoint, Segment } from '../db/types.ts';
import { CsrfField } from '../http/layout.tsx';
import type { ComposerValues } from './form.ts';
import { LOCALE_NAMES, type UpdateWithRelations } from './model.ts';
import { ZoneSelect } from './zone-select.tsx';

// Names other folders and tests import from here, where they used to live.
export { StatusBadge } from './status-badge.tsx';
export { inputFromValues, valuesFromForm } from './form.ts';
export { instantToZoned, zonedToInstant } from './zones.ts';

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
          Say sorry, say thank you, or both, in your own words. It appears in every email. Write it in each language in that language's section below; the text here is for every language without one of its own.
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
        <label for="f-ack-text">Acknowledgement text (for languages without their own)</label>
        <p class="hint" id="f-ack-text-hint">
          Write it in the default language: customers whose language has no acknowledgement of its own read this one.
        </p>
        <textarea id="f-ack-text" name="ackText" rows={3} class="short" aria-describedby="f-ack-hint f-ack-text-hint">
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
      </fieldset>

      <fieldset id="f-quiet">
        <legend>When may it arrive?</legend>
        <p class="hint">Chosen for each update; it is not carried over from the previous one.</p>
        <label class="inline">
          <input type="radio" name="quietHours" value="off" checked={!v.quietHours} /> At any hour, as soon as it is sent
        </label>
        <label class="inline">
          <input type="radio" name="quietHours" value="on" checked={v.quietHours} /> Quiet hours: hold each customer's email until daytime in their own time zone (the window is in Settings)
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
          const has = Boolean(v.content[l].subject.trim() || v.content[l].body.trim() || v.content[l].acknowledgement.trim());
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
                <div id={`f-ack-${l}`}>
                  <label for={`f-ack-text-${l}`}>Acknowledgement in {LOCALE_NAMES[l]}</label>
                  <p class="hint" id={`f-ack-text-${l}-hint`}>
                    The apology or thanks as {LOCALE_NAMES[l]} customers read it. Left empty, they read the acknowledgement text above.
                  </p>
                  <textarea id={`f-ack-text-${l}`} name={`ack_${l}`} rows={3} class="short" lang={l} aria-describedby={`f-ack-text-${l}-hint`}>
                    {v.content[l].acknowledgement}
                  </textarea>
                </div>
              </fieldset>
            </details>
          );
        })}
      </fieldset>

      <div class="actions">
        <button type="submit">Save draft</button>
        <span class="hint">Saving shows the checklist for what you wrote; with JavaScript the preview follows as you type.</span>
      </div>
    </form>
  );
};
