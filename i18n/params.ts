/**
 * The argument names of an ICU message, as a union type: `'Dear {name},'` →
 * `'name'`; `'{count, plural, one {# update} other {# updates}}'` → `'count'`.
 * Plural and select branches hold text, not arguments: a brace group that is
 * not an identifier (has a space or `#`) is skipped.
 */
export type Params<S extends string> = S extends `${string}{${infer Inner}}${infer Rest}`
  ? ArgName<Inner> | Params<Rest>
  : never;

type ArgName<Inner extends string> = Inner extends `${infer Name},${string}`
  ? Trimmed<Name>
  : Inner extends `${string} ${string}` | `${string}#${string}` | `${string}{${string}` | ''
    ? never
    : Inner;

type Trimmed<S extends string> = S extends ` ${infer R}` ? Trimmed<R> : S extends `${infer R} ` ? Trimmed<R> : S;
