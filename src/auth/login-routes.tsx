import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.ts';
import { showRefusal } from '../http/errors.tsx';
import { clientAddress, isHttps, rotateCsrfToken } from '../http/middleware.ts';
import { signIn, signInTarget, signOut } from './login.ts';
import { LoginPage } from './login-page.tsx';
import { allow } from '../http/access.ts';
import { SESSION_COOKIE } from '../http/authenticate.ts';
import { SESSION_HOURS } from './sessions.ts';
import { toSecondStep } from './two-factor-routes.tsx';

export function authPages(app: Hono<AppEnv>): void {
  app.get('/login', allow('public'), (c) => c.html(<LoginPage csrfToken={c.get('csrfToken')} next={signInTarget(c.req.query('next'))} />));

  app.post('/login', allow('public'), async (c) => {
    const form = await c.req.parseBody();
    const email = String(form['email'] ?? '').trim();
    const password = String(form['password'] ?? '');
    let next = '/';
    const ip = clientAddress(c, c.get('deps').config.trustProxyHops);
    try {
      next = signInTarget(String(form['next'] ?? '/'));
      const outcome = await signIn(c.get('deps').db, c.get('deps').config.secret, { email, password, ip });
      if ('pending' in outcome) return toSecondStep(c, outcome.pending, next);
      setCookie(c, SESSION_COOKIE, outcome.session, { httpOnly: true, sameSite: 'Lax', secure: isHttps(c), path: '/', maxAge: SESSION_HOURS * 3600 });
      rotateCsrfToken(c);
      return c.redirect(next, 303);
    } catch (err) {
      return showRefusal(c, err, ['invalid_input', 'rate_limited', 'unauthenticated'], (refusal) => c.html(<LoginPage csrfToken={c.get('csrfToken')} next={next} email={email} error={refusal.message} />));
    }
  });

  app.post('/logout', allow('public'), async (c) => {
    await signOut(c.get('deps').db, getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
}
