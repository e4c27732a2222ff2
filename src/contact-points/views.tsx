import { SUPPORTED_LOCALES } from '../config.ts';
import type { ContactPoint, User } from '../db/types.ts';
import { t } from '../../i18n/current.ts';
import { languageName } from '../updates/language-names.ts';
import { CsrfField, Layout, roleName, TableHead } from '../http/layout.tsx';
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
        ['name', t('contactPoints.nameLabel'), 'text', t('contactPoints.nameHint')],
        ['role', t('contactPoints.roleLabel'), 'text', t('contactPoints.roleHint')],
        ['email', t('contactPoints.emailLabel'), 'email', t('contactPoints.emailHint')],
        ['phone', t('contactPoints.phoneLabel'), 'tel', t('contactPoints.phoneHint')],
        ['workingHours', t('contactPoints.hoursLabel'), 'text', t('contactPoints.hoursHint')],
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
      <summary>{t('contactPoints.rolesSummary')}</summary>
      <fieldset class="bare">
        <legend class="visually-hidden">{t('contactPoints.rolesLegend')}</legend>
        <p class="hint" id="cp-roles-hint">
          {t('contactPoints.rolesHint')}
        </p>
        {SUPPORTED_LOCALES.map((l) => (
          <div>
            <label for={`cp-role-${l}`}>{t('contactPoints.roleIn', { language: languageName(l) })}</label>
            <input id={`cp-role-${l}`} name={`role_${l}`} type="text" value={p.values[`role_${l}`] ?? ''} maxlength={200} lang={l} aria-describedby="cp-roles-hint" />
          </div>
        ))}
      </fieldset>
    </details>
    <div>
      <label for="cp-user">{t('contactPoints.answersAs')}</label>
      <select id="cp-user" name="userId">
        <option value="">{t('contactPoints.nobodyYet')}</option>
        {p.candidates.map((u) => (
          <option value={String(u.id)} selected={p.values['userId'] === String(u.id)}>
            {t('contactPoints.candidate', { name: u.name, role: roleName(u.role) })}
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
  <Layout title={t('contactPoints.title')} user={p.user} csrfToken={p.csrfToken} section="contact-points" flash={p.flash}>
    <h1>{t('contactPoints.title')}</h1>
    <p class="muted">{t('contactPoints.intro')}</p>
    {p.points.length === 0 ? (
      <p>{t('contactPoints.none')}</p>
    ) : (
      <table>
        <caption class="visually-hidden">{t('contactPoints.caption')}</caption>
        <TableHead columns={[t('contactPoints.columnName'), t('contactPoints.columnRole'), t('contactPoints.columnEmail'), t('contactPoints.columnPhone'), t('contactPoints.columnHours')]} actions={p.canWrite} />
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
                  <a href={`/contact-points/${cp.id}/edit`} aria-label={t('contactPoints.editNamed', { name: cp.name })}>
                    {t('common.edit')}
                  </a>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    )}
    {p.canWrite ? (
      <>
        <h2>{t('contactPoints.addHeading')}</h2>
        <ContactPointForm action="/contact-points" csrfToken={p.csrfToken} values={p.values ?? {}} candidates={p.candidates} error={p.error} submit={t('contactPoints.addButton')} />
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
  <Layout title={t('contactPoints.editTitle', { name: p.contactPoint.name })} user={p.user} csrfToken={p.csrfToken} section="contact-points">
    <h1>{t('contactPoints.editTitle', { name: p.contactPoint.name })}</h1>
    <ContactPointForm action={`/contact-points/${p.contactPoint.id}`} csrfToken={p.csrfToken} values={p.values ?? valuesOf(p.contactPoint)} candidates={p.candidates} error={p.error} submit={t('contactPoints.save')} />
    <form method="post" action={`/contact-points/${p.contactPoint.id}/archive`} data-confirm={t('contactPoints.archiveConfirm')}>
      <CsrfField token={p.csrfToken} />
      <button type="submit" class="secondary">
        {t('contactPoints.archive')}
      </button>
    </form>
  </Layout>
);
