/** @jsxImportSource react */
import { Fragment, type ReactNode } from 'react';
import type { Locale } from '../i18n/locales.ts';
import { textParts, type TextKey, type TextParams } from '../i18n/status-update-text.ts';

/**
 * A built-in text whose placeholders are filled with React nodes (a link, a
 * bold name), so translators keep control of word order around them.
 */
export function Localized<K extends TextKey>(props: {
  locale: Locale;
  k: K;
  values: Record<TextParams<K>, ReactNode>;
}): ReactNode {
  const values = props.values as Record<string, ReactNode>;
  return textParts(props.locale, props.k).map((part, i) => (
    <Fragment key={i}>{typeof part === 'string' ? part : values[part.slot]}</Fragment>
  ));
}
