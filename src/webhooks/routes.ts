import type { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';

/** Provider webhooks: no session, no CSRF; authenticated by their signature. */
export function webhookRoutes(_app: Hono<AppEnv>): void {}
