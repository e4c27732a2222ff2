/**
 * The shape every language's catalogue must have: English (i18n/en/) defines
 * the namespaces and keys; every other language is typed against it, so a
 * missing or extra key is a compile error. Keys are `namespace.key`.
 */
import type { en } from './en/index.ts';
import type { Params } from './params.ts';

type English = typeof en;
export type Namespace = keyof English & string;

/** One language's text for every key English has. */
export type Messages = { readonly [NS in Namespace]: { readonly [K in keyof English[NS]]: string } };

/** Every message key, e.g. `'layout.signOut'`. */
export type MessageKey = { [NS in Namespace]: `${NS}.${keyof English[NS] & string}` }[Namespace];

/** The English text of a key, as a literal type (its argument names come from it). */
export type EnglishText<K extends MessageKey> = K extends `${infer NS}.${infer Key}`
  ? NS extends Namespace
    ? Key extends keyof English[NS]
      ? English[NS][Key] & string
      : never
    : never
  : never;

export type MessageArgs<K extends MessageKey> = Params<EnglishText<K>>;
export type ArgValue = string | number | Date;

/** The rest-parameter of t(): nothing for a plain text, the arguments for one with placeholders. */
export type ValuesArg<K extends MessageKey> = [MessageArgs<K>] extends [never] ? [] : [Record<MessageArgs<K>, ArgValue>];

/** The keys whose text has no placeholders: what a table of labels (a menu, a set of states) may hold. */
export type PlainKey = { [K in MessageKey]: [MessageArgs<K>] extends [never] ? K : never }[MessageKey];
