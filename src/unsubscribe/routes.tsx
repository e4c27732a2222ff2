import type { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';

/** Customer unsubscribe links: no session; authorised by their signed token. */
export function unsubscribeRoutes(_app: Hono<AppEnv>): void {}
