import type { Locale } from '../config.ts';
import type { ContactPoint, Segment } from '../db/types.ts';
import { formatDateTime } from '../http/layout.tsx';
import { t, tr } from '../../i18n/current.ts';
import { languageName } from './language-names.ts';
import { completeLocales, type UpdateContent, type UpdateWithRelations } from './model.ts';
import { formatInZone } from './zones.ts';

const ACK_KINDS = { apology: 'updates.ackApology', thanks: 'updates.ackThanks', both: 'updates.ackBoth' } as const;

function acknowledgement(kind: string | null, text: string | null): string {
  if (!kind) return t('updates.noneYet');
  const word = kind in ACK_KINDS ? t(ACK_KINDS[kind as keyof typeof ACK_KINDS]) : kind;
  return t('updates.ackLine', { kind: word, text: text ?? '' });
}

/** A read-only account of what the update says and to whom (for auditors, and for sent updates). */
export const UpdateFacts = (p: { u: UpdateWithRelations; segments: Segment[]; contactPoint: ContactPoint | undefined; zone: string }) => {
  const content = (p.u.content ?? {}) as UpdateContent;
  const chosen = p.segments.filter((s) => p.u.segmentIds.includes(s.id));
  const complete = completeLocales(content);
  const next = p.u.next_update_at;
  return (
    <section aria-labelledby="facts-h" class="card">
      <h2 id="facts-h">{t('updates.factsHeading')}</h2>
      <dl class="facts">
        <div>
          <dt>{t('updates.factSegments')}</dt>
          <dd>{chosen.length ? chosen.map((s) => s.name).join(', ') : t('updates.noneChosen')}</dd>
        </div>
        <div>
          <dt>{t('updates.factContactPerson')}</dt>
          <dd>{p.contactPoint ? `${p.contactPoint.name}, ${p.contactPoint.role} (${p.contactPoint.email}, ${p.contactPoint.phone})` : t('updates.noneChosen')}</dd>
        </div>
        <div>
          <dt>{t('updates.factAcknowledgement')}</dt>
          <dd>{acknowledgement(p.u.ack_kind, p.u.ack_text)}</dd>
        </div>
        <div>
          <dt>{t('updates.factNextUpdate')}</dt>
          <dd>{p.u.final ? t('updates.finalUpdate') : next ? t('updates.nextUpdateAt', { zoned: formatInZone(next, p.zone, tr().intlLocale), utc: formatDateTime(next) }) : t('updates.notPromised')}</dd>
        </div>
        <div>
          <dt>{t('updates.factLanguages')}</dt>
          <dd>
            {t('updates.languagesLine', {
              languages: complete.length ? complete.map((l: Locale) => languageName(l)).join(', ') : t('updates.noneComplete'),
              default: languageName(p.u.default_locale),
            })}
          </dd>
        </div>
      </dl>
    </section>
  );
};
