import { t, tr } from '../../i18n/current.ts';
import type { Unsubscribes } from './service.ts';

/**
 * The rows of a contact's record that say what they unsubscribed from: all
 * updates, and each situation by name. Nothing when they stopped nothing.
 */
export const UnsubscribedFrom = ({ unsubscribes }: { unsubscribes: Unsubscribes }) => {
  if (!unsubscribes.all && unsubscribes.situations.length === 0) return null;
  return (
    <>
      <dt>{t('unsubscribe.recordLabel')}</dt>
      <dd>
        <ul class="plain">
          {unsubscribes.all ? <li>{t('unsubscribe.recordAll', { date: tr().dateTime(unsubscribes.all) })}</li> : null}
          {unsubscribes.situations.map((s) => (
            <li>
              {tr()
                .parts('unsubscribe.recordSituation')
                .map((part) => (typeof part === 'string' ? part : part.arg === 'situation' ? <a href={`/situations/${s.situationId}`}>{s.title}</a> : tr().dateTime(s.at)))}
            </li>
          ))}
        </ul>
      </dd>
    </>
  );
};
