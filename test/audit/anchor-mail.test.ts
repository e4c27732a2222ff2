import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchorMailKey, sendDailyAnchors, type AnchorMailDeps } from '../../src/audit/anchor-mail.ts';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { verifyAuditChain } from '../../src/audit/verify.ts';
import { disableUser } from '../../src/auth/users.ts';
import { createUser } from '../../src/auth/users.ts';
import type { ResendTransport } from '../../src/sending/transport.ts';
import { useTestApp } from '../helpers/app.ts';
import { englishLeft, englishLeftInText } from '../helpers/i18n.ts';
import { useFakeResend } from '../helpers/fake-resend.ts';

const t = useTestApp({ publicUrl: 'https://tidings.example.org' });
const fake = useFakeResend();
let transport: ResendTransport;
const ids: Record<string, number> = {};

beforeAll(async () => {
  transport = fake.transport(5_000);
  const make = async (key: string, role: string, locale = 'en') => {
    const u = await createUser(t.deps.db, CLI_ACTOR, { email: `${key}@example.org`, name: `Anchor ${key}`, role, password: 'correct horse battery staple', locale });
    ids[key] = u.id;
  };
  await make('maja', 'auditor');
  await make('lars', 'auditor', 'nb');
  await make('gone', 'auditor');
  await make('olga', 'officer');
  await disableUser(t.deps.db, CLI_ACTOR, ids['gone']!);
});

const deps = (): AnchorMailDeps => ({ db: t.deps.db, transport, config: t.deps.config, log: pino({ level: 'silent' }) });
const mailsOf = (day: string) => fake.accepted.filter((e) => e.idempotencyKey?.startsWith(`tidings-audit-anchor-${day}-`));

describe('the daily anchor email', () => {
  it('goes to each active auditor once a day, with the head as it was, however often and concurrently the job runs', async () => {
    const now = new Date('2031-05-06T00:07:00Z');
    const head = (await verifyAuditChain(t.deps.db)).head!;
    const runs = await Promise.all([1, 2, 3].map(() => sendDailyAnchors(deps(), now)));
    await sendDailyAnchors(deps(), new Date('2031-05-06T13:07:00Z'));

    const mails = mailsOf('2031-05-06');
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['lars@example.org', 'maja@example.org']);
    expect(runs.reduce((n, r) => n + r.raised, 0)).toBe(2);
    expect(mails.map((m) => m.idempotencyKey).sort()).toEqual([anchorMailKey('2031-05-06', ids['maja']!), anchorMailKey('2031-05-06', ids['lars']!)].sort());
    const maja = mails.find((m) => m.to[0] === 'maja@example.org')!;
    expect(maja.subject).toBe(`Audit anchor for 2031-05-06: entry ${head.seq}`);
    expect(maja.text).toContain(`${head.seq}:${head.hash}`);
    expect(maja.text).toContain('every link holds');
    expect(maja.text).toContain('https://tidings.example.org/audit');
    const lars = mails.find((m) => m.to[0] === 'lars@example.org')!;
    expect(lars.subject).toBe(`Revisjonsanker for 2031-05-06: oppføring ${head.seq}`);
    // A Norwegian auditor reads the whole email in Norwegian, the anchor itself unchanged.
    expect(lars.html).toMatch(/<html[^>]*\blang="nb"/);
    expect(maja.html).toMatch(/<html[^>]*\blang="en"/);
    for (const body of [lars.html!, lars.text!]) {
      expect(body).toContain('Dagens anker for revisjonsloggen');
      expect(body).toContain('Hei Anchor lars,');
      expect(body).toContain('Åpne revisjonsloggen');
      expect(body).toContain('Du får denne én gang om dagen fordi du er revisor i tidings.');
    }
    expect(englishLeft(lars.html!, 'auditAnchor')).toEqual([]);
    expect(englishLeftInText(lars.text!, 'auditAnchor')).toEqual([]);
    expect(lars.text).toContain(`${head.seq}:${head.hash}`);

    // On the record once per auditor, and the emailed anchor checks out.
    const entries = await t.deps.db.selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', 'audit.anchor_sent').execute();
    expect(entries.map((e) => Number(e.subject_id)).sort()).toEqual([ids['maja'], ids['lars']].sort());
    expect(entries[0]!.details).toMatchObject({ day: '2031-05-06', seq: head.seq, hash: head.hash, intact: true });
    expect(await verifyAuditChain(t.deps.db, { anchor: head })).toMatchObject({ intact: true, anchor: { holds: true } });

    // The next day brings the next anchor.
    await sendDailyAnchors(deps(), new Date('2031-05-07T00:07:00Z'));
    expect(mailsOf('2031-05-07')).toHaveLength(2);
    expect(mailsOf('2031-05-07')[0]!.text).not.toContain(`${head.seq}:${head.hash}`);
  });

  it('retries an email the provider refused at the next run, with the same anchor and key', async () => {
    const day = '2031-06-01';
    fake.failNext(1, { status: 500 });
    const first = await sendDailyAnchors(deps(), new Date(`${day}T00:07:00Z`));
    expect(first).toMatchObject({ raised: 2, failed: 1, sent: 1 });
    const second = await sendDailyAnchors(deps(), new Date(`${day}T01:07:00Z`));
    expect(second).toMatchObject({ raised: 0, failed: 0, sent: 1 });
    const mails = mailsOf(day);
    expect(mails).toHaveLength(2);
    expect(mails[0]!.text!.match(/\d+:[0-9a-f]{64}/)![0]).toBe(mails[1]!.text!.match(/\d+:[0-9a-f]{64}/)![0]);
  });
});
