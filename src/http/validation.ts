import { invalidFields, zodIssues } from '../errors.ts';

interface HookResult {
  success: boolean;
  target?: string;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}

/** Turns a zod validation failure into the one error shape, naming each field. */
export function validationHook(result: HookResult): void {
  if (result.success || !result.error) return;
  throw invalidFields(zodIssues(result.error.issues, result.target || 'body'));
}
