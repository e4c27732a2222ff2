import type { Contact, User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { UnsubscribedFrom } from '../unsubscribe/record.tsx';
import type { Unsubscribes } from '../unsubscribe/service.ts';
import { ERASE_WORD } from './erase-confirmed.ts';
import { formatValue } from './views.tsx';
import { t } from '../../i18n/current.ts';

const EraseForm = ({ ct, csrfToken, error }: { ct: Contact; csrfToken: string; error?: string | undefined }) => (
  <section aria-labelledby="erase-heading" class="card" id="erase">
    <h2 id="erase-heading">{t('contacts.eraseHeading')}</h2>
    <p id="erase-hint">{t('contacts.eraseHint')}</p>
    <form method="post" action={`/contacts/${ct.id}/erase`} class="stack">
      <CsrfField token={csrfToken} />
      {error ? (
        <p class="error" role="alert" id="erase-error">
          {error}
        </p>
      ) : null}
      <div>
        <label for="erase-confirm">{t('contacts.eraseConfirmLabel', { word: ERASE_WORD })}</label>
        <input
          id="erase-confirm"
          name="confirm"
          type="text"
          required
          autocomplete="off"
          spellcheck={false}
          maxlength={320}
          aria-describedby={error ? 'erase-hint erase-error' : 'erase-hint'}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      <div class="actions">
        <button type="submit">{t('contacts.eraseButton')}</button>
      </div>
    </form>
  </section>
);

/** The notice after an erasure, shown only when the contact is erased indeed. */
export function erasedNotice(ct: Contact, suppressionKept: boolean): string | undefined {
  if (!ct.erased_at) return undefined;
  return suppressionKept ? `${t('contacts.erasedFlash')} ${t('contacts.erasedSuppressionKept')}` : t('contacts.erasedFlash');
}

export interface ContactPageProps {
  user: User;
  csrfToken: string;
  ct: Contact;
  /** What the customer stopped receiving. */
  unsubscribes: Unsubscribes;
  /** Whether the erase form is shown. */
  canErase: boolean;
  flash?: string | undefined;
  /** Why the erasure asked for was not done. */
  eraseError?: string | undefined;
}

/** One contact: its fields, attributes and, for those who may, the erase form. */
export const ContactPage = ({ user, csrfToken, ct, unsubscribes, canErase, flash, eraseError }: ContactPageProps) => {
  const attributes = Object.entries((ct.attributes ?? {}) as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Layout title={ct.name || ct.email} user={user} csrfToken={csrfToken} section="contacts" flash={flash}>
      <p>
        <a href="/contacts">{t('contacts.allContactsBack')}</a>
      </p>
      <h1>{ct.name || ct.email}</h1>
      <dl class="card details">
        <dt>{t('contacts.fieldEmail')}</dt>
        <dd class="mono">{ct.email}</dd>
        <dt>{t('contacts.fieldName')}</dt>
        <dd>{ct.name || '—'}</dd>
        <dt>{t('contacts.fieldLocale')}</dt>
        <dd>{ct.locale}</dd>
        <dt>{t('contacts.fieldTimeZone')}</dt>
        <dd>{ct.timezone}</dd>
        <dt>{t('contacts.fieldStatus')}</dt>
        <dd>{ct.erased_at ? t('contacts.erasedOn', { date: formatDateTime(ct.erased_at) }) : ct.unsubscribed_at ? t('contacts.unsubscribedOn', { date: formatDateTime(ct.unsubscribed_at) }) : t('contacts.subscribed')}</dd>
        <UnsubscribedFrom unsubscribes={unsubscribes} />
        <dt>{t('contacts.fieldAdded')}</dt>
        <dd>{formatDateTime(ct.created_at)}</dd>
        <dt>{t('contacts.fieldChanged')}</dt>
        <dd>{formatDateTime(ct.updated_at)}</dd>
      </dl>
      <h2 id="attributes-heading">{t('contacts.attributes')}</h2>
      {attributes.length === 0 ? (
        <p>{t('contacts.noAttributes')}</p>
      ) : (
        <table aria-labelledby="attributes-heading">
          <caption class="visually-hidden">{t('contacts.attributesOf', { email: ct.email })}</caption>
          <TableHead columns={[t('contacts.colAttribute'), t('contacts.colValue'), t('contacts.colType')]} />
          <tbody>
            {attributes.map(([k, v]) => (
              <tr>
                <th scope="row">{k}</th>
                <td>{formatValue(v)}</td>
                <td>{typeof v === 'number' ? t('contacts.typeNumber') : typeof v === 'boolean' ? t('contacts.typeBoolean') : t('contacts.typeText')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ct.erased_at ? (
        <p class="muted">{t('contacts.erasedNote')}</p>
      ) : canErase ? (
        <EraseForm ct={ct} csrfToken={csrfToken} error={eraseError} />
      ) : null}
    </Layout>
  );
};
