import type { Locale } from '../config.ts';
import type { ContactPoint, Segment } from '../db/types.ts';
import { formatDateTime } from '../http/layout.tsx';
import { completeLocales, LOCALE_NAMES, type UpdateContent, type UpdateWithRelations } from './model.ts';
import { formatInZone } from './zones.ts';

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
