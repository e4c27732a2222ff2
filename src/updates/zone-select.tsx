import { ZONES } from './zones.ts';

/** A time-zone picker; a zone outside the offered list (kept from an earlier choice) stays selectable. */
export const ZoneSelect = (p: { id: string; name: string; value: string; describedBy?: string }) => (
  <select id={p.id} name={p.name} aria-describedby={p.describedBy}>
    {(ZONES.includes(p.value) ? ZONES : [p.value, ...ZONES]).map((z) => (
      <option value={z} selected={z === p.value}>
        {z}
      </option>
    ))}
  </select>
);
