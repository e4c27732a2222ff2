import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

async function auditorSession() {
  const u = await t.userWithToken('auditor');
  return pageSession(t.app, u.email, u.password);
}

describe('the send history date filters', () => {
  it('asks for dates with date inputs', async () => {
    const s = await auditorSession();
    const html = await (await s.get('/history?from=2026-03-01&to=2026-04-01')).text();
    expect(html).toMatch(/<input id="h-from" name="from" type="date" value="2026-03-01"/);
    expect(html).toMatch(/<input id="h-to" name="to" type="date" value="2026-04-01"/);
    expect(html).toContain('from 2026-03-01');
  });

  it('shows a date it cannot read next to its field, with the rest of the form as typed, as a 400', async () => {
    const s = await auditorSession();
    const res = await s.get('/history?email=kari%40example.org&status=bounced&from=yesterday&to=2026-04-01');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<h1>Send history</h1>');
    // The message sits under the field it is about, and the field points to it.
    expect(html).toMatch(/<input id="h-from" name="from" type="date" value="yesterday" aria-invalid="true" aria-describedby="h-from-error h-days-hint"/);
    expect(html).toMatch(/<p class="field-error" id="h-from-error" role="alert">[^<]*&quot;yesterday&quot; is not a date/);
    // Everything else stays as it was typed.
    expect(html).toContain('value="kari@example.org"');
    expect(html).toMatch(/<option value="bounced" selected/);
    expect(html).toContain('value="2026-04-01"');
    expect(html).not.toContain('No delivery matches this filter');
  });

  it('puts "from must be before to" next to the from field', async () => {
    const s = await auditorSession();
    const res = await s.get('/history?from=2026-05-01&to=2026-04-01');
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="h-from-error" role="alert">[^<]*before/);
  });

  it('keeps the API refusal as JSON naming the parameter', async () => {
    const auditor = await t.userWithToken('auditor');
    const res = await t.api(auditor.token, 'GET', '/api/v1/deliveries?from=yesterday');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; details: { field: string } } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details).toMatchObject({ field: 'from' });
  });
});
