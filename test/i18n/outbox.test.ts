import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft } from '../helpers/i18n.ts';
import { pageSessionIn } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
let messageId: string;

beforeAll(async () => {
  await buildUpdate(t, { newCustomers: { n: 2, prefix: 'i18nobx' } });
  messageId = (await t.deps.db.selectFrom('outbox_messages').select('id').where('to_address', '=', 'i18nobx1@example.org').executeTakeFirstOrThrow()).id;
});

describe('the outbox in the officer’s language', () => {
  it('lists the messages and shows one in Swedish, the email itself untouched', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'sv');
    const list = await (await session.get('/outbox')).text();
    expect(list).toContain('<html lang="sv">');
    expect(list).toContain('<h1>Utkorg</h1>');
    expect(list).toContain('RESEND_API_KEY är inte satt, så all e-post som tidings skickar hamnar här i stället: <strong>ingenting lämnar den här datorn.</strong>');
    expect(list).toContain('<th scope="col">Ämne</th>');
    expect(list).toContain('Slutet av utkorgen');
    expect(englishLeft(list, 'outbox')).toEqual([]);

    const one = await (await session.get(`/outbox/${messageId}`)).text();
    expect(one).toContain('<title>Meddelande till i18nobx1@example.org · tidings</title>');
    expect(one).toContain('<h2 id="html-h">Så som kunden ser det</h2>');
    expect(one).toContain('<dt>Från</dt>');
    expect(one).toContain('title="E-postmeddelandet till i18nobx1@example.org"');
    expect(one).toContain('<h2 id="text-h">Textdelen</h2>');
    expect(englishLeft(one, 'outbox')).toEqual([]);
  });

  it('says a message that is not there in Norwegian', async () => {
    const { session } = await pageSessionIn(t, 'officer', 'nb');
    const missing = await session.get('/outbox/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    const html = await missing.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('meldingen finnes ikke i utboksen');
  });

  it('leaves no English sentence of the outbox in Dutch or Hungarian', async () => {
    for (const locale of ['nl', 'hu']) {
      const { session } = await pageSessionIn(t, 'officer', locale);
      for (const path of ['/outbox', `/outbox/${messageId}`]) {
        const html = await (await session.get(path)).text();
        expect(html).toContain(`<html lang="${locale}">`);
        expect(englishLeft(html, 'outbox'), `${locale} ${path}`).toEqual([]);
      }
    }
  });
});
