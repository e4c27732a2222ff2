/** Who did something: a signed-in user, an API token, the CLI or the system itself. */
export interface Actor {
  kind: 'user' | 'token' | 'cli' | 'system' | 'customer' | 'provider';
  userId: number | null;
  /** Stable text stored on the record, e.g. "user:3 ana@example.org". */
  label: string;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', userId: null, label: 'system' };
export const CLI_ACTOR: Actor = { kind: 'cli', userId: null, label: 'cli' };
