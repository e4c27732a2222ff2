import { SUPPORTED_LOCALES } from '../config.ts';
import type { ContactPoint, User } from '../db/types.ts';
import { LOCALE_NAMES } from '../updates/model.ts';
import { CsrfField, Layout, TableHead } from '../http/layout.tsx';
import type { ResponderCandidate } from './queries.ts';

export type ContactPointValues = Record<string, string>;

const ContactPointForm = (p: { action: string; csrfToken: string; values: ContactPointValues; candidates: ResponderCandidate[]; error?: string | undefined; submit: string }) => (
  <form method="post" action={p.action} class="stack card">
    <CsrfField token={p.csrfToken} />
    {p.error ? (
      <p class="error" role="alert" id="cp-error">
        {p.error}
      </p>
    ) : null}
    {(
      [
        ['name', 'Name', 'text', 'The person customers will see, e.g. Ingrid Dahl'],
        ['role', 'Role', 'text', 'e.g. Customer relations lead'],
        ['email', 'Direct email', 'email', 'Where this person can be reached directly'],
        ['phone', 'Phone', 'tel', 'A number customers can call, with country code'],
        ['workingHours', 'Working hours (optional)', 'text', 'e.g. Mon–Fri 09:00–16:00 CET'],
      ] as const
    ).map(([name, label, type, hint]) => (
      <div>
        <label for={`cp-${name}`}>{label}</label>
        <p class="hint" id={`cp-${name}-hint`}>
          {hint}
        </p>
        <input id={`cp-${name}`} name={name} type={type} required={name !== 'workingHours'} value={p.values[name] ?? ''} aria-describedby={`cp-${name}-hint`} />
      </div>
    ))}
    <details class="locale" open={SUPPORTED_LOCALES.some((l) => p.values[`role_${l}`]?.trim())}>
      <summary>Role in other languages</summary>
      <fieldset class="bare">
        <legend class="visually-hidden">Role in each language (optional)</legend>
        <p class="hint" id="cp-roles-hint">
          Customers read the role in their own language where you give one; the others read the role above, written in the default language of your updates.
        </p>
        {SUPPORTED_LOCALES.map((l) => (
          <div>
            <label for={`cp-role-${l}`}>Role in {LOCALE_NAMES[l]}</label>
            <input id={`cp-role-${l}`} name={`role_${l}`} type="text" value={p.values[`role_${l}`] ?? ''} maxlength={200} lang={l} aria-describedby="cp-roles-hint" />
          </div>
        ))}
      </fieldset>
    </details>
    <div>
      <label for="cp-user">Answers in tidings as</label>
      <select id="cp-user" name="userId">
        <option value="">— nobody yet —</option>
        {p.candidates.map((u) => (
          <option value={String(u.id)} selected={p.values['userId'] === String(u.id)}>
            {u.name} ({u.role})
          </option>
        ))}
      </select>
    </div>
    <div class="actions">
      <button type="submit">{p.submit}</button>
    </div>
  </form>
);

export const ContactPointsPage = (p: {
  points: ContactPoint[];
  candidates: ResponderCandidate[];
  user: User;
  csrfToken: string;
  canWrite: boolean;
  flash?: string | undefined;
  error?: string | undefined;
  values?: ContactPointValues | undefined;
}) => (
  <Layout title="Contact points" user={p.user} csrfToken={p.csrfToken} section="contact-points" flash={p.flash}>
    <h1>Contact points</h1>
    <p class="muted">The named people every update puts customers in touch with. Each update names one.</p>
    {p.points.length === 0 ? (
      <p>No contact points yet.</p>
    ) : (
      <table>
        <caption class="visually-hidden">Contact points</caption>
        <TableHead columns={['Name', 'Role', 'Email', 'Phone', 'Hours']} actions={p.canWrite} />
        <tbody>
          {p.points.map((cp) => (
            <tr>
              <td>{cp.name}</td>
              <td>{cp.role}</td>
              <td>{cp.email}</td>
              <td>{cp.phone}</td>
              <td>{cp.working_hours ?? '—'}</td>
              {p.canWrite ? (
                <td>
                  <a href={`/contact-points/${cp.id}/edit`}>Edit<span class="visually-hidden"> {cp.name}</span></a>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {p.canWrite ? (
      <>
        <h2>Add a contact point</h2>
        <ContactPointForm action="/contact-points" csrfToken={p.csrfToken} values={p.values ?? {}} candidates={p.candidates} error={p.error} submit="Add contact point" />
      </>
    ) : null}
  </Layout>
);

/** The form's values for a stored contact point. */
export function valuesOf(cp: ContactPoint): ContactPointValues {
  const roles = Object.fromEntries(SUPPORTED_LOCALES.map((l) => [`role_${l}`, cp.roles[l] ?? '']));
  return { name: cp.name, role: cp.role, ...roles, email: cp.email, phone: cp.phone, workingHours: cp.working_hours ?? '', userId: cp.user_id ? String(cp.user_id) : '' };
}

export const EditContactPointPage = (p: { contactPoint: ContactPoint; candidates: ResponderCandidate[]; user: User; csrfToken: string; values?: ContactPointValues | undefined; error?: string | undefined }) => (
  <Layout title={`Edit ${p.contactPoint.name}`} user={p.user} csrfToken={p.csrfToken} section="contact-points">
    <h1>Edit {p.contactPoint.name}</h1>
    <ContactPointForm action={`/contact-points/${p.contactPoint.id}`} csrfToken={p.csrfToken} values={p.values ?? valuesOf(p.contactPoint)} candidates={p.candidates} error={p.error} submit="Save" />
    <form method="post" action={`/contact-points/${p.contactPoint.id}/archive`} data-confirm="Archive this contact point? Past updates keep naming them.">
      <CsrfField token={p.csrfToken} />
      <button type="submit" class="secondary">
        Archive
      </button>
    </form>
  </Layout>
);
