import { describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/audit/log.ts';
import { withLinksInNewTab } from '../../src/http/email-frame.ts';
import { createDraft } from '../../src/updates/compose.ts';
import { useTestApp } from '../helpers/app.ts';
import { baseScenario, completeUpdate } from '../helpers/scenario.ts';
import { pageSession } from '../helpers/session.ts';

const t = useTestApp();

describe('every HTML page', () => {
  it('starts with a doctype, so browsers render it in standards mode', async () => {
    const admin = await t.userWithToken('admin');
    const s = await pageSession(t.app, admin.email, admin.password);
    const staff = ['/', '/situations', '/contacts', '/audit', '/users', '/settings', '/outbox', '/account', '/no-such-page', '/api/docs'];
    for (const path of staff) {
      const res = await s.get(path);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await res.text(), path).toMatch(/^<!doctype html><html lang="en">/);
    }
    const anonymous = ['/login', '/unsubscribe/not-a-token', '/c/not-a-token'];
    for (const path of anonymous) {
      const res = await t.app.request(`http://localhost${path}`, { headers: { accept: 'text/html' } });
      expect(await res.text(), path).toMatch(/^<!doctype html><html lang="[a-z]{2}">/);
    }
  });
});

describe('the email preview frames', () => {
  it('let a previewed email open its links in a new tab, and keep the frame policy strict', async () => {
    const officer = await t.userWithToken('officer');
    const s = await pageSession(t.app, officer.email, officer.password);
    const { situation, cp, segment } = await baseScenario(t.deps.db);
    const draft = await createDraft(t.deps.db, CLI_ACTOR, situation.id, completeUpdate(segment.id, cp.id));

    const page = await (await s.get(`/updates/${draft.id}`)).text();
    expect(page).toMatch(/<iframe id="preview-frame"[^>]* sandbox="allow-popups allow-popups-to-escape-sandbox"/);

    const frame = await s.get(`/updates/${draft.id}/preview.html?locale=en`);
    const html = await frame.text();
    expect(html).toMatch(/<head[^>]*><base target="_blank">/);
    expect(html.match(/<base\b/g)).toHaveLength(1);
    const csp = frame.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toContain('script-src');
  });

  it('puts the new-tab target first in the head, whatever shape the email has', () => {
    expect(withLinksInNewTab('<!DOCTYPE html><html lang="nb"><head><title>x</title></head><body></body></html>')).toBe(
      '<!DOCTYPE html><html lang="nb"><head><base target="_blank"><title>x</title></head><body></body></html>',
    );
    expect(withLinksInNewTab('<!doctype html><html><body><a href="https://example.org">x</a></body></html>')).toBe(
      '<!doctype html><html><base target="_blank"><body><a href="https://example.org">x</a></body></html>',
    );
    expect(withLinksInNewTab('<p>bare</p>')).toBe('<base target="_blank"><p>bare</p>');
    // <header> is not <head>.
    expect(withLinksInNewTab('<html><header>x</header></html>')).toBe('<html><base target="_blank"><header>x</header></html>');
  });
});
