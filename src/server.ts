import { serve, type ServerType } from '@hono/node-server';
import type { Runtime } from './runtime.ts';
import { createApp } from './http/app.ts';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** Serves the web pages and the API on the configured port. */
export async function startWebServer(rt: Runtime, port = rt.config.port): Promise<RunningServer> {
  const app = createApp({ db: rt.db, config: rt.config, log: rt.log });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: process.env.HOST ?? '0.0.0.0' }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    port: actualPort,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
