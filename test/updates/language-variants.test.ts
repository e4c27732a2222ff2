import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { sendUpdateBatches } from '../../src/sending/sender.ts';
import { draftFromPrevious, editDraft } from '../../src/updates/compose.ts';
import { releaseUpdate } from '../../src/updates/release.ts';
import { useTestApp } from '../helpers/app.ts';
import { seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate, senderDeps } from '../helpers/updates.ts';

// Issue 12: each customer reads one language. The acknowledgement, the
// situation's title and the contact person's role are written per language;
// a language without its own falls back to the general one, and the composer
// and the checklist say, per language, who will read it in the default language.

const t = useTestApp();

const ACK_EN = 'We are sorry for the uncertainty this causes you.';
const ACK_NB = 'Vi beklager usikkerheten dette skaper for deg.';
const TITLE_EN = 'Bokklubben restructuring';
const TITLE_NB = 'Bokklubben i rekonstruksjon';
const ROLE_EN = 'Head of member relations';
const ROLE_NB = 'Leder for medlemsservice';

const content = {
  en: { subject: 'Your membership during the restructuring', body: 'Your membership **continues**.' },
  nb: { subject: 'Medlemskapet ditt under rekonstruksjonen', body: 'Medlemskapet ditt **fortsetter**.', acknowledgement: ACK_NB },
  sv: { subject: 'Ditt medlemskap under rekonstruktionen', body: 'Ditt medlemskap **fortsätter**.' },
};

