import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';

export function contactsApi(_api: OpenAPIHono<AppEnv>): void {}

export function contactsPages(_app: Hono<AppEnv>): void {}
