import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Resend } from 'resend';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateWebhookSecret, startFakeResend, type FakeResend } from './resend.ts';

const from = 'Tidings <updates@example.org>';
const email = (to: string, extra: Record<string, unknown> = {}) => ({ from, to, subject: `Update for ${to}`, html: `<p>Hello ${to}</p>`, text: `Hello ${to}`, ...extra });
const many = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => email(`${prefix}${i}@example.com`));

let fake: FakeResend;
let resend: Resend;

beforeAll(async () => {
  fake = await startFakeResend();
  resend = new Resend('re_test', { baseUrl: fake.url });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

describe('fake Resend: sending', () => {
  it('accepts one email and records it', async () => {
    const res = await resend.emails.send({
      ...email('Åse Nilsen <ase@example.no>'),
      replyTo: 'Ingrid <r+abc@reply.example.org>',
      headers: { 'List-Unsubscribe': '<https://example.org/u/1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      tags: [{ name: 'update_id', value: '7f1c-22' }],
    });
    expect(res.error).toBeNull();
    expect(res.data?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(fake.accepted).toHaveLength(1);
    const rec = fake.accepted[0]!;
    expect(rec).toMatchObject({
      id: res.data!.id,
      to: ['Åse Nilsen <ase@example.no>'],
      from,
      subject: 'Update for Åse Nilsen <ase@example.no>',
      replyTo: ['Ingrid <r+abc@reply.example.org>'],
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      tags: [{ name: 'update_id', value: '7f1c-22' }],
      via: 'single',
    });
    expect(rec.html).toContain('Hello');
    expect(fake.get(rec.id)).toBe(rec);
    expect(fake.countFor('ASE@example.no')).toBe(1);
    expect(fake.acceptedCountByRecipient().get('ase@example.no')).toBe(1);
    expect(fake.calls).toEqual([expect.objectContaining({ method: 'POST', path: '/emails', status: 200, emails: 1, accepted: 1 })]);
  });

  it('accepts a batch and answers one id per email, in order', async () => {
    const res = await resend.batch.send(many(3));
    expect(res.error).toBeNull();
    const ids = res.data!.data.map((d) => d.id);
    expect(new Set(ids).size).toBe(3);
    expect(fake.accepted.map((a) => a.id)).toEqual(ids);
    expect(fake.accepted.map((a) => a.to[0])).toEqual(['r0@example.com', 'r1@example.com', 'r2@example.com']);
    expect(fake.calls[0]).toMatchObject({ path: '/emails/batch', status: 200, emails: 3, accepted: 3, batchValidation: 'strict' });
    expect(fake.stats()).toMatchObject({ calls: 1, accepted: 3, recipients: 3, extraCopies: 0 });
  });

  it('honours RESEND_BASE_URL', async () => {
    const before = process.env.RESEND_BASE_URL;
    process.env.RESEND_BASE_URL = fake.url;
    try {
      const viaEnv = new Resend('re_env');
      const res = await viaEnv.emails.send(email('env@example.com'));
      expect(res.error).toBeNull();
      expect(fake.countFor('env@example.com')).toBe(1);
    } finally {
      if (before === undefined) delete process.env.RESEND_BASE_URL;
      else process.env.RESEND_BASE_URL = before;
    }
  });

  it('requires a bearer token', async () => {
    const res = await fetch(`${fake.url}/emails`, { method: 'POST', body: JSON.stringify(email('a@example.com')), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, name: 'missing_api_key' });
    expect(fake.accepted).toHaveLength(0);
  });

  it('refuses another key when apiKey is set', async () => {
    const strictFake = await startFakeResend({ apiKey: 're_right' });
    try {
      const wrong = await new Resend('re_wrong', { baseUrl: strictFake.url }).emails.send(email('a@example.com'));
      expect(wrong.error).toMatchObject({ statusCode: 403, name: 'invalid_api_key' });
      const right = await new Resend('re_right', { baseUrl: strictFake.url }).emails.send(email('a@example.com'));
      expect(right.error).toBeNull();
    } finally {
      await strictFake.close();
    }
  });

  it('validates single emails like Resend: from, to, subject, html or text, tags', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...email('a@example.com'), from: undefined }, /from/],
      [{ ...email('not-an-address') }, /`to`/],
      [{ ...email('a@example.com'), to: Array.from({ length: 51 }, (_, i) => `x${i}@example.com`) }, /maximum is 50/],
      [{ ...email('a@example.com'), subject: '' }, /subject/],
      [{ ...email('a@example.com'), html: undefined, text: undefined }, /html.*text/],
      [{ ...email('a@example.com'), tags: [{ name: 'bad tag', value: 'x' }] }, /tags/],
    ];
    for (const [body, message] of cases) {
      // Cast: the SDK's types already refuse most of these; the API must too.
      const res = await resend.emails.send(body as never);
      expect(res.error, JSON.stringify(body)).toMatchObject({ statusCode: 422, name: 'validation_error' });
      expect(res.error!.message).toMatch(message);
    }
    expect(fake.accepted).toHaveLength(0);
  });

  it('strict batch validation: one invalid address fails the whole call', async () => {
    const emails = many(3);
    emails[1]!.to = 'broken@';
    const res = await resend.batch.send(emails);
    expect(res.data).toBeNull();
    expect(res.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(res.error!.message).toMatch(/emails\[1\].*`to`/);
    expect(fake.accepted).toHaveLength(0);
  });

  it('permissive batch validation: the valid emails are accepted, the invalid one is listed by index', async () => {
    const emails = many(3);
    emails[1]!.to = 'broken@';
    const res = await resend.batch.send(emails, { batchValidation: 'permissive' });
    expect(res.error).toBeNull();
    expect(res.data!.data).toHaveLength(2);
    expect(res.data!.errors).toEqual([{ index: 1, message: expect.stringMatching(/`to`/) }]);
    expect(fake.accepted.map((a) => a.to[0])).toEqual(['r0@example.com', 'r2@example.com']);
    expect(fake.accepted.map((a) => a.id)).toEqual(res.data!.data.map((d) => d.id));
    expect(fake.calls[0]).toMatchObject({ batchValidation: 'permissive', emails: 3, accepted: 2 });
  });

  it('refuses more than 100 emails in a batch, and attachments in a batch', async () => {
    const tooMany = await resend.batch.send(many(101), { batchValidation: 'permissive' });
    expect(tooMany.error).toMatchObject({ statusCode: 422, name: 'validation_error' });
    expect(tooMany.error!.message).toMatch(/maximum is 100/);
    const res = await fetch(`${fake.url}/emails/batch`, {
      method: 'POST',
      headers: { authorization: 'Bearer re_test', 'content-type': 'application/json' },
      body: JSON.stringify([{ ...email('a@example.com'), attachments: [{ filename: 'a.txt', content: 'eA==' }] }]),
    });
    expect(res.status).toBe(422);
    expect(fake.accepted).toHaveLength(0);
    expect((await resend.batch.send(many(100))).data!.data).toHaveLength(100);
  });
});

describe('fake Resend: idempotency keys', () => {
  it('a replay with the same key and body returns the same ids and records nothing twice', async () => {
    const emails = many(5);
    const first = await resend.batch.send(emails, { idempotencyKey: 'batch-1' });
    const again = await resend.batch.send(emails, { idempotencyKey: 'batch-1' });
    expect(again.error).toBeNull();
    expect(again.data).toEqual(first.data);
    expect(fake.accepted).toHaveLength(5);
    expect([...fake.acceptedCountByRecipient().values()]).toEqual([1, 1, 1, 1, 1]);
    expect(fake.calls.map((c) => c.replay ?? false)).toEqual([false, true]);
    expect(fake.stats()).toMatchObject({ calls: 2, replays: 1, accepted: 5 });

    const single = await resend.emails.send(email('one@example.com'), { idempotencyKey: 'single-1' });
    const singleAgain = await resend.emails.send(email('one@example.com'), { idempotencyKey: 'single-1' });
    expect(singleAgain.data).toEqual(single.data);
    expect(fake.countFor('one@example.com')).toBe(1);
  });

  it('a replay of a permissive batch returns the same ids and errors', async () => {
    const emails = many(3);
    emails[0]!.to = 'nope';
    const first = await resend.batch.send(emails, { idempotencyKey: 'p-1', batchValidation: 'permissive' });
    const again = await resend.batch.send(emails, { idempotencyKey: 'p-1', batchValidation: 'permissive' });
    expect(again.data).toEqual(first.data);
    expect(fake.accepted).toHaveLength(2);
  });

  it('the same key with a different body is refused with 409 invalid_idempotent_request', async () => {
    await resend.batch.send(many(2), { idempotencyKey: 'k' });
    const other = await resend.batch.send(many(2, 'other'), { idempotencyKey: 'k' });
    expect(other.error).toMatchObject({ statusCode: 409, name: 'invalid_idempotent_request' });
    expect(fake.accepted).toHaveLength(2);
  });

  it('the same key while the first request is in flight is refused with 409 concurrent_idempotent_requests', async () => {
    fake.setDelay(300);
    const emails = many(2);
    const [a, b] = await Promise.all([
      resend.batch.send(emails, { idempotencyKey: 'slow' }),
      new Promise((r) => setTimeout(r, 100)).then(() => resend.batch.send(emails, { idempotencyKey: 'slow' })),
    ]);
    expect(a.error).toBeNull();
    expect(b.error).toMatchObject({ statusCode: 409, name: 'concurrent_idempotent_requests' });
    expect(fake.accepted).toHaveLength(2);
  });

  it('a refused request leaves the key free', async () => {
    const emails = many(2);
    fake.failNext(1, { status: 500 });
    expect((await resend.batch.send(emails, { idempotencyKey: 'k2' })).error?.statusCode).toBe(500);
    emails[0]!.to = 'bad';
    expect((await resend.batch.send(emails, { idempotencyKey: 'k2' })).error?.statusCode).toBe(422);
    emails[0]!.to = 'good@example.com';
    const ok = await resend.batch.send(emails, { idempotencyKey: 'k2' });
    expect(ok.error).toBeNull();
    expect(fake.accepted).toHaveLength(2);
  });

  it('keys expire after 24 hours on the injected clock', async () => {
    let t = Date.UTC(2026, 2, 5, 9, 0, 0);
    const timed = await startFakeResend({ now: () => t });
    try {
      const client = new Resend('re_test', { baseUrl: timed.url });
      const emails = many(1);
      const first = await client.batch.send(emails, { idempotencyKey: 'day' });
      t += 24 * 3600_000 - 1;
      expect((await client.batch.send(emails, { idempotencyKey: 'day' })).data).toEqual(first.data);
      expect(timed.accepted).toHaveLength(1);
      t += 2;
      const later = await client.batch.send(emails, { idempotencyKey: 'day' });
      expect(later.data!.data[0]!.id).not.toBe(first.data!.data[0]!.id);
      expect(timed.accepted).toHaveLength(2);
      expect(timed.accepted[1]!.at).toBe(t);
    } finally {
      await timed.close();
    }
  });
});

describe('fake Resend: faults', () => {
  it('429 with retry-after, visible in the headers the SDK returns', async () => {
    fake.failNext(1, { status: 429, retryAfterSeconds: 2 });
    const res = await resend.batch.send(many(2));
    expect(res.data).toBeNull();
    expect(res.error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
    expect(res.headers?.['retry-after']).toBe('2');
    expect(fake.accepted).toHaveLength(0);
    expect((await resend.batch.send(many(2))).error).toBeNull();
    expect(fake.stats()).toMatchObject({ calls: 2, status429: 1, accepted: 2 });
  });

  it('500, and a non-JSON 502 from a proxy', async () => {
    fake.failNext(1, { status: 500 });
    fake.failNext(1, { status: 502, rawBody: '<html>Bad gateway</html>' });
    const a = await resend.emails.send(email('a@example.com'));
    expect(a.error).toMatchObject({ statusCode: 500, name: 'internal_server_error' });
    expect(a.headers).not.toBeNull();
    const b = await resend.emails.send(email('a@example.com'));
    expect(b.error).toMatchObject({ statusCode: 502, name: 'application_error' });
    expect(fake.accepted).toHaveLength(0);
    expect(fake.stats().status5xx).toBe(2);
  });

  it('drop before: the SDK sees a network error (statusCode null) and nothing was accepted', async () => {
    fake.failNext(1, { drop: 'before' });
    const res = await resend.batch.send(many(2), { idempotencyKey: 'drop-b' });
    expect(res).toEqual({ data: null, error: expect.objectContaining({ statusCode: null, name: 'application_error' }), headers: null });
    expect(fake.accepted).toHaveLength(0);
    expect(fake.calls[0]).toMatchObject({ status: null, dropped: 'before', emails: 2, accepted: 0 });
    const retry = await resend.batch.send(many(2), { idempotencyKey: 'drop-b' });
    expect(retry.error).toBeNull();
    expect(fake.accepted).toHaveLength(2);
  });

  it('drop after: accepted and recorded, the SDK sees an error, a retry with the same key returns the original ids', async () => {
    fake.failNext(1, { drop: 'after' });
    const emails = many(3);
    const res = await resend.batch.send(emails, { idempotencyKey: 'drop-a' });
    expect(res.error).toMatchObject({ statusCode: null });
    expect(fake.accepted).toHaveLength(3);
    const recorded = fake.accepted.map((a) => a.id);
    const retry = await resend.batch.send(emails, { idempotencyKey: 'drop-a' });
    expect(retry.error).toBeNull();
    expect(retry.data!.data.map((d) => d.id)).toEqual(recorded);
    expect(fake.accepted).toHaveLength(3);
    expect(fake.stats()).toMatchObject({ dropped: 1, replays: 1, accepted: 3, extraCopies: 0 });
  });

  it('failNext targets: receiving faults leave sends alone', async () => {
    const id = fake.addInbound({ from: 'a@example.com', to: 'b@example.org', subject: 'Hi', text: 'x' });
    fake.failNext(1, { status: 503, on: 'receiving' });
    expect((await resend.emails.send(email('a@example.com'))).error).toBeNull();
    expect((await resend.emails.receiving.get(id)).error?.statusCode).toBe(503);
    expect((await resend.emails.receiving.get(id)).error).toBeNull();
  });

  it('slow answers', async () => {
    fake.setDelay(150);
    const t0 = performance.now();
    expect((await resend.emails.send(email('a@example.com'))).error).toBeNull();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('seeded fault rates are deterministic and near their rates', async () => {
    const statuses = async (): Promise<(number | null)[]> => {
      fake.reset();
      fake.setFaultRates({ rate429: 1 / 3, rate500: 1 / 10, retryAfterSeconds: 1, seed: 42 });
      const out: (number | null)[] = [];
      for (let i = 0; i < 300; i++) {
        const res = await resend.emails.send(email(`s${i}@example.com`));
        out.push(res.error ? res.error.statusCode : 200);
      }
      return out;
    };
    const a = await statuses();
    const b = await statuses();
    expect(a).toEqual(b);
    const share = (s: number) => a.filter((x) => x === s).length / a.length;
    expect(share(429)).toBeGreaterThan(0.25);
    expect(share(429)).toBeLessThan(0.42);
    expect(share(500)).toBeGreaterThan(0.05);
    expect(share(500)).toBeLessThan(0.16);
    expect(fake.stats().accepted).toBe(a.filter((x) => x === 200).length);
  });

  it('enforces a sliding-window rate limit with Resend headers', async () => {
    fake.setRateLimit(5);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => resend.emails.send(email(`rl${i}@example.com`))));
    const ok = results.filter((r) => !r.error);
    const limited = results.filter((r) => r.error);
    expect(ok).toHaveLength(5);
    expect(limited).toHaveLength(3);
    for (const r of limited) {
      expect(r.error).toMatchObject({ statusCode: 429, name: 'rate_limit_exceeded' });
      expect(r.headers).toMatchObject({ 'retry-after': '1', 'ratelimit-limit': '5', 'ratelimit-remaining': '0' });
      expect(Number(r.headers!['ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    }
    expect(ok[0]!.headers?.['ratelimit-limit']).toBe('5');
    await new Promise((r) => setTimeout(r, 1050));
    expect((await resend.emails.send(email('later@example.com'))).error).toBeNull();
    expect(fake.stats()).toMatchObject({ status429: 3, accepted: 6 });
  });

  it('a client paced just under the limit is never refused (the window is exact, so pacing at exactly R may see a 429 from jitter)', async () => {
    fake.setRateLimit(20);
    const t0 = performance.now();
    let refused = 0;
    for (let i = 0; i < 30; i++) {
      const due = t0 + (i * 1000) / 18;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if ((await resend.emails.send(email(`p${i}@example.com`))).error) refused++;
    }
    expect(refused).toBe(0);
  });
});

describe('fake Resend: inbound', () => {
  it('serves a received email on GET /emails/receiving/:id in the SDK shape', async () => {
    const id = fake.addInbound({
      from: 'Åse Nilsen <ase@example.no>',
      to: 'r+tok123@reply.example.org',
      subject: 'Re: Update 3',
      text: 'Takk for beskjed.\n\n> quoted',
      html: '<p>Takk for beskjed.</p>',
      inReplyTo: '<orig@example.org>',
      references: '<orig@example.org>',
      headers: { 'Auto-Submitted': 'no' },
    });
    const res = await resend.emails.receiving.get(id);
    expect(res.error).toBeNull();
    expect(res.data).toMatchObject({
      object: 'email',
      id,
      to: ['r+tok123@reply.example.org'],
      from: 'Åse Nilsen <ase@example.no>',
      subject: 'Re: Update 3',
      text: 'Takk for beskjed.\n\n> quoted',
      html: '<p>Takk for beskjed.</p>',
      message_id: `<${id}@inbound.fake-resend.test>`,
      received_for: ['r+tok123@reply.example.org'],
      attachments: [],
      headers: { 'in-reply-to': '<orig@example.org>', references: '<orig@example.org>', 'auto-submitted': 'no' },
    });
    expect(new Date(res.data!.created_at).getTime()).not.toBeNaN();
    const missing = await resend.emails.receiving.get('00000000-0000-4000-8000-000000000000');
    expect(missing.error).toMatchObject({ statusCode: 404, name: 'not_found' });

    const event = fake.receivedEvent(id);
    expect(event).toMatchObject({ type: 'email.received', data: { email_id: id, to: ['r+tok123@reply.example.org'], subject: 'Re: Update 3' } });
  });
});

describe('fake Resend: webhooks', () => {
  const secret = generateWebhookSecret();

  it('signs exactly as Resend does: the SDK verifies it, and refuses an altered body', async () => {
    await resend.emails.send({ ...email('w@example.com'), tags: [{ name: 'update', value: 'u1' }] });
    const payload = fake.emailEvent('email.bounced', fake.accepted[0]!.id);
    expect(payload).toMatchObject({ type: 'email.bounced', data: { email_id: fake.accepted[0]!.id, to: ['w@example.com'], tags: { update: 'u1' }, bounce: { type: 'Permanent' } } });
    const signed = fake.signWebhook(secret, payload);
    const verify = (body: string, headers = signed.headers, key = secret) =>
      resend.webhooks.verify({ payload: body, headers: { id: headers['svix-id'], timestamp: headers['svix-timestamp'], signature: headers['svix-signature'] }, webhookSecret: key });
    expect(verify(signed.body)).toEqual(payload);
    expect(() => verify(signed.body.replace('Permanent', 'Transient'))).toThrow();
    expect(() => verify(signed.body, signed.headers, generateWebhookSecret())).toThrow();
    expect(() => verify(signed.body, { ...signed.headers, 'svix-id': 'msg_other' })).toThrow();
    const old = fake.signWebhook(secret, payload, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(() => verify(old.body, old.headers)).toThrow(/too old/);
    expect(fake.signWebhook(secret, payload, { id: 'msg_1', timestamp: 1700000000 })).toEqual(fake.signWebhook(secret, payload, { id: 'msg_1', timestamp: 1700000000 }));
  });

  it('emits a signed webhook over HTTP', async () => {
    const received: { body: string; headers: http.IncomingHttpHeaders }[] = [];
    const sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
    try {
      const port = (sink.address() as AddressInfo).port;
      const payload = { type: 'email.delivered', created_at: new Date().toISOString(), data: { email_id: 'e1', to: ['a@example.com'] } };
      const out = await fake.emitWebhook(`http://127.0.0.1:${port}/webhooks/resend`, secret, payload);
      expect(out.status).toBe(204);
      const got = received[0]!;
      expect(got.headers['content-type']).toBe('application/json');
      const verified = resend.webhooks.verify({
        payload: got.body,
        headers: { id: String(got.headers['svix-id']), timestamp: String(got.headers['svix-timestamp']), signature: String(got.headers['svix-signature']) },
        webhookSecret: secret,
      });
      expect(verified).toEqual(payload);
    } finally {
      await new Promise((r) => sink.close(r));
    }
  });
});

describe('fake Resend: memory modes and speed', () => {
  it('keepBodies: false keeps id, to, subject, headers and tags; keepRecords: false keeps only counts', async () => {
    const lean = await startFakeResend({ keepBodies: false });
    const counts = await startFakeResend({ keepRecords: false });
    try {
      for (const f of [lean, counts]) {
        const client = new Resend('re_test', { baseUrl: f.url });
        const emails = many(3).map((e) => ({ ...e, headers: { 'X-Batch': 'b1' }, tags: [{ name: 'u', value: '1' }] }));
        const res = await client.batch.send(emails, { idempotencyKey: 'x' });
        expect(res.data!.data).toHaveLength(3);
        expect((await client.batch.send(emails, { idempotencyKey: 'x' })).data).toEqual(res.data);
        expect(f.countFor('r1@example.com')).toBe(1);
        expect(f.stats()).toMatchObject({ accepted: 3, recipients: 3, extraCopies: 0 });
      }
      expect(lean.accepted[0]).toEqual({ id: expect.any(String), to: ['r0@example.com'], subject: 'Update for r0@example.com', headers: { 'X-Batch': 'b1' }, tags: [{ name: 'u', value: '1' }], idempotencyKey: 'x', at: expect.any(Number), via: 'batch' });
      expect(counts.accepted).toHaveLength(0);
    } finally {
      await lean.close();
      await counts.close();
    }
  });

  it("recipientIndex 'compact' counts exactly without keeping the addresses", async () => {
    const f = await startFakeResend({ keepRecords: false, recipientIndex: 'compact' });
    try {
      const client = new Resend('re_test', { baseUrl: f.url });
      for (let c = 0; c < 20; c++) {
        const res = await client.batch.send(Array.from({ length: 100 }, (_, i) => email(`c${c * 100 + i}@example.com`)));
        expect(res.error).toBeNull();
      }
      await client.batch.send([email('C7@Example.com'), email('Seven <c7@example.com>')]);
      expect(f.stats()).toMatchObject({ accepted: 2002, recipients: 2000, duplicateRecipients: 1, extraCopies: 2 });
      expect(f.countFor('c7@example.com')).toBe(3);
      expect(f.countFor('c1999@example.com')).toBe(1);
      expect(f.countFor('c2000@example.com')).toBe(0);
      expect(() => f.acceptedCountByRecipient()).toThrow(/compact/);
    } finally {
      await f.close();
    }
  });

  it('counts duplicates in O(1)', async () => {
    await resend.batch.send(many(2));
    await resend.batch.send(many(3));
    expect(fake.stats()).toMatchObject({ accepted: 5, recipients: 3, duplicateRecipients: 2, extraCopies: 2 });
    expect(fake.countFor('r0@example.com')).toBe(2);
    expect(fake.countFor('r2@example.com')).toBe(1);
  });

  it('takes 200 batch calls of 100 through the SDK quickly', async () => {
    const f = await startFakeResend({ keepRecords: false });
    try {
      const client = new Resend('re_test', { baseUrl: f.url });
      const html = `<html><body>${'<p>A crisis update paragraph with some words.</p>'.repeat(40)}</body></html>`;
      const t0 = performance.now();
      const workers = Array.from({ length: 4 }, async (_, w) => {
        for (let c = w; c < 200; c += 4) {
          const batch = Array.from({ length: 100 }, (_, i) => ({ from, to: `u${c * 100 + i}@example.com`, subject: 'Update 1', html, text: 'x', tags: [{ name: 'update', value: 'u1' }] }));
          const res = await client.batch.send(batch, { idempotencyKey: `b-${c}`, batchValidation: 'permissive' });
          if (res.error) throw new Error(res.error.message);
        }
      });
      await Promise.all(workers);
      const ms = performance.now() - t0;
      expect(f.stats()).toMatchObject({ calls: 200, accepted: 20_000, recipients: 20_000, extraCopies: 0 });
      expect(ms).toBeLessThan(15_000);
    } finally {
      await f.close();
    }
  });
});