function unescape(html: string): string {
  return html.replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Customers `${prefix}1..5@example.org` (nb, sv, nl, hu, en) and a segment of them alone. */
async function customers(prefix: string): Promise<number> {
  await seedContacts(t.deps.db, 5, prefix);
  const { segment } = await createSegment(t.deps.db, CLI_ACTOR, { name: `only ${prefix}`, rule: { all: [{ attribute: 'email', op: 'contains', value: prefix }] } });
  return segment.id;
}

async function emailTo(address: string) {
  const m = await t.deps.db.selectFrom('outbox_messages').selectAll().where('to_address', '=', address).where('test', '=', false).executeTakeFirstOrThrow();
  return { subject: m.subject, html: unescape(m.html), text: m.text };
}

async function json(res: Response) {
  return (await res.json()) as any;
}

describe('the acknowledgement, situation title and contact role in each language', () => {
  it('through the API: an nb customer reads nb throughout, a language without its own reads the fallback, and the checks warn per language', async () => {
    const officer = await t.userWithToken('officer');
    const approver = await t.userWithToken('officer');
    const segmentId = await customers('lv-api');

    const situation = await t.api(officer.token, 'POST', '/api/v1/situations', { title: TITLE_EN, titles: { nb: TITLE_NB } });
    expect(situation.status).toBe(201);
    const s = await json(situation);
    expect(s.titles).toEqual({ nb: TITLE_NB });

    const cpRes = await t.api(officer.token, 'POST', '/api/v1/contact-points', { name: 'Ingrid Dahl', role: ROLE_EN, roles: { nb: ROLE_NB }, email: 'ingrid@bokklubben.example.org', phone: '+47 22 12 34 56' });
    expect(cpRes.status).toBe(201);
    const cp = await json(cpRes);
    expect(cp.roles).toEqual({ nb: ROLE_NB });

    const draftRes = await t.api(officer.token, 'POST', `/api/v1/situations/${s.id}/updates`, {
      segmentIds: [segmentId],
      contactPointId: cp.id,
      acknowledgement: { kind: 'apology', text: ACK_EN },
      nextUpdateAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      defaultLocale: 'en',
      content,
    });
    expect(draftRes.status).toBe(201);
    const draft = await json(draftRes);
    expect(draft.content.nb.acknowledgement).toBe(ACK_NB);
    expect(draft.content.sv.acknowledgement).toBeUndefined();
    expect(draft.missing).toEqual([]);
    // Swedish has words of its own but no acknowledgement, title or role: three warnings, all about Swedish.
    const warnings = draft.warnings as { locale: string; element: string; message: string }[];
    expect(warnings.map((w) => `${w.locale}:${w.element}`).sort()).toEqual(['sv:acknowledgement', 'sv:contact_role', 'sv:situation_title']);
    expect(warnings.find((w) => w.element === 'acknowledgement')!.message).toBe('Customers reading Swedish will see the acknowledgement in English (the default language): write one in the Swedish section.');
    expect(warnings.find((w) => w.element === 'situation_title')!.message).toContain(`Customers reading Swedish will see the situation title in English (the default language), “${TITLE_EN}”`);
    expect(warnings.find((w) => w.element === 'contact_role')!.message).toContain(`Customers reading Swedish will see the contact person’s role in English (the default language), “${ROLE_EN}”`);

    expect((await t.api(approver.token, 'POST', `/api/v1/updates/${draft.id}/approve`)).status).toBe(200);
    expect((await t.api(officer.token, 'POST', `/api/v1/updates/${draft.id}/send`, {})).status).toBe(200);
    expect((await releaseUpdate(t.deps.db, draft.id)).released).toBe(true);
    expect((await sendUpdateBatches(senderDeps(t.deps), draft.id)).finished).toBe(true);

    const nb = await emailTo('lv-api1@example.org');
    expect(nb.html).toContain('lang="nb"');
    expect(nb.html).toContain(ACK_NB);
    expect(nb.html).not.toContain(ACK_EN);
    expect(nb.html).toContain(TITLE_NB);
    expect(nb.html).not.toContain(TITLE_EN);
    expect(nb.html).toContain(ROLE_NB);
    expect(nb.html).not.toContain(ROLE_EN);
    expect(nb.text).toContain(ACK_NB);

    // Swedish has no acknowledgement, title or role of its own: the general ones.
    const sv = await emailTo('lv-api2@example.org');
    expect(sv.html).toContain('lang="sv"');
    expect(sv.html).toContain('Ditt medlemskap');
    expect(sv.html).toContain(ACK_EN);
    expect(sv.html).toContain(TITLE_EN);
    expect(sv.html).toContain(ROLE_EN);

    // Dutch has no version at all: the English words, inside an email that is
    // otherwise Dutch (greeting, labels, the promise, the links), marked as English.
    const nl = await emailTo('lv-api3@example.org');
    expect(nl.html).toMatch(/<html[^>]*\blang="nl"/);
    expect(nl.subject).toMatch(/^Update 1: Your membership/);
    expect(nl.html).toContain('Beste Customer 3,');
    expect(nl.html).toContain('We schrijven u uiterlijk');
    expect(nl.html).toContain('Uw contactpersoon');
    expect(nl.html).toMatch(/<div lang="en">[\s\S]*continues/);
    expect(nl.html).toMatch(/<p[^>]*lang="en"[^>]*>We are sorry for the uncertainty this causes you\.<\/p>/);
    expect(nl.html).not.toContain(ACK_NB);
    expect(nl.html).not.toContain('We will write to you again');
    expect(nl.text).toContain('We schrijven u uiterlijk');

    // The status page of the nb customer names the situation and the role in nb.
    const delivery = await t.deps.db.selectFrom('deliveries').select('id').where('update_id', '=', draft.id).where('email', '=', 'lv-api1@example.org').executeTakeFirstOrThrow();
    const statusUrl = /href="(http[^"]*\/c\/[^"]+)"/.exec(nb.html)![1]!;
    const page = unescape(await (await t.app.request(statusUrl.replace(/^https?:\/\/[^/]+/, 'http://localhost'))).text());
    expect(page, `status page of delivery ${delivery.id}`).toContain(TITLE_NB);
    expect(page).toContain(ROLE_NB);
    expect(page).not.toContain(TITLE_EN);
  });

  it('through the pages: the composer has an acknowledgement field per language, an empty one falls back, and the composer warns', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const segmentId = await customers('lv-page');

    // The situation form takes a title per language.
    const opened = await s.post('/situations', { title: TITLE_EN, summary: '', title_nb: TITLE_NB, title_sv: '' });
    expect(opened.status).toBe(303);
    const situationId = Number(/\/situations\/(\d+)/.exec(opened.headers.get('location')!)![1]);
    const situation = await t.deps.db.selectFrom('situations').select(['title', 'titles']).where('id', '=', situationId).executeTakeFirstOrThrow();
    expect(situation).toEqual({ title: TITLE_EN, titles: { nb: TITLE_NB } });

    // The contact point form takes a role per language.
    const added = await s.post('/contact-points', { name: 'Ola Berg', role: ROLE_EN, role_nb: ROLE_NB, role_sv: ' ', email: 'ola@bokklubben.example.org', phone: '+47 22 12 34 57' });
    expect(added.status).toBe(200);
    const cp = await t.deps.db.selectFrom('contact_points').select(['id', 'roles']).where('email', '=', 'ola@bokklubben.example.org').executeTakeFirstOrThrow();
    expect(cp.roles).toEqual({ nb: ROLE_NB });
    const editForm = await (await s.get(`/contact-points/${cp.id}/edit`)).text();
    expect(editForm).toMatch(new RegExp(`<input[^>]*name="role_nb"[^>]*value="${ROLE_NB}"`));

    const created = await s.post(`/situations/${situationId}/updates`, {});
    const updateId = Number(/\/updates\/(\d+)/.exec(created.headers.get('location')!)![1]);
    const composer = await (await s.get(`/updates/${updateId}`)).text();
    for (const l of ['en', 'nb', 'sv', 'nl', 'hu']) expect(composer).toMatch(new RegExp(`<textarea[^>]*name="ack_${l}"`));

    const form = {
      segmentIds: String(segmentId),
      contactPointId: String(cp.id),
      ackKind: 'apology',
      ackText: ACK_EN,
      nextUpdateLocal: '2099-03-05T09:00',
      timeZone: 'Europe/Oslo',
      quietHours: 'off',
      defaultLocale: 'en',
      subject_en: content.en.subject,
      body_en: content.en.body,
      ack_en: '',
      subject_nb: content.nb.subject,
      body_nb: content.nb.body,
      ack_nb: ACK_NB,
      subject_sv: content.sv.subject,
      body_sv: content.sv.body,
      ack_sv: '   ',
    };
    const saved = await s.post(`/updates/${updateId}`, form);
    expect(saved.status).toBe(303);
    const row = await t.deps.db.selectFrom('updates').select(['content', 'ack_text']).where('id', '=', updateId).executeTakeFirstOrThrow();
    expect(row.content).toEqual({
      en: content.en,
      nb: content.nb,
      // A blank field means "use the general acknowledgement": nothing is stored for it.
      sv: content.sv,
    });
    expect(row.ack_text).toBe(ACK_EN);

    const page = unescape(await (await s.get(`/updates/${updateId}`)).text());
    expect(page).toMatch(new RegExp(`<textarea[^>]*name="ack_nb"[^>]*>\\s*${ACK_NB}`));
    expect(page).toContain('Customers reading Swedish will see the acknowledgement in English (the default language)');
    expect(page).toContain('Customers reading Swedish will see the situation title in English (the default language)');
    expect(page).toContain('Customers reading Swedish will see the contact person’s role in English (the default language)');
    expect(page).not.toContain('Customers reading Norwegian Bokmål will see');
    // Nothing is missing: the warnings do not hold the update back.
    expect(page).toContain('Nothing is missing');

    // The preview of the nb tab shows what nb customers will read.
    const preview = unescape(await (await s.get(`/updates/${updateId}?preview=nb`)).text());
    expect(preview).toContain(ACK_NB);
    expect(preview).toContain(TITLE_NB);
    expect(preview).toContain(ROLE_NB);

    // Adding the Swedish title on the situation page takes that warning away.
    const titled = await s.post(`/situations/${situationId}`, { title: TITLE_EN, summary: '', title_nb: TITLE_NB, title_sv: 'Bokklubben i rekonstruktion' });
    expect(titled.status).toBe(303);
    const after = unescape(await (await s.get(`/updates/${updateId}`)).text());
    expect(after).not.toContain('Customers reading Swedish will see the situation title');
    expect(after).toContain('Customers reading Swedish will see the acknowledgement in English');
  });

  it('the nb email built from the domain shows the nb acknowledgement, title and role; the approval covers each language’s acknowledgement', async () => {
    const built = await buildUpdate(t, {
      newCustomers: { n: 5, prefix: 'lv-dom' },
      until: 'approved',
      input: { content: { en: content.en, nb: content.nb } },
    });
    await t.deps.db.updateTable('situations').set({ titles: JSON.stringify({ nb: TITLE_NB }) }).where('id', '=', built.situationId).execute();
    await t.deps.db.updateTable('contact_points').set({ roles: JSON.stringify({ nb: ROLE_NB }) }).where('id', '=', built.contactPointId).execute();

    // Changing only the nb acknowledgement withdraws the approval, naming it.
    const officer = await t.userWithToken('officer');
    await editDraft(t.deps.db, { kind: 'user', userId: officer.id, label: officer.email }, built.updateId, {
      content: { en: content.en, nb: { ...content.nb, acknowledgement: 'Vi beklager.' } },
    });
    const row = await t.deps.db.selectFrom('updates').select(['status', 'content']).where('id', '=', built.updateId).executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
    const audit = await t.deps.db.selectFrom('audit_log').select('details').where('action', '=', 'update.approval_withdrawn').where('subject_id', '=', String(built.updateId)).executeTakeFirst();
    expect(JSON.stringify(audit?.details ?? {})).toContain('content.nb.acknowledgement');

    // Approved again and sent: the nb customer reads the new nb acknowledgement.
    const { approveUpdate } = await import('../../src/updates/approval.ts');
    const { sendUpdate } = await import('../../src/updates/workflow.ts');
    await approveUpdate(t.deps.db, CLI_ACTOR, built.updateId);
    await sendUpdate(t.deps.db, t.deps.jobs, CLI_ACTOR, built.updateId);
    expect((await releaseUpdate(t.deps.db, built.updateId)).released).toBe(true);
    await sendUpdateBatches(senderDeps(t.deps), built.updateId);
    const nb = await emailTo('lv-dom1@example.org');
    expect(nb.html).toContain('Vi beklager.');
    expect(nb.html).toContain(TITLE_NB);
    expect(nb.html).toContain(ROLE_NB);
    const en = await emailTo('lv-dom5@example.org');
    expect(en.html).toContain(ACK_EN);
    expect(en.html).toContain(TITLE_EN);
    expect(en.html).toContain(ROLE_EN);

    // A later edit of the title or role does not change what was sent: the release fixed them.
    const snapshot = (await t.deps.db.selectFrom('updates').select('release_snapshot').where('id', '=', built.updateId).executeTakeFirstOrThrow()).release_snapshot!;
    expect(snapshot.situationTitles).toEqual({ nb: TITLE_NB });
    expect(snapshot.contactPoint.roles).toEqual({ nb: ROLE_NB });

    // A new draft from this one asks for the acknowledgement afresh, in every language.
    const next = await draftFromPrevious(t.deps.db, CLI_ACTOR, built.situationId);
    expect((next.content as any).nb.acknowledgement).toBeUndefined();
    expect((next.content as any).nb.subject).toBe(content.nb.subject);
  });

  it('the general acknowledgement text is needed only while a language with words has none of its own', async () => {
    const officer = await t.userWithToken('officer');
    const built = await buildUpdate(t, { newCustomers: { n: 1, prefix: 'lv-gen' }, until: 'approved' });
    const both = {
      en: { ...content.en, acknowledgement: ACK_EN },
      nb: content.nb,
    };
    const patch = (body: unknown) => t.api(officer.token, 'PATCH', `/api/v1/updates/${built.updateId}`, body).then(json);
    const own = await patch({ acknowledgement: { kind: 'apology', text: '' }, content: both });
    expect(own.missing).toEqual([]);
    expect(own.warnings.filter((w: { element: string }) => w.element === 'acknowledgement')).toEqual([]);

    const lacking = await patch({ content: { en: content.en, nb: content.nb } });
    expect(lacking.missing).toEqual([{ element: 'acknowledgement', message: 'write the general acknowledgement text: the English version has no acknowledgement of its own' }]);
    const refused = await t.api(officer.token, 'POST', `/api/v1/updates/${built.updateId}/submit`);
    expect(refused.status).toBe(400);
  });

  it('the review shows each language’s acknowledgement and what changed in it since the last update sent', async () => {
    const first = await buildUpdate(t, { newCustomers: { n: 2, prefix: 'lv-rev' }, input: { content: { en: content.en, nb: content.nb } } });
    const second = await buildUpdate(t, {
      situationId: first.situationId,
      segmentIds: first.segmentIds,
      contactPointId: first.contactPointId,
      until: 'approved',
      input: { content: { en: content.en, nb: { ...content.nb, acknowledgement: 'Vi beklager forsinkelsen.' } } },
    });
    const approver = await t.userWithToken('officer');
    const s = await pageSession(t.app, approver.email, approver.password);
    const review = unescape(await (await s.get(`/updates/${second.updateId}/review`)).text());
    expect(review).toContain('Acknowledgement (nb)');
    expect(review).toMatch(/<del>[^<]*usikkerheten[^<]*<\/del>/);
    expect(review).toMatch(/<ins>[^<]*forsinkelsen[^<]*<\/ins>/);
    expect(review).toContain('Vi beklager forsinkelsen.');
  });
});
