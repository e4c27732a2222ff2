import type { Context, Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { allow } from '../http/access.ts';
import type { Contact } from '../db/types.ts';
import { AppError, invalid } from '../errors.ts';
import { showRefusal } from '../http/errors.tsx';
import { can } from '../permissions.ts';
import { ContactPage, erasedNotice } from './contact-page.tsx';
import { eraseConfirmed } from './erase-confirmed.ts';
import { importContacts, type ImportResult } from './import.ts';
import { contactsOverview, getContact } from './queries.ts';
import { ContactsPage } from './views.tsx';
import { unsubscribesOf } from '../unsubscribe/service.ts';

const PAGE_SIZE = 50;

async function listPage(c: Context<AppEnv>, extra: { result?: ImportResult; error?: string } = {}) {
  const q = (c.req.query('q') ?? '').trim().slice(0, 200);
  const listing = await contactsOverview(c.get('deps').db, { q, cursor: c.req.query('cursor'), limit: PAGE_SIZE });
  const user = c.get('user');
  return c.html(<ContactsPage user={user} csrfToken={c.get('csrfToken')} q={q} listing={listing} canWrite={can(user.role, 'contacts:write')} result={extra.result} error={extra.error} />);
}

async function detailPage(c: Context<AppEnv>, ct: Contact, extra: { flash?: string | undefined; eraseError?: string | undefined } = {}) {
  const user = c.get('user');
  const unsubscribes = await unsubscribesOf(c.get('deps').db, ct.id);
  return c.html(<ContactPage user={user} csrfToken={c.get('csrfToken')} ct={ct} unsubscribes={unsubscribes} canErase={can(user.role, 'contacts:erase')} flash={extra.flash} eraseError={extra.eraseError} />);
}

function pageId(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', 'no such contact');
  return id;
}

export function contactsPages(app: Hono<AppEnv>): void {
  app.get('/contacts', allow('read'), (c) => listPage(c));
  // A reload of the result page, or a bookmarked form action.
  app.get('/contacts/import', allow('read'), (c) => c.redirect('/contacts', 303));

  app.post('/contacts/import', allow('contacts:write'), async (c) => {
    const file = (await c.req.parseBody())['file'];
    if (!(file instanceof File) || file.size === 0) {
      return showRefusal(c, invalid('Choose a CSV file to import (the file was empty or missing).'), ['validation_failed'], (e) => listPage(c, { error: e.message }));
    }
    try {
      const result = await importContacts(c.get('deps').db, c.get('actor'), { kind: 'csv', stream: file.stream() }, { label: `page:${file.name.slice(0, 200)}` });
      return await listPage(c, { result });
    } catch (err) {
      return showRefusal(c, err, ['validation_failed'], (e) => listPage(c, { error: `The file was not imported: ${e.message}` }));
    }
  });

  app.get('/contacts/:id', allow('read'), async (c) => {
    const ct = await getContact(c.get('deps').db, pageId(c));
    return detailPage(c, ct, { flash: c.req.query('done') === 'erased' ? erasedNotice(ct, c.req.query('suppression') === 'kept') : undefined });
  });

  app.post('/contacts/:id/erase', allow('contacts:erase'), async (c) => {
    const { db } = c.get('deps');
    const id = pageId(c);
    const form = await c.req.parseBody();
    const confirm = typeof form['confirm'] === 'string' ? form['confirm'] : '';
    try {
      const result = await eraseConfirmed(db, c.get('actor'), id, confirm);
      return c.redirect(`/contacts/${id}?done=erased${result.suppression.kept ? '&suppression=kept' : ''}`, 303);
    } catch (err) {
      return showRefusal(c, err, ['validation_failed'], async (e) => detailPage(c, await getContact(db, id), { eraseError: e.message }));
    }
  });
}
