import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft } from '../helpers/i18n.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';
import { pageSessionIn, type PageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
const HOUR = 3_600_000;

/** The namespaces of the update pages, the dashboard, promises and the send history. */
const NAMESPACES = ['updates', 'updateProgress', 'deliveries', 'dashboard', 'promises', 'history'];

/** The page, checked to be Norwegian through and through (for this area's texts). */
async function norwegian(session: PageSession, path: string, status = 200): Promise<string> {
  const res = await session.get(path);
  expect(res.status, path).toBe(status);
  return norwegianHtml(await res.text(), path);
}

/**
 * The page without the composer's form, its checklist and audience line: those
 * are the composer's own texts (translated with it), some of which happen to
 * read like labels of this area ("Contact person").
 */
function withoutComposer(html: string): string {
  return html
    .replace(/<form[^>]*id="update-form"[\s\S]*?<\/form>/, '')
    .replace(/<section[^>]*id="checklist"[\s\S]*?<\/section>/, '')
    .replace(/<p id="audience"[\s\S]*?<\/p>/, '');
}

function norwegianHtml(html: string, path: string): string {
  expect(html, path).toContain('<html lang="nb">');
  expect(englishLeft(withoutComposer(html), ...NAMESPACES), `English or raw keys left on ${path}`).toEqual([]);
  return html;
}

let officer: Awaited<ReturnType<typeof t.userWithToken>>;
let session: PageSession;
const ids = { sent: 0, approved: 0, draft: 0, overdue: 0 };

beforeAll(async () => {
  await seedContacts(t.deps.db, 4, 'nbpage');
  ({ user: officer, session } = await pageSessionIn(t, 'officer', 'nb'));

  // A sent update with one bounce and one exclusion, and a promise overdue by five hours (with its reminder).
  const sent = await buildUpdate(t, { title: 'Lagerbrann', subject: 'Lagerbrann', promised: { due: new Date(Date.now() - 5 * HOUR) } });
  ids.sent = sent.updateId;
  const [first, second] = sent.deliveries;
  await sql`UPDATE deliveries SET status = 'bounced', bounce_type = 'hard', reason = NULL WHERE id = ${first!.id}`.execute(t.deps.db);
  await sql`UPDATE deliveries SET status = 'excluded', reason = 'unsubscribed' WHERE id = ${second!.id}`.execute(t.deps.db);
  await evaluatePromises({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config }, new Date());

  ids.approved = (await buildUpdate(t, { title: 'Prisendring', until: 'approved' })).updateId;

  // A draft the Norwegian officer wrote: four eyes keeps them from approving it.
  const { situation, cp, segment } = await baseScenario(t.deps.db, 'Flytting av kontoret');
  const draft = await t.api(officer.token, 'POST', `/api/v1/situations/${situation.id}/updates`, completeUpdate(segment.id, cp.id));
  expect(draft.status).toBe(201);
  ids.draft = ((await draft.json()) as { id: number }).id;
});

describe('the update pages, the dashboard, promises and the send history for a Norwegian officer', () => {
  it('a sent update: its heading, progress, who did not receive it, what it says and the preview, in Norwegian', async () => {
    const page = await norwegian(session, `/updates/${ids.sent}`);
    expect(page).toContain('Oppdatering 1');
    expect(page).toMatch(/<span class="badge ok" id="update-status">Sendt<\/span>/);
    expect(page).toContain('Resultat');
    expect(page).toMatch(/Sendt til 3 kunder; 1 utelatt; 1 ikke levert \(1 avvist\)\./);
    expect(page).toContain('Mottakere som ikke fikk den');
    expect(page).toContain('Ikke levert: 1');
    expect(page).toContain('adressen avviste e-posten');
    expect(page).toContain('Hva denne oppdateringen sier');
    expect(page).toContain('Hva kundene mottar');
    expect(page).toContain('title="Forhåndsvisning av e-posten på engelsk"');
    expect(page).toMatch(/data-preview-locale="nb"[^>]*>Norsk bokmål/);

    const progress = (await (await session.get(`/updates/${ids.sent}/progress.json`)).json()) as { summary: string; statusLabel: string; heading: string };
    expect(progress).toMatchObject({ summary: 'Sendt til 3 kunder; 1 utelatt; 1 ikke levert (1 avvist).', statusLabel: 'Sendt', heading: 'Oppdatering 1' });
  });

  it('one recipient’s record, in Norwegian', async () => {
    const email = (await t.deps.db.selectFrom('deliveries').select('email').where('update_id', '=', ids.sent).where('status', '=', 'bounced').executeTakeFirstOrThrow()).email;
    const page = await norwegian(session, `/updates/${ids.sent}/recipient?email=${encodeURIComponent(email)}`);
    expect(page).toContain('Finn en mottaker av oppdatering 1');
    expect(page).toContain('Avvist (permanent avvisning)');
    expect(page).toContain('Alle oppdateringer denne kunden har fått');
    expect(await norwegian(session, `/updates/${ids.sent}/recipient?email=nobody%40example.org`)).toContain('nobody@example.org var ikke blant mottakerne av denne oppdateringen.');
  });

  it('an approved update: sending and its confirmation, in Norwegian', async () => {
    const page = await norwegian(session, `/updates/${ids.approved}`);
    expect(page).toContain('Godkjent oppdatering');
    expect(page).toContain('Godkjenning og utsending');
    expect(page).toContain('Send nå');
    expect(page).toMatch(/data-confirm="Sende denne oppdateringen til \d+ mottakere nå\?/);
    expect(page).toContain('Planlegg til');
    expect(page).toContain('Avbryt denne oppdateringen');
  });

  it('four eyes: the author’s approval is refused on the page in Norwegian, in English through the API', async () => {
    const page = await norwegian(session, `/updates/${ids.draft}`);
    expect(page).toContain('Utkast til oppdatering');
    expect(page).toContain('Du skrev denne oppdateringen, så en kollega må godkjenne den (fire øyne).');

    const refused = await session.post(`/updates/${ids.draft}/approve`, {});
    expect(refused.status).toBe(403);
    const text = norwegianHtml(await refused.text(), 'the refused approval');
    expect(text).toContain('du skrev denne oppdateringen, så en kollega må godkjenne den (fire øyne)');

    const api = await t.api(officer.token, 'POST', `/api/v1/updates/${ids.draft}/approve`);
    expect(api.status).toBe(403);
    const body = (await api.json()) as { error: { code: string; message: string; details: unknown } };
    expect(body.error).toMatchObject({ code: 'four_eyes', message: 'you wrote this update, so a colleague must approve it (four eyes): only someone who neither wrote nor changed it may approve it', details: { editors: [officer.id] } });
  });

  it('the dashboard and its promises, in Norwegian', async () => {
    const page = await norwegian(session, '/');
    expect(page).toContain('<h1>Oversikt</h1>');
    expect(page).toContain('Kunder som venter på svar');
    expect(page).toContain('Ingen venter på svar.');
    expect(page).toMatch(/<span class="due overdue">Forfalt for 5 t siden<\/span>/);
    expect(page).toContain('1 løfte å holde, <strong class="overdue-count">1 forfalt</strong>.');
    expect(page).toContain('0 av 3 nådd');
    expect(page).toMatch(/Påminnelse om forfalt løfte sendt [^<]* UTC til 1 ansvarlig/);
  });

  it('the promises page, in Norwegian', async () => {
    const page = await norwegian(session, '/promises');
    expect(page).toContain('<h1>Løfter</h1>');
    expect(page).toContain('Forfalt: datoen er passert, og ingen oppdatering er sendt siden');
    expect(page).toContain('Forfalt (venter på teamet)');
    expect(page).toContain('Eksporter som CSV');
  });

  it('the send history, filtered and refused, in Norwegian', async () => {
    const page = await norwegian(session, `/history?update=${ids.sent}`);
    expect(page).toContain('<h1>Utsendelseshistorikk</h1>');
    expect(page).toContain('Lagerbrann, oppdatering 1');
    expect(page).toContain('Lagerbrann · oppdatering 1');
    expect(page).toContain('Avvist (permanent avvisning)');
    expect(page).toContain('Ikke levert (avvist, merket som søppelpost, feilet eller sperret)');

    const notDelivered = await norwegian(session, '/history?status=not_delivered');
    expect(notDelivered).toContain('tilstand: Ikke levert (avvist, merket som søppelpost, feilet eller sperret)');
    const refused = await norwegian(session, '/history?from=yesterday', 400);
    expect(refused).toContain('Rett filteret ovenfor for å se leveransene.');
    expect(refused).toMatch(/id="h-from-error" role="alert">Sendt på eller etter: «yesterday» er ikke en dato/);
    // The API keeps its English words.
    const api = await t.api(officer.token, 'GET', '/api/v1/deliveries?from=yesterday');
    expect(((await api.json()) as { error: { message: string } }).error.message).toBe('from "yesterday" is not a date (use ISO 8601, e.g. 2026-03-05 or 2026-03-05T09:00:00Z)');
  });
});

describe('the same pages in Swedish, Dutch and Hungarian', () => {
  const headings = { sv: 'Uppdatering 1', nl: 'Update 1', hu: '1. tájékoztató' } as const;
  const summaries = { sv: 'Skickad till 3 kunder; 1 utesluten; 1 inte levererad (1 studsade).', nl: 'Verzonden naar 3 klanten; 1 uitgesloten; 1 niet bezorgd (1 teruggekomen).', hu: 'Elküldve 3 ügyfélnek; 1 kizárva; 1 nem kézbesítve (1 visszapattant).' } as const;

  for (const locale of ['sv', 'nl', 'hu'] as const) {
    it(`in ${locale}: every page of this area, with no English of it left and no raw key`, async () => {
      const { session: s } = await pageSessionIn(t, 'auditor', locale);
      const paths = [`/updates/${ids.sent}`, `/updates/${ids.approved}`, `/updates/${ids.sent}/recipient?email=nobody%40example.org`, '/', '/promises', `/history?update=${ids.sent}`];
      for (const path of paths) {
        const res = await s.get(path);
        expect(res.status, path).toBe(200);
        const html = await res.text();
        expect(html, path).toContain(`<html lang="${locale}">`);
        expect(englishLeft(withoutComposer(html), ...NAMESPACES), `English or raw keys left on ${path} in ${locale}`).toEqual([]);
        if (path === `/updates/${ids.sent}`) {
          expect(html).toContain(`<span id="update-heading">${headings[locale]}</span>`);
          expect(html).toContain(summaries[locale]);
        }
      }
    });
  }
});
