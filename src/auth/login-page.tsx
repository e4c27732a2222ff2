import { CsrfField, Layout } from '../http/layout.tsx';
import { t } from '../../i18n/current.ts';

export const LoginPage = (p: { csrfToken: string; next: string; email?: string; error?: string | undefined }) => (
  <Layout title={t('auth.signInTitle')}>
    <div class="card login-card">
      <h1>{t('auth.signInHeading')}</h1>
      {p.error ? (
        <p class="error" role="alert" id="login-error">
          {p.error}
        </p>
      ) : null}
      <form method="post" action="/login" class="stack">
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="next" value={p.next} />
        <div>
          <label for="email">{t('auth.emailLabel')}</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={p.email ?? ''} aria-describedby={p.error ? 'login-error' : undefined} />
        </div>
        <div>
          <label for="password">{t('auth.passwordLabel')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <div class="actions">
          <button type="submit">{t('auth.signInButton')}</button>
        </div>
      </form>
    </div>
  </Layout>
);
