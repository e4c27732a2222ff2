import { describe, expect, it } from 'vitest';
import { CLI_ACTOR, type Actor } from '../../src/audit/log.ts';
import { approveUpdate } from '../../src/updates/approval.ts';
import { createDraft, editDraft } from '../../src/updates/compose.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate, seedContacts } from '../helpers/scenario.ts';
import { buildUpdate } from '../helpers/updates.ts';
import { pageSession, type PageSession } from '../helpers/session.ts';

const t = useTestApp();

type Person = Awaited<ReturnType<typeof t.userWithToken>>;
const actorOf = (u: Person): Actor => ({ kind: 'user', userId: u.id, label: `user:${u.id} ${u.email}` });

function unescape(html: string): string {
  return html.replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function alertText(html: string): string {
  return unescape(/<p class="error" role="alert"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1]?.trim() ?? '');
}

interface Case {
  name: string;
  /** Who acts: the update's author, an officer who did not touch it, an auditor or a responder. */
  as: 'author' | 'colleague' | 'auditor' | 'responder';
  /** The update's state before the request. */
  state: 'incomplete' | 'draft' | 'approved' | 'sent';
  api: (id: number) => [method: string, path: string, body?: unknown];
  page: (id: number) => [path: string, form: Record<string, string>];
  status: number;
  code: string;
  message: RegExp;
}

const content = completeUpdate(0, 0).content;

// The same rule, reached through the API and through the page forms, gives the same outcome.
const CASES: Case[] = [
  {
    name: 'a schedule time in the past',
    as: 'colleague',
    state: 'approved',
    api: (id) => ['POST', `/api/v1/updates/${id}/send`, { at: '2001-01-01T08:00:00Z' }],
    page: (id) => [`/updates/${id}/send`, { sendAtLocal: '2001-01-01T09:00', timeZone: 'Europe/Oslo' }],
    status: 400,
    code: 'invalid_input',
    message: /that time has passed/,
  },
  {
    name: 'the author approving (four eyes)',
    as: 'author',
    state: 'draft',
    api: (id) => ['POST', `/api/v1/updates/${id}/approve`],
    page: (id) => [`/updates/${id}/approve`, {}],
    status: 403,
    code: 'four_eyes',
    message: /you wrote this update, so a colleague must approve it \(four eyes\)/,
  },
  {
    name: 'approving while the checklist is incomplete',
    as: 'colleague',
    state: 'incomplete',
    api: (id) => ['POST', `/api/v1/updates/${id}/approve`],
    page: (id) => [`/updates/${id}/approve`, {}],
    status: 400,
    code: 'validation_failed',
    message: /cannot be approved yet: .*contact person/,
  },
  {
    name: 'sending an update nobody approved',
    as: 'colleague',
    state: 'draft',
    api: (id) => ['POST', `/api/v1/updates/${id}/send`, {}],
    page: (id) => [`/updates/${id}/send`, {}],
    status: 400,
    code: 'validation_failed',
    message: /only an approved update can be sent/,
  },
  {
    name: 'a test send in a language the update is not written in',
    as: 'author',
    state: 'draft',
    api: (id) => ['POST', `/api/v1/updates/${id}/test-send`, { locale: 'hu' }],
    page: (id) => [`/updates/${id}/test-send`, { locale: 'hu' }],
    status: 400,
    code: 'validation_failed',
    message: /no complete Hungarian version yet/,
  },
  {
    name: 'changing an update that was sent',
    as: 'author',
    state: 'sent',
    api: (id) => ['PATCH', `/api/v1/updates/${id}`, { content: { ...content, en: { subject: 'Too late', body: 'Changed after sending.' } } }],
    page: (id) => [`/updates/${id}`, { subject_en: 'Too late', body_en: 'Changed after sending.', defaultLocale: 'en', timeZone: 'Europe/Oslo' }],
    status: 409,
    code: 'conflict',
    message: /cannot be changed/,
  },
  {
    name: 'cancelling an update that was sent',
    as: 'colleague',
    state: 'sent',
    api: (id) => ['POST', `/api/v1/updates/${id}/cancel`],
    page: (id) => [`/updates/${id}/cancel`, {}],
    status: 409,
    code: 'conflict',
    message: /can no longer be cancelled/,
  },
  {
    name: 'an auditor approving',
    as: 'auditor',
    state: 'draft',
    api: (id) => ['POST', `/api/v1/updates/${id}/approve`],
    page: (id) => [`/updates/${id}/approve`, {}],
    status: 403,
    code: 'forbidden',
    message: /the auditor role may not do this \(needs updates:approve\)/,
  },
  {
    name: 'a responder sending',
    as: 'responder',
    state: 'approved',
    api: (id) => ['POST', `/api/v1/updates/${id}/send`, {}],
    page: (id) => [`/updates/${id}/send`, {}],
    status: 403,
    code: 'forbidden',
    message: /the responder role may not do this \(needs updates:send\)/,
  },
];

