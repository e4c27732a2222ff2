import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft, readerText } from '../helpers/i18n.ts';
import { pageSession, pageSessionIn, type PageSession } from '../helpers/session.ts';

const t = useTestApp();

/** The page is in `lang`, with none of the English sentences of sign-in, the account and the shell left, and no raw key. */
function inLanguage(html: string, lang: string) {
  expect(html).toContain(`<html lang="${lang}">`);
  expect(englishLeft(html, 'auth', 'account', 'shell', 'layout')).toEqual([]);
}

const codeAt = (secret: string, at = Date.now()) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
const cookieValue = (res: Response, name: string) => new RegExp(`${name}=([^;]*)`).exec(res.headers.get('set-cookie') ?? '')?.[1];

let addresses = 0;

/** A browser that has not signed in, asking for `language`, from an address of its own (so throttling is its own). */
async function browser(language: string) {
  const env = { incoming: { socket: { remoteAddress: `198.51.100.${++addresses}` } } };
  const headers = { 'accept-language': language };
  const login = await t.app.request('http://localhost/login', { headers }, env);
  const csrf = cookieValue(login, 'tidings_csrf')!;
  let cookie = `tidings_csrf=${csrf}`;
  return {
    login,
    get: (path: string) => t.app.request(`http://localhost${path}`, { headers: { ...headers, cookie } }, env),
    post: async (path: string, form: Record<string, string>) => {
      const res = await t.app.request(`http://localhost${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams({ ...form, _csrf: csrf }) }, env);
      const pending = cookieValue(res, 'tidings_pending');
      if (pending) cookie = `tidings_csrf=${csrf}; tidings_pending=${pending}`;
      return res;
    },
  };
}

async function enrol(s: PageSession): Promise<string> {
  await s.post('/account/two-factor/start', {});
  return /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(await (await s.get('/account/two-factor')).text())![1]!.replace(/ /g, '');
}

describe('signing in, in the browser’s language', () => {
  it('shows the sign-in page and its refusals in Norwegian', async () => {
    const b = await browser('nb-NO,nb;q=0.9,en;q=0.5');
    const page = await b.login.text();
    inLanguage(page, 'nb');
    expect(page).toContain('<h1>Logg inn i tidings</h1>');
    expect(page).toContain('<label for="password">Passord</label>');

    const officer = await t.userWithToken('officer');
    const wrong = await b.post('/login', { email: officer.email, password: 'not the password at all', next: '/' });
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    inLanguage(html, 'nb');
    expect(html).toContain('E-postadressen og passordet passer ikke til noen aktiv konto.');
  });

  it('says how long to wait in Hungarian once the throttle holds, with the minutes as a number', async () => {
    const b = await browser('hu');
    const officer = await t.userWithToken('officer');
    for (let i = 0; i < 5; i++) expect((await b.post('/login', { email: officer.email, password: `wrong ${i}`, next: '/' })).status).toBe(401);
    const held = await b.post('/login', { email: officer.email, password: officer.password, next: '/' });
    expect(held.status).toBe(429);
    const html = await held.text();
    inLanguage(html, 'hu');
    expect(html).toContain('Túl sok sikertelen kísérlet ehhez a címhez. Várjon 15 percet, majd próbálja újra.');
  });

  it('asks for the one-time code, and refuses a wrong one, in Dutch', async () => {
    const officer = await t.userWithToken('officer');
    const own = await pageSession(t.app, officer.email, officer.password);
    const secret = await enrol(own);
    expect((await own.post('/account/two-factor/confirm', { code: codeAt(secret) })).status).toBe(200);
    const b = await browser('nl-BE,nl;q=0.9');
    expect((await b.post('/login', { email: officer.email, password: officer.password, next: '/' })).status).toBe(303);
    const form = await (await b.get('/login/code?next=%2F')).text();
    inLanguage(form, 'nl');
    expect(form).toContain('Voer uw eenmalige code in');
    const wrong = await b.post('/login/code', { code: '000000', next: '/' });
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    inLanguage(html, 'nl');
    expect(html).toContain('Die code klopt niet. Typ de zes cijfers die uw authenticator-app nu toont, of een van uw herstelcodes.');
  });
});

describe('a Norwegian admin’s own pages and the users pages', () => {
  it('are in Norwegian: the account, changing the password, and two-factor sign-in from start to finish', async () => {
    const { session } = await pageSessionIn(t, 'admin', 'nb');
    const account = await (await session.get('/account')).text();
    inLanguage(account, 'nb');
    expect(account).toContain('<h1>Kontoen din</h1>');
    expect(account).toContain('<dd>administrator</dd>');
    expect(account).toContain('<a href="/account/two-factor">Totrinnsinnlogging</a>: en engangskode fra en autentiseringsapp etter passordet.');

    const wrongCurrent = await session.post('/account/password', { current: 'not my password at all', password: 'a brand new password', repeat: 'a brand new password' });
    expect(wrongCurrent.status).toBe(400);
    expect(await wrongCurrent.text()).toContain('Det er ikke det nåværende passordet ditt.');

    const off = await (await session.get('/account/two-factor')).text();
    inLanguage(off, 'nb');
    expect(off).toContain('Av. Når det er på, er ikke et stjålet passord alene nok til å åpne kontoen din.');
    const secret = await enrol(session);
    const enrolling = await (await session.get('/account/two-factor')).text();
    inLanguage(enrolling, 'nb');
    expect(enrolling).toContain('Skann denne koden, eller skriv inn nøkkelen nedenfor i appen.');
    const on = await session.post('/account/two-factor/confirm', { code: codeAt(secret) });
    const onHtml = await on.text();
    inLanguage(onHtml, 'nb');
    expect(onHtml).toContain('Totrinnsinnlogging er slått på.');
    expect(onHtml).toContain('Gjenopprettingskodene dine');
    const after = readerText(await (await session.get('/account/two-factor')).text());
    expect(after).toContain('10 ubrukte gjenopprettingskoder er igjen.');
  });

  it('are in Norwegian: listing, adding, refusing, changing and disabling users and tokens', async () => {
    const { user: person, session } = await pageSessionIn(t, 'admin', 'nb');
    const list = await (await session.get('/users')).text();
    inLanguage(list, 'nb');
    expect(list).toContain('<h1>Brukere og API-nøkler</h1>');
    expect(list).toContain('<th scope="col">Sist innlogget</th>');
    expect(list).toContain('<option value="responder">saksbehandler</option>');

    const form = { name: 'Ingrid Dahl', email: 'ingrid.nb@example.org', role: 'responder', locale: 'sv', password: 'correct horse battery staple' };
    const added = await (await session.post('/users', form)).text();
    inLanguage(added, 'nb');
    expect(added).toContain('La til Ingrid Dahl som saksbehandler.');
    expect(added).toContain('<td>Svenska</td>');

    const twice = await session.post('/users', form);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('Det finnes allerede en bruker med e-postadressen ingrid.nb@example.org.');
    // The API keeps its English text.
    const api = await t.api(person.token, 'POST', '/api/v1/users', form);
    expect(api.status).toBe(409);
    expect(((await api.json()) as { error: { message: string } }).error.message).toBe('a user with email ingrid.nb@example.org already exists');

    const token = await (await session.post('/users/tokens', { user: 'ingrid.nb@example.org', name: 'Rapporter', expires: '30d' })).text();
    inLanguage(token, 'nb');
    expect(token).toContain('Nøkkelen «Rapporter» er opprettet.');
    expect(token).toContain('<option value="30d">30 dager</option>');

    const ingrid = await t.deps.db.selectFrom('users').select('id').where('email', '=', 'ingrid.nb@example.org').executeTakeFirstOrThrow();
    const edit = await (await session.get(`/users/${ingrid.id}`)).text();
    inLanguage(edit, 'nb');
    expect(edit).toContain('Deaktiver Ingrid Dahl');
    const saved = await (await session.post(`/users/${ingrid.id}`, { name: 'Ingrid Dahl', role: 'officer', locale: 'sv' })).text();
    inLanguage(saved, 'nb');
    expect(saved).toContain('Lagret. En ny rolle gjelder fra og med neste forespørsel de gjør.');
    const disabled = await (await session.post(`/users/${ingrid.id}/disable`, {})).text();
    inLanguage(disabled, 'nb');
    expect(disabled).toContain('Deaktivert: øktene deres er avsluttet, og API-nøklene deres er tilbakekalt.');
    expect(disabled).toMatch(/deaktivert siden \d/);

    const missing = await session.get('/users/999999');
    expect(missing.status).toBe(404);
    const missingHtml = await missing.text();
    inLanguage(missingHtml, 'nb');
    expect(missingHtml).toContain('bruker 999999 finnes ikke');
  });
});
