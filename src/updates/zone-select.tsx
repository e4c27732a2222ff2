import { t } from '../../i18n/current.ts';
import { ZONES } from './zones.ts';

/**
 * A time-zone picker for every IANA zone: a text box tied to a <datalist>, so
 * the browser filters the ~420 zones as one types ("oslo", "new_york"), with no
 * script. What was typed, even a zone we do not know, stays in the box; the
 * server accepts only the listed zones (see requireZone).
 */
export const ZoneSelect = (p: { id: string; name: string; value: string; describedBy?: string }) => (
  <>
    <input
      id={p.id}
      name={p.name}
      type="text"
      list={`${p.id}-list`}
      value={p.value}
      required
      autocomplete="off"
      spellcheck={false}
      aria-describedby={[p.describedBy, `${p.id}-search`].filter(Boolean).join(' ')}
    />
    <span class="hint" id={`${p.id}-search`}>
      {t('updates.zoneSearchHint')}
    </span>
    <datalist id={`${p.id}-list`}>
      {ZONES.map((z) => (
        <option value={z} />
      ))}
    </datalist>
  </>
);
