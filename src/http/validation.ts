import { invalid } from '../errors.ts';

interface HookResult {
  success: boolean;
  target?: string;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}

/** Turns a zod validation failure into the one error shape, naming each field. */
export function validationHook(result: HookResult): void {
  if (result.success || !result.error) return;
  const details = result.error.issues.map((i) => ({ field: i.path.map(String).join('.') || result.target || 'body', message: i.message }));
  const first = details[0]!;
  throw invalid(`${first.field}: ${first.message}`, details);
}

/** Formats zod issues the same way for code that validates outside a route. */
export function zodIssues(issues: { path: PropertyKey[]; message: string }[]): { field: string; message: string }[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
}
