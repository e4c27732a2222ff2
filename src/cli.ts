import { constants } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CLI_ACTOR } from './audit/log.ts';
import { formatAnchor, parseAnchor, verifyAuditChain, type ChainPoint } from './audit/verify.ts';
import { registerUserCommands } from './cli-users.ts';
import { ConfigError, loadConfig } from './config.ts';
import { AppError } from './errors.ts';
import { createLogger, openRuntime, type Runtime } from './runtime.ts';
import { runServices } from './start.ts';

// Exit codes (the README lists them): 0 done, 1 failed, 2 usage error,
// 3 rows rejected (import), 4 audit chain broken, 78 configuration error (EX_CONFIG),
// 128 + signal number when interrupted.
const EXIT = { failed: 1, usage: 2, rowsRejected: 3, chainBroken: 4, config: 78 } as const;

/** Runs `fn` with a database, closing it (and the embedded server) afterwards. */
async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime(loadConfig(), { log: quietLog() });
  const release = exitOnSignal();
  try {
    return await fn(rt);
  } finally {
    release();
    await rt.close();
  }
}

/**
 * An interrupted one-shot command exits 128 + the signal number at once. Exiting
 * (rather than dying of the signal) runs the embedded server's exit listener,
 * which shuts that server down; PostgreSQL rolls back what was open. Stopping
 * the server from here instead would fail the running query first (exit 1).
 * Returns the function that takes the handlers off again.
 */
function exitOnSignal(): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => process.exit(128 + constants.signals[signal]);
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => handlers.forEach(([signal, handler]) => process.removeListener(signal, handler));
}

/** A positive number for a command-line option; anything else is a usage error. */
function positiveNumber(value: string): number {
  const x = Number(value);
  if (!Number.isFinite(x) || x <= 0) throw new InvalidArgumentError('must be a positive number');
  return x;
}

/** A whole number ≥ 0 for a command-line option; anything else is a usage error. */
function wholeNumber(value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 0 || x > 64) throw new InvalidArgumentError('must be a whole number from 0 to 64');
  return x;
}

// One-shot commands print their own results; the logger keeps only warnings.
function quietLog() {
  return createLogger({ logLevel: process.env.LOG_LEVEL ?? 'warn' });
}

const program = new Command();
// exitOverride before any subcommand is added, so they all inherit it: commander
// then throws its usage errors to the catch at the end, which exits 2.
program.name('tidings').description('Crisis-communication mailer').showHelpAfterError().exitOverride();

program
  .command('start', { isDefault: true })
  .description('migrate the database, serve the web pages and API, and run one send worker process per core (the default)')
  .option('--workers <n>', 'send worker processes beside the web process (default TIDINGS_WORKERS, else one per core; 0 sends in the one process)', wholeNumber)
  .action((opts: { workers?: number }) => runServices({ web: true, worker: true, workers: opts.workers }));

program.command('serve').description('serve the web pages and API only').action(() => runServices({ web: true, worker: false }));

program
  .command('worker')
  .description('run a send worker only; start more on any machine that reaches the database')
  .action(() => runServices({ web: false, worker: true }));

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    const rt = await openRuntime(loadConfig(), { migrate: false, log: quietLog() });
    try {
      const { migrateDatabase } = await import('./db/migrate.ts');
      const applied = await migrateDatabase(rt.db, rt.config.migrationDatabaseUrl);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
    } finally {
      await rt.close();
    }
  });

program
  .command('import')
  .description('import customers from a CSV file (email, name, locale, timezone, other columns become attributes)')
  .argument('<file>', 'path to a UTF-8 CSV file with a header row')
  .action(async (file: string) => {
    const { importCsvFile } = await import('./contacts/import.ts');
    await withRuntime(async (rt) => {
      const started = Date.now();
      const tty = process.stderr.isTTY;
      let last = 0;
      const result = await importCsvFile(rt.db, CLI_ACTOR, file, (p: { bytes: number; totalBytes: number; rows: number }) => {
        const now = Date.now();
        if (now - last < 200 && p.bytes < p.totalBytes) return;
        last = now;
        const pct = p.totalBytes ? Math.floor((p.bytes / p.totalBytes) * 100) : 100;
        const bar = '#'.repeat(Math.floor(pct / 4)).padEnd(25, '.');
        const line = `[${bar}] ${pct}%  ${p.rows.toLocaleString('en')} rows`;
        if (tty) process.stderr.write(`\r${line}`);
        else if (pct === 100 || now - started > 0) process.stderr.write(`${line}\n`);
      });
      if (tty) process.stderr.write('\n');
      const secs = (Date.now() - started) / 1000;
      console.log(`created ${result.created}, updated ${result.updated}, rejected ${result.rejected.length} in ${secs.toFixed(1)} s`);
      for (const r of result.rejected.slice(0, 50)) console.log(`  row ${r.row}${r.email ? ` (${r.email})` : ''}: ${r.reason}`);
      if (result.rejected.length > 50) console.log(`  … and ${result.rejected.length - 50} more rejected rows`);
      if (result.warnings.length) console.log(`${result.warnings.length} imported with a warning (check these rows):`);
      for (const w of result.warnings.slice(0, 50)) console.log(`  row ${w.row}${w.email ? ` (${w.email})` : ''}: ${w.reason}`);
      if (result.warnings.length > 50) console.log(`  … and ${result.warnings.length - 50} more rows with a warning`);
      if (result.rejected.length) process.exitCode = EXIT.rowsRejected;
    });
  });

