import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.ts';
import { showRefusal } from '../http/errors.tsx';
import { clientAddress, isHttps, rotateCsrfToken } from '../http/middleware.ts';
import { signInTarget } from './login.ts';
import { allow } from '../http/access.ts';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import { PENDING_MINUTES } from './pending-sign-in.ts';
import { finishSignIn, secondStep } from './second-step.ts';
import { SESSION_HOURS, userActor } from './sessions.ts';
import { AccountTwoFactorPage, LoginCodePage } from './two-factor-page.tsx';
import { confirmEnrolment, pendingEnrolment, startEnrolment, turnOffTwoFactor, twoFactorState } from './two-factor.ts';
import { t } from '../../i18n/current.ts';

export const PENDING_COOKIE = 'tidings_pending';

/** Only a path on this site (a line break, refused at the password step, sends home here). */
function safeNext(next: unknown): string {
  try {
    return signInTarget(typeof next === 'string' ? next : undefined);
  } catch {
    return '/';
  }
}

/** Where the password step hands over: the pending sign-in cookie, then the code page. */
export function toSecondStep(c: Context<AppEnv>, pending: string, next: string): Response {
  setCookie(c, PENDING_COOKIE, pending, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/login', maxAge: PENDING_MINUTES * 60 });
  return c.redirect(`/login/code?next=${encodeURIComponent(safeNext(next))}`, 303);
}

/** The sign-in's second step, reached without a session. */
export function twoFactorLoginPages(app: Hono<AppEnv>): void {
  app.get('/login/code', allow('public'), async (c) => {
    const next = safeNext(c.req.query('next'));
    try {
      const step = await secondStep(c.get('deps').db, c.get('deps').config.secret, getCookie(c, PENDING_COOKIE));
      return c.html(<LoginCodePage csrfToken={c.get('csrfToken')} next={next} enrolment={step.enrolment} />);
    } catch {
      return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
    }
  });

  app.post('/login/code', allow('public'), async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form['next']);
    const { db, config } = c.get('deps');
    const pending = getCookie(c, PENDING_COOKIE);
    try {
      const done = await finishSignIn(db, config.secret, pending, String(form['code'] ?? ''), { ip: clientAddress(c, config.trustProxyHops) });
      deleteCookie(c, PENDING_COOKIE, { path: '/login' });
      setCookie(c, SESSION_COOKIE, done.session, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: SESSION_HOURS * 3600 });
      rotateCsrfToken(c);
      if (done.recoveryCodes) return c.html(<LoginCodePage csrfToken={c.get('csrfToken')} next={next} codes={done.recoveryCodes} />);
      return c.redirect(next, 303);
    } catch (err) {
      return showRefusal(c, err, ['unauthenticated', 'rate_limited', 'conflict'], async (e) => {
        const step = await secondStep(db, config.secret, pending).catch(() => ({}));
        return c.html(<LoginCodePage csrfToken={c.get('csrfToken')} next={next} error={e.message} enrolment={'enrolment' in step ? step.enrolment : undefined} />);
      });
    }
  });
}

/** The signed-in person's own second factor. */
export function accountTwoFactorPages(app: Hono<AppEnv>): void {
  const page = async (c: Context<AppEnv>, extra: { codes?: string[]; error?: string; flash?: string } = {}) => {
    const { db, config } = c.get('deps');
    const user = c.get('user');
    const [state, enrolment] = await Promise.all([twoFactorState(db, user), pendingEnrolment(db, config.secret, user)]);
    return c.html(<AccountTwoFactorPage user={user} csrfToken={c.get('csrfToken')} state={state} enrolment={enrolment} {...extra} />);
  };

  app.get('/account/two-factor', allow('read'), (c) => page(c, c.req.query('done') === 'off' ? { flash: t('auth.twoFactorTurnedOff') } : {}));

  app.post('/account/two-factor/start', allow('read'), async (c) => {
    await startEnrolment(c.get('deps').db, c.get('deps').config.secret, c.get('user'));
    return c.redirect('/account/two-factor', 303);
  });

  app.post('/account/two-factor/confirm', allow('read'), async (c) => {
    const form = await c.req.parseBody();
    const user = c.get('user');
    try {
      const codes = await confirmEnrolment(c.get('deps').db, c.get('deps').config.secret, userActor(user), user, String(form['code'] ?? ''));
      return page(c, { codes, flash: t('auth.twoFactorTurnedOn') });
    } catch (err) {
      return showRefusal(c, err, ['unauthenticated', 'rate_limited', 'conflict'], (e) => page(c, { error: e.message }));
    }
  });

  app.post('/account/two-factor/off', allow('read'), async (c) => {
    const form = await c.req.parseBody();
    const { db, config } = c.get('deps');
    const user = c.get('user');
    try {
      await turnOffTwoFactor(db, config.secret, c.get('actor'), user, String(form['code'] ?? ''));
      return c.redirect('/account/two-factor?done=off', 303);
    } catch (err) {
      return showRefusal(c, err, ['unauthenticated', 'rate_limited', 'conflict', 'forbidden'], (e) => page(c, { error: e.message }));
    }
  });
}
