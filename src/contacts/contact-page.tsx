import type { Contact, User } from '../db/types.ts';
import { CsrfField, formatDateTime, Layout, TableHead } from '../http/layout.tsx';
import { UnsubscribedFrom } from '../unsubscribe/record.tsx';
import type { Unsubscribes } from '../unsubscribe/service.ts';
import { ERASE_WORD } from './erase-confirmed.ts';
import { formatValue } from './views.tsx';

const EraseForm = ({ ct, csrfToken, error }: { ct: Contact; csrfToken: string; error?: string | undefined }) => (
  <section aria-labelledby="erase-heading" class="card" id="erase">
    <h2 id="erase-heading">Erase this customer</h2>
    <p id="erase-hint">
      At the customer's request (GDPR article 17). Their address, name and attributes, the texts of their conversations and the copies of mail to them are replaced by a pseudonym or
      removed. Their delivery history keeps its shape (counts per update stay), the audit log records the erasure, and a suppression of the address is kept so it is never mailed
      again. This cannot be undone.
    </p>
    <form method="post" action={`/contacts/${ct.id}/erase`} class="stack">
      <CsrfField token={csrfToken} />
      {error ? (
        <p class="error" role="alert" id="erase-error">
          {error}
        </p>
      ) : null}
      <div>
        <label for="erase-confirm">
          Type {ERASE_WORD} or the contact's email address to confirm
        </label>
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
        <button type="submit">Erase personal data</button>
      </div>
    </form>
  </section>
);

/** The notice after an erasure, shown only when the contact is erased indeed. */
export function erasedNotice(ct: Contact, suppressionKept: boolean): string | undefined {
  if (!ct.erased_at) return undefined;
  return `The customer's personal data is erased. Their history keeps its shape under this pseudonym.${suppressionKept ? ' Their address stays on the suppression list, so it is never mailed again, even if it is imported again.' : ''}`;
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
        <a href="/contacts">← All contacts</a>
      </p>
      <h1>{ct.name || ct.email}</h1>
      <dl class="card details">
        <dt>Email</dt>
        <dd class="mono">{ct.email}</dd>
        <dt>Name</dt>
        <dd>{ct.name || '—'}</dd>
        <dt>Locale</dt>
        <dd>{ct.locale}</dd>
        <dt>Time zone</dt>
        <dd>{ct.timezone}</dd>
        <dt>Status</dt>
        <dd>{ct.erased_at ? `Erased on ${formatDateTime(ct.erased_at)}` : ct.unsubscribed_at ? `Unsubscribed on ${formatDateTime(ct.unsubscribed_at)}` : 'Subscribed'}</dd>
        <UnsubscribedFrom unsubscribes={unsubscribes} />
        <dt>Added</dt>
        <dd>{formatDateTime(ct.created_at)}</dd>
        <dt>Last changed</dt>
        <dd>{formatDateTime(ct.updated_at)}</dd>
      </dl>
      <h2 id="attributes-heading">Attributes</h2>
      {attributes.length === 0 ? (
        <p>No attributes.</p>
      ) : (
        <table aria-labelledby="attributes-heading">
          <caption class="visually-hidden">Attributes of {ct.email}</caption>
          <TableHead columns={['Attribute', 'Value', 'Type']} />
          <tbody>
            {attributes.map(([k, v]) => (
              <tr>
                <th scope="row">{k}</th>
                <td>{formatValue(v)}</td>
                <td>{typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'true/false' : 'text'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ct.erased_at ? (
        <p class="muted">This customer was erased at their request: they are in no audience, and their status link no longer opens.</p>
      ) : canErase ? (
        <EraseForm ct={ct} csrfToken={csrfToken} error={eraseError} />
      ) : null}
    </Layout>
  );
};
