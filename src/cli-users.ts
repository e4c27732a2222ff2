import { Option, type Command } from 'commander';
import { CLI_ACTOR } from './audit/log.ts';
import { createToken } from './auth/tokens.ts';
import { resetTwoFactor } from './auth/two-factor.ts';
import { usersTable } from './auth/users-cli-view.ts';
import { generatePassword, setPassword } from './auth/users-password.ts';
import { changeUser, createUser, listUsers } from './auth/users.ts';
import { ROLES } from './permissions.ts';
import type { Runtime } from './runtime.ts';

/** `tidings user …` and `tidings token …`: staff and their API tokens. */
export function registerUserCommands(program: Command, withRuntime: <T>(fn: (rt: Runtime) => Promise<T>) => Promise<T>): void {
  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('create a user who signs in on the web pages')
    .requiredOption('--email <email>', 'sign-in address')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--role <role>', 'what the user may do').choices(ROLES).makeOptionMandatory())
    .option('--password <password>', 'initial password (default: TIDINGS_USER_PASSWORD, else one is generated and printed)')
    .option('--locale <locale>', 'language of their pages and emails: en, nb, sv, nl or hu', 'en')
    .action(async (opts: { email: string; name: string; role: string; password?: string; locale: string }) => {
      const password = opts.password ?? process.env.TIDINGS_USER_PASSWORD ?? generatePassword();
      await withRuntime(async (rt) => {
        const u = await createUser(rt.db, CLI_ACTOR, { email: opts.email, name: opts.name, role: opts.role, password, locale: opts.locale });
        console.log(`created ${u.role} ${u.email} (id ${u.id})`);
        if (!opts.password && !process.env.TIDINGS_USER_PASSWORD) console.log(`initial password: ${password}`);
      });
    });

  user
    .command('list')
    .description('list every user: email, name, role, language, state and last sign-in')
    .action(() => withRuntime(async (rt) => console.log(usersTable(await listUsers(rt.db)))));
  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(verb)
      .description(disabled ? 'disable a user: ends every session and revokes every API token of theirs at once, for good' : 'let a disabled user sign in again with their password (old sessions and tokens stay ended)')
      .requiredOption('--email <email>', 'the user')
      .action((opts: { email: string }) =>
        withRuntime(async (rt) => {
          const u = await changeUser(rt.db, CLI_ACTOR, { email: opts.email }, { disabled });
          console.log(`${u.email} is ${u.disabled_at ? 'disabled: no session or API token of theirs works' : 'enabled: they sign in with their password'}`);
        }),
      );
  }
  user
    .command('role')
    .description("change a user's role; it applies from their next request")
    .requiredOption('--email <email>', 'the user')
    .addOption(new Option('--role <role>', 'what the user may do').choices(ROLES).makeOptionMandatory())
    .action((opts: { email: string; role: string }) =>
      withRuntime(async (rt) => {
        const u = await changeUser(rt.db, CLI_ACTOR, { email: opts.email }, { role: opts.role });
        console.log(`${u.email} is ${u.role}`);
      }),
    );
  user
    .command('password')
    .description("set a user's password (ends their sessions; their API tokens stay)")
    .requiredOption('--email <email>', 'the user')
    .option('--password <password>', 'the new password (default: one is generated and printed)')
    .action((opts: { email: string; password?: string }) =>
      withRuntime(async (rt) => {
        const password = opts.password ?? generatePassword();
        const r = await setPassword(rt.db, CLI_ACTOR, { email: opts.email }, password);
        console.log(`password set for ${r.email}; ${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'} ended`);
        if (!opts.password) console.log(`new password: ${password}`);
      }),
    );
  user
    .command('reset-2fa')
    .description('turn off two-factor sign-in for a user who lost their phone; they set it up again at their next sign-in if it is required')
    .requiredOption('--email <email>', 'the user')
    .action((opts: { email: string }) =>
      withRuntime(async (rt) => {
        const removed = await resetTwoFactor(rt.db, CLI_ACTOR, opts.email);
        console.log(removed ? `two-factor sign-in reset for ${opts.email}` : `${opts.email} had no two-factor sign-in; nothing changed`);
      }),
    );

  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token for a user; it acts with that user\'s role. Printed once, stored as a hash')
    .requiredOption('--user <email>', 'the user the token acts as')
    .requiredOption('--name <name>', 'what the token is for, e.g. "CRM sync"')
    .option('--expires <duration>', 'lifetime such as 30d, 12h or never', '90d')
    .action(async (opts: { user: string; name: string; expires: string }) => {
      await withRuntime(async (rt) => {
        const t = await createToken(rt.db, CLI_ACTOR, { userEmail: opts.user, name: opts.name, expiresIn: opts.expires });
        console.log(t.token);
        console.error(`token ${t.id} for ${opts.user}${t.expiresAt ? `, expires ${t.expiresAt.toISOString()}` : ', never expires'}. It is shown only now.`);
      });
    });
}
