import type { Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/translate.ts';

/**
 * The greeting line for a recipient: "Dear Kari Nordmann," or, when the name is
 * empty (or only whitespace), the locale's neutral greeting ("Dear customer,").
 */
export function greetingFor(locale: Locale, name: string): string {
  const trimmed = name.trim();
  const { t } = translator(locale);
  return trimmed === '' ? t('statusUpdate.greetingFallback') : t('statusUpdate.greeting', { name: trimmed });
}
