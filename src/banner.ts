/**
 * What `tidings start` (serve, worker, demo) tells a person at a terminal: a few
 * lines saying where tidings is and how to sign in, instead of JSON log lines.
 * Without a terminal (a supervisor, a container) the same facts go to the JSON log.
 */
export interface BannerFacts {
  /** The address this process serves on; absent for a worker only. */
  url?: string;
  publicUrl?: string;
  /** Runs a send worker: where mail goes. */
  mail?: { resend: true; rate: number } | { resend: false };
  /** Sending processes beside the web process (`tidings start`); absent or 0: the one process sends. */
  workers?: number;
  /** `tidings demo`'s summary: what was loaded and the sign-ins. */
  demo?: string;
  /** The log level the terminal shows (warnings only unless LOG_LEVEL says otherwise). */
  logLevel: string;
}

export function startBanner(f: BannerFacts): string {
  const lines = [f.url ? 'tidings is running' : 'tidings send worker is running', ''];
  if (f.url) {
    lines.push(`  open       ${f.url}`);
    if (f.publicUrl && f.publicUrl.replace(/\/$/, '') !== f.url) lines.push(`  public URL ${f.publicUrl}`);
  }
  if (f.mail) lines.push(f.mail.resend ? `  mail       sent through Resend, up to ${f.mail.rate} requests/s` : '  mail       kept in the local Outbox page; nothing leaves this machine');
  if (f.workers) lines.push(`  senders    ${f.workers} worker process${f.workers === 1 ? '' : 'es'} (TIDINGS_WORKERS or --workers to change)`);
  if (f.demo) lines.push('', ...f.demo.split('\n').map((l) => `  ${l}`));
  lines.push('', `  logs       ${f.logLevel === 'warn' ? 'warnings and errors only (LOG_LEVEL=info shows every event, as JSON)' : `level ${f.logLevel}, as JSON`}`, '  stop       Ctrl-C', '');
  return lines.join('\n');
}