describe('one rule, one place: the API and the pages give the same outcome', () => {
  let people: Record<Case['as'], Person>;
  let sessions: Record<Case['as'], PageSession>;
  let scenario: Awaited<ReturnType<typeof baseScenario>>;

  async function updateIn(state: Case['state']): Promise<number> {
    const { situation, cp, segment } = scenario;
    const input = state === 'incomplete' ? { content: { en: content.en } } : completeUpdate(segment.id, cp.id);
    if (state === 'draft' || state === 'incomplete') return (await createDraft(t.deps.db, actorOf(people.author), situation.id, input)).id;
    const built = await buildUpdate(t, {
      situationId: situation.id,
      segmentIds: [segment.id],
      contactPointId: cp.id,
      author: actorOf(people.author),
      approver: actorOf(people.colleague),
      until: state === 'approved' ? 'approved' : 'released',
    });
    return built.updateId;
  }

  it.each(CASES)('$name: $status $code through both', async (k) => {
    if (!people) {
      await seedContacts(t.deps.db, 5, 'one-rule');
      scenario = await baseScenario(t.deps.db);
      people = {
        author: await t.userWithToken('officer'),
        colleague: await t.userWithToken('officer'),
        auditor: await t.userWithToken('auditor'),
        responder: await t.userWithToken('responder'),
      };
      sessions = {} as typeof sessions;
      for (const role of Object.keys(people) as Case['as'][]) sessions[role] = await pageSession(t.app, people[role].email, people[role].password);
    }

    const viaApi = await updateIn(k.state);
    const before = await t.deps.db.selectFrom('updates').select(['status', 'version', 'content']).where('id', '=', viaApi).executeTakeFirstOrThrow();
    const [method, path, body] = k.api(viaApi);
    const res = await t.api(people[k.as].token, method, path, body);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status, 'API status').toBe(k.status);
    expect(json.error.code).toBe(k.code);
    expect(json.error.message).toMatch(k.message);
    expect(await t.deps.db.selectFrom('updates').select(['status', 'version', 'content']).where('id', '=', viaApi).executeTakeFirstOrThrow(), 'nothing changed through the API').toEqual(before);

    const viaPage = await updateIn(k.state);
    const [pagePath, form] = k.page(viaPage);
    const page = await sessions[k.as].post(pagePath, form);
    expect(page.status, 'page status').toBe(k.status);
    expect(alertText(await page.text())).toMatch(k.message);
    const after = await t.deps.db.selectFrom('updates').select(['status']).where('id', '=', viaPage).executeTakeFirstOrThrow();
    expect(after.status, 'nothing changed through the page').toBe(k.state === 'incomplete' ? 'draft' : k.state === 'sent' ? 'sending' : k.state);
  });

  it('the domain refuses the same way when called directly (CLI, jobs)', async () => {
    const id = await updateIn('draft');
    await expect(approveUpdate(t.deps.db, actorOf(people.author), id)).rejects.toMatchObject({ code: 'four_eyes' });
    await expect(editDraft(t.deps.db, CLI_ACTOR, await updateIn('sent'), { final: true })).rejects.toMatchObject({ code: 'conflict' });
  });
});
