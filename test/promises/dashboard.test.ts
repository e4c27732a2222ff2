import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { evaluatePromises } from '../../src/promises/evaluate.ts';
import { shortSpan, urgencyOf } from '../../src/promises/dashboard.ts';
import { createSegment } from '../../src/segments/queries.ts';
import { OutboxTransport } from '../../src/sending/transport.ts';
import { useTestApp } from '../helpers/app.ts';
import { seedContacts } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';
import { buildUpdate } from '../helpers/updates.ts';

const t = useTestApp();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let officer: Awaited<ReturnType<typeof t.userWithToken>>;
const ids: Record<'overdue' | 'soon' | 'near' | 'far', number> = { overdue: 0, soon: 0, near: 0, far: 0 };
let keptId = 0;
const titles = { overdue: 'Payroll delay', soon: 'Warehouse move', near: 'Price change', far: 'Office closure' };

/** A situation called `title` whose one update, sent to everyone a week before, promised the next one `dueIn` ms from now. */
const promiseDueIn = (title: string, dueIn: number) => buildUpdate(t, { title, subject: title, promised: { due: new Date(Date.now() + dueIn) } });

beforeAll(async () => {
  await seedContacts(t.deps.db, 3, 'dash');
  officer = await t.userWithToken('officer');
  const far = await promiseDueIn(titles.far, 100 * HOUR + 30 * MIN);
  const soon = await promiseDueIn(titles.soon, 20 * HOUR + 30 * MIN);
  const overdue = await promiseDueIn(titles.overdue, -(5 * HOUR + 10 * MIN));
  const near = await promiseDueIn(titles.near, 50 * HOUR + 30 * MIN);
  // One of the three customers of "Warehouse move" has heard again already: a partial overlap.
  const { segment: one } = await createSegment(t.deps.db, CLI_ACTOR, { name: 'Just one', rule: { all: [{ attribute: 'n', op: 'eq', value: 1 }] } });
  await buildUpdate(t, { situationId: soon.situationId, segmentIds: [one.id], contactPointId: soon.contactPointId, subject: 'To one of them' });
  // A promise kept by a later update to everyone: settled, listed below the open ones.
  const kept = await promiseDueIn('Kept in time', 30 * HOUR);
  await buildUpdate(t, { situationId: kept.situationId, segmentIds: kept.segmentIds, contactPointId: kept.contactPointId, subject: 'Kept in time, second' });
  await evaluatePromises({ db: t.deps.db, transport: new OutboxTransport(t.deps.db), config: t.deps.config }, new Date());
  keptId = (await t.deps.db.selectFrom('promises').select(['id', 'state']).where('update_id', '=', kept.updateId).executeTakeFirstOrThrow()).id;
  for (const [k, s] of Object.entries({ far, soon, overdue, near }) as [keyof typeof ids, { updateId: number }][]) {
    ids[k] = (await t.deps.db.selectFrom('promises').select('id').where('update_id', '=', s.updateId).executeTakeFirstOrThrow()).id;
  }
});

/** The dashboard row of one promise, as HTML. */
function row(page: string, id: number): string {
  const m = new RegExp(`<tr[^>]*data-promise-id="${id}"[^>]*>([\\s\\S]*?)</tr>`).exec(page);
  expect(m, `row of promise ${id}`).not.toBeNull();
  return m![0];
}

