import { CsrfField, Layout } from '../http/layout.tsx';

export const LoginPage = (p: { csrfToken: string; next: string; email?: string; error?: string | undefined }) => (
  <Layout title="Sign in">
    <div class="card login-card">
      <h1>Sign in to tidings</h1>
      {p.error ? (
        <p class="error" role="alert" id="login-error">
          {p.error}
        </p>
      ) : null}
      <form method="post" action="/login" class="stack">
        <CsrfField token={p.csrfToken} />
        <input type="hidden" name="next" value={p.next} />
        <div>
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={p.email ?? ''} aria-describedby={p.error ? 'login-error' : undefined} />
        </div>
        <div>
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <div class="actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
    </div>
  </Layout>
);
