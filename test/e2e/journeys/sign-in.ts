import type { Journey } from '../journey.ts';

/** Signs in through the sign-in page, which speaks the browser's language, and lands on the dashboard. */
export async function signInAs(j: Journey, email: string, password: string): Promise<void> {
  const { page, T } = j;
  await page.goto('/login');
  await j.step('sign-in');
  await page.getByLabel(T('auth.emailLabel'), { exact: true }).fill(email);
  await page.getByLabel(T('auth.passwordLabel'), { exact: true }).fill(password);
  await page.getByRole('button', { name: T('auth.signInButton') }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}