describe('promises on the dashboard', () => {
  it('lists overdue promises first, in red and in words, then open ones by due date with time left, counts and reminders', async () => {
    const s = await pageSession(t.app, officer.email, officer.password);
    const res = await s.get('/');
    expect(res.status).toBe(200);
    const page = await res.text();

    // The section leads the dashboard, and says how many are overdue (the later updates made promises of their own).
    expect(page.indexOf('id="promises-h"')).toBeLessThan(page.indexOf('id="waiting-h"'));
    expect(page).toMatch(/6 promises to keep, <strong class="overdue-count">1 overdue<\/strong>/);

    // Overdue at the top, then by due date.
    const at = (k: keyof typeof ids) => page.indexOf(`data-promise-id="${ids[k]}"`);
    expect(at('overdue')).toBeGreaterThan(0);
    expect(at('overdue')).toBeLessThan(at('soon'));
    expect(at('soon')).toBeLessThan(at('near'));
    expect(at('near')).toBeLessThan(at('far'));

    const overdue = row(page, ids.overdue);
    expect(overdue).toMatch(/<tr class="promise-row overdue"/);
    expect(overdue).toContain('<span class="due overdue">Overdue by 5 h</span>');
    expect(overdue).toContain(titles.overdue);
    expect(overdue).toContain('0 of 3 reached');
    expect(overdue).toMatch(/Overdue reminder sent \d+ \w+ \d{4}, \d\d:\d\d UTC to 1 officer</);

    const soon = row(page, ids.soon);
    expect(soon).toContain('<span class="due due-soon">Due soon: 20 h left</span>');
    expect(soon).toMatch(/1 of 3 reached <span class="badge warn">partial<\/span> <span class="muted">2 still waiting<\/span>/);
    expect(soon).toMatch(/>Reminder sent [^<]* UTC to 1 officer</);

    const near = row(page, ids.near);
    expect(near).toContain('<span class="due due-near">2 d 2 h left</span>');
    expect(near).toMatch(/Reminder due [^<]* UTC/);

    // Settled this week: the kept one, in words, not in the table of open promises.
    const settled = page.slice(page.indexOf('id="settled-h"'));
    expect(settled).toMatch(/<span class="badge ok">Kept<\/span> <a href="\/situations\/\d+">Kept in time<\/a>, update 1 \(due [^)]+\): 3 of 3 reached/);
    expect(page).not.toContain(`data-promise-id="${keptId}"`);

    const far = row(page, ids.far);
    expect(far).toContain('<span class="due due-far">4 d 4 h left</span>');
    expect(far).toContain(`href="/situations/`);
    expect(far).toContain(`>Update 1</a>`);
  });

  it('an auditor sees the same list (read only)', async () => {
    const auditor = await t.userWithToken('auditor');
    const s = await pageSession(t.app, auditor.email, auditor.password);
    expect(await (await s.get('/')).text()).toContain('<span class="due overdue">Overdue by 5 h</span>');
  });
});

describe('urgency', () => {
  it('is overdue, soon within the reminder lead, near within 72 h, far beyond', () => {
    const u = (hours: number, lead = 24, overdue = false) => urgencyOf({ overdue, secondsLeft: hours * 3600 }, lead);
    expect(u(-1)).toBe('overdue');
    expect(u(5, 24, true)).toBe('overdue');
    expect(u(24)).toBe('due-soon');
    expect(u(25)).toBe('due-near');
    expect(u(72)).toBe('due-near');
    expect(u(73)).toBe('due-far');
    expect(u(90, 96)).toBe('due-soon');
    expect(shortSpan(-(5 * HOUR + 10 * MIN))).toBe('5 h');
    expect(shortSpan(30 * MIN)).toBe('30 min');
    expect(shortSpan(3 * DAY)).toBe('3 d');
  });
});

describe('the promise record, for auditors', () => {
  it('lists every promise with its outcome, filters by state and exports the view as CSV on the record', async () => {
    const auditor = await t.userWithToken('auditor');
    const session = await pageSession(t.app, auditor.email, auditor.password);
    const all = await (await session.get('/promises')).text();
    for (const title of [...Object.values(titles), 'Kept in time']) expect(all).toContain(title);
    expect(all).toMatch(/7 promises: 1 kept, 1 broken, 5 open\./);
    const overdue = await (await session.get('/promises?state=overdue')).text();
    expect(overdue).toContain('Overdue: the date passed and no update has been sent since');
    expect(overdue).toContain(titles.overdue);
    expect(overdue).not.toContain(titles.far);
    const csv = await session.get('/promises.csv?state=kept');
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text.split('\n')[0]).toMatch(/^# tidings promises: kept; exported /);
    const rows = parse(text, { comment: '#', columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['situation'], r['state'], r['promise_id']])).toEqual([['Kept in time', 'kept', String(keptId)]]);
    const entry = await t.deps.db.selectFrom('audit_log').select(['action', 'details']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'promises.export', details: { state: 'kept' } });
    const bad = await session.get('/promises?state=late');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('state must be one of open, overdue, kept, broken');
  });
});