registerUserCommands(program, withRuntime);

const audit = program.command('audit').description('the audit record');
audit
  .command('verify')
  .description('walk the hash chain and report the first broken link and the head (exit code 4 if broken)')
  .option('--anchor <SEQ:HASH>', 'a head noted earlier: also check that entry still exists with that hash', (v: string) => {
    try {
      return parseAnchor(v);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  })
  .action(async (opts: { anchor?: ChainPoint }) => {
    await withRuntime(async (rt) => {
      const r = await verifyAuditChain(rt.db, opts.anchor ? { anchor: opts.anchor } : {});
      const keyed = r.keyedFrom === null ? 'no entry keyed yet' : `keyed from entry ${r.keyedFrom}`;
      const head = r.head ? `head ${formatAnchor(r.head)}` : 'empty';
      if (r.intact) console.log(`intact: ${r.entries} entries, ${keyed}; ${head}${r.anchor ? `; anchor ${r.anchor.seq} holds` : ''}`);
      else {
        console.log(`broken at entry ${r.brokenAt!.id}: ${r.brokenAt!.reason} (${r.entries} entries before it are intact; ${keyed}; ${head})`);
        process.exitCode = EXIT.chainBroken;
      }
    });
  });

program
  .command('demo')
  .description('load a realistic demo (a book club in restructuring) and start tidings')
  .option('--no-serve', 'load the demo data and exit')
  .option('--workers <n>', 'send worker processes beside the web process (as for start)', wholeNumber)
  .action(async (opts: { serve: boolean; workers?: number }) => {
    const { loadDemo } = await import('./demo/seed.ts');
    const summary = await withRuntime((rt) => loadDemo(rt.db, { config: rt.config }));
    // Served, the sign-ins are part of the start-up banner (or its JSON line).
    if (opts.serve) await runServices({ web: true, worker: true, demo: summary, workers: opts.workers });
    else console.log(summary);
  });

program
  .command('bench')
  .description('measure the performance targets of DESIGN.md and print the figures')
  .option('--contacts <n>', 'contacts for the preview and release measurements', positiveNumber, 1_000_000)
  .option('--import-rows <n>', 'rows for the import measurement', positiveNumber, 100_000)
  .option('--send <n>', 'emails handed to the loopback provider', positiveNumber, 1_000_000)
  .option('--rate <r>', 'provider limit in requests/s for the rate measurement', positiveNumber, 5)
  .option('--rate-seconds <s>', 'how long the rate measurement runs', positiveNumber, 20)
  .option('--senders <n>', 'sending processes for the unlimited run (one per core)', positiveNumber, 2)
  .option('--deliveries <n>', 'deliveries seeded for the history page and export measurements', positiveNumber, 10_000_000)
  .option('--webhook-events <n>', 'distinct signed webhook events posted for the ingestion measurement', positiveNumber, 200_000)
  .addOption(new Option('--only <section>', 'run one section only').choices(['history', 'webhooks', 'start']))
  .option('--quick', 'a tenth of every size, for a quick look')
  .action(async (opts: { contacts: number; importRows: number; send: number; rate: number; rateSeconds: number; senders: number; deliveries: number; webhookEvents: number; only?: 'history' | 'webhooks' | 'start'; quick?: boolean }) => {
    const { runBench } = await import('./bench/run.ts');
    const scale = opts.quick ? 0.1 : 1;
    const n = (v: number) => Math.max(1, Math.round(v * scale));
    await runBench(loadConfig(), {
      contacts: n(opts.contacts),
      importRows: n(opts.importRows),
      send: n(opts.send),
      rate: opts.rate,
      rateSeconds: Math.max(5, opts.rateSeconds * (opts.quick ? 0.5 : 1)),
      senders: Math.max(1, Math.min(16, Math.round(opts.senders))),
      deliveries: n(opts.deliveries),
      webhookEvents: n(opts.webhookEvents),
      only: opts.only,
    });
  });

try {
  // `start` is the default command, so commander would read an unknown command
  // as an argument of `start` ("too many arguments for 'start'").
  const first = process.argv[2];
  if (first !== undefined && !first.startsWith('-') && first !== 'help' && !program.commands.some((c) => c.name() === first)) {
    program.error(`error: unknown command '${first}' (see tidings --help)`, { exitCode: EXIT.usage, code: 'commander.unknownCommand' });
  }
  await program.parseAsync(process.argv);
} catch (err) {
  // Commander has already printed its message (or the help asked for).
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : EXIT.usage);
  // One clear line, no stack, and a non-zero exit.
  if (err instanceof ConfigError) console.error(`tidings: configuration error: ${err.message}`);
  else if (err instanceof AppError) console.error(`tidings: ${err.message}`);
  else console.error(`tidings: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof ConfigError ? EXIT.config : EXIT.failed);
}
