import type { FC } from 'hono/jsx';
import { randomToken } from '../secrets.ts';

/** The hidden field of a form's one-time token (the page counterpart of the API's Idempotency-Key). */
export const ONCE_FIELD = '_once';

/**
 * A one-time token for a form that sends something: a fresh random value each
 * time the form is drawn, so a second submit of the same form (a double click,
 * a reload of the answer) carries the same token and is recognised.
 */
export const OnceField: FC = () => <input type="hidden" name={ONCE_FIELD} value={randomToken(16)} />;
