import type { MiddlewareHandler } from 'hono';
import { controlCharacterProblem, refuseControlCharacter } from '../control-characters.ts';
import { schemaRefusal } from '../errors.ts';

interface HookResult {
  success: boolean;
  target?: string;
  error?: { issues: { path: PropertyKey[]; message: string; params?: unknown }[] };
}

/** Turns a zod validation failure into the one error shape, naming each field (a rule's refusal as invalid_input). */
export function validationHook(result: HookResult): void {
  if (result.success || !result.error) return;
  throw schemaRefusal(result.error.issues, result.target || 'body');
}

/** A text of the request and the field it came in: a dotted JSON path, a form or query field, `path`. */
type Text = [field: string, text: string];

/** Percent-escapes as UTF-8 bytes; a malformed sequence becomes U+FFFD instead of hiding what follows it. */
const percentDecoded = (s: string) => Buffer.from(s.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');

function* jsonTexts(value: unknown, path: string[]): Generator<Text> {
  if (typeof value === 'string') yield [path.join('.') || 'body', value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* jsonTexts(value[i], [...path, String(i)]);
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      yield [[...path, key].join('.'), key];
      yield* jsonTexts(v, [...path, key]);
    }
  }
}

function mediaTypeOf(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The texts of the body, as the handlers will read them; bodies the handlers read otherwise are left to them. */
async function* bodyTexts(req: Parameters<MiddlewareHandler>[0]['req'], rowByRow: ReadonlySet<string>): AsyncGenerator<Text> {
  if (req.method === 'GET' || req.method === 'HEAD' || rowByRow.has(req.path)) return;
  // A webhook's body is the provider's, authenticated byte for byte by its signature.
  if (req.path.startsWith('/webhooks/')) return;
  const type = mediaTypeOf(req.header('content-type'));
  if (type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type)) {
    let body: unknown;
    try {
      // From a copy: the request's own body stays unread for whatever reads it next,
      // through Hono's body cache or as the raw stream (an idempotency fingerprint, a signature).
      body = JSON.parse(await req.raw.clone().text());
    } catch {
      return; // not JSON: the handler refuses it with its own message
    }
    yield* jsonTexts(body, []);
  } else if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
    let form: Record<string, unknown>;
    try {
      form = await req.parseBody({ all: true });
    } catch {
      return;
    }
    for (const [key, value] of Object.entries(form)) {
      yield [key, key];
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string') yield [key, v];
        else if (v instanceof File) yield [key, v.name]; // an uploaded file's name; its content is the importer's to check, row by row
      }
    }
  }
  // text/csv is streamed into the importer, which rejects a row with a control character like any other bad row.
}

export interface ControlCharacterOptions {
  /**
   * POST paths whose body the domain checks row by row (an import: a bad row is
   * rejected with its reason and the others land, as the API documents), so
   * one bad row does not refuse the whole body here.
   */
  bodyCheckedRowByRow?: readonly string[];
}

/**
 * Refuses, before any handler runs, a request whose path, query string, JSON
 * body (keys and values, at any depth) or form fields hold a control character
 * other than tab and line breaks (src/control-characters.ts): 400
 * `invalid_input`, naming the field. Without it a NUL reached PostgreSQL from
 * dozens of inputs and came back as a 500.
 */
export function refuseControlCharacters(options: ControlCharacterOptions = {}): MiddlewareHandler {
  const rowByRow = new Set(options.bodyCheckedRowByRow);
  const check = ([field, text]: Text) => {
    const problem = controlCharacterProblem(text);
    if (problem) throw refuseControlCharacter(field, problem);
  };
  return async (c, next) => {
    const url = new URL(c.req.url);
    check(['path', percentDecoded(url.pathname)]);
    for (const [key, value] of url.searchParams) {
      check([key, key]);
      check([key, value]);
    }
    for await (const text of bodyTexts(c.req, rowByRow)) check(text);
    await next();
  };
}
