/** @jsxImportSource react */
import { Fragment, type ReactNode } from 'react';
import type { MessageArgs, MessageKey } from '../../i18n/catalogue.ts';
import type { Locale } from '../../i18n/locales.ts';
import { translator } from '../../i18n/translate.ts';

/**
 * A built-in text whose placeholders are filled with React nodes (a link, a
 * bold name), so translators keep control of word order around them.
 */
export function Localized<K extends MessageKey>(props: { locale: Locale; k: K; values: Record<MessageArgs<K>, ReactNode> }): ReactNode {
  const values = props.values as Record<string, ReactNode>;
  return translator(props.locale)
    .parts(props.k)
    .map((part, i) => <Fragment key={i}>{typeof part === 'string' ? part : values[part.arg]}</Fragment>);
}
