/** The `{slot}` names of a template string, as a union type: `'Dear {name},'` → `'name'`. */
export type Params<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Params<Rest> : never;

/** True when A and B are the same union; the catalogues check every locale's placeholders with it. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
