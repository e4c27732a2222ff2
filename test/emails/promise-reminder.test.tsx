/** @jsxImportSource react */
import { render } from '@react-email/render';
import { describe, expect, it } from 'vitest';
import PromiseReminderEmail, { promiseReminderSubject, type PromiseReminderEmailProps } from '../../emails/promise-reminder.tsx';
import { SUPPORTED_LOCALES, type Locale } from '../../src/config.ts';
import { PLAIN_TEXT_OPTIONS } from '../../emails/markdown.ts';
import { formatDuration, formatOfficerDateTime } from '../../i18n/formats.ts';
import { translator } from '../../i18n/translate.ts';

const DUE = new Date('2026-03-05T15:00:00Z');
const URL = 'https://tidings.example.org/situations/7';
const TITLE = 'Restructuring <script>alert(1)</script> & "co"';

/** Words a native reader sees in each locale, written out here rather than read from the catalogue. */
const WORDS: Record<Locale, { dueSoon: string; overdue: string; link: string; hours20: string; hours5: string; date: string }> = {
  en: { dueSoon: 'A promised update is due soon', overdue: 'A promised update is overdue', link: 'Open the situation and write the next update', hours20: '20 hours', hours5: '5 hours', date: 'Thursday, 5 March 2026 at 15:00 UTC' },
  nb: { dueSoon: 'En lovet oppdatering nærmer seg fristen', overdue: 'En lovet oppdatering er forsinket', link: 'Åpne saken og skriv neste oppdatering', hours20: '20 timer', hours5: '5 timer', date: 'torsdag 5. mars 2026 kl. 15:00 UTC' },
  sv: { dueSoon: 'En utlovad uppdatering ska snart ut', overdue: 'En utlovad uppdatering är försenad', link: 'Öppna ärendet och skriv nästa uppdatering', hours20: '20 timmar', hours5: '5 timmar', date: 'torsdag 5 mars 2026 kl. 15:00 UTC' },
  nl: { dueSoon: 'Een beloofde update moet binnenkort uit', overdue: 'Een beloofde update is te laat', link: 'Open de situatie en schrijf de volgende update', hours20: '20 uur', hours5: '5 uur', date: 'donderdag 5 maart 2026 om 15:00 UTC' },
  hu: { dueSoon: 'Hamarosan esedékes egy megígért tájékoztató', overdue: 'Késik egy megígért tájékoztató', link: 'Az ügy megnyitása és a következő tájékoztató megírása', hours20: '20 óra', hours5: '5 óra', date: '2026. március 5., csütörtök 15:00 UTC' },
};

function props(locale: Locale, kind: 'due_soon' | 'overdue', extra: Partial<PromiseReminderEmailProps> = {}): PromiseReminderEmailProps {
  return {
    locale,
    kind,
    organisation: 'Bokklubben',
    situationTitle: TITLE,
    updateNumber: 3,
    dueDate: formatOfficerDateTime(DUE, locale),
    timeSpan: formatDuration((kind === 'overdue' ? 5 : 20) * 3_600_000, locale),
    recipients: 4,
    reached: 0,
    officerName: 'Ingrid Dahl',
    url: URL,
    ...extra,
  };
}

async function renderEmail(p: PromiseReminderEmailProps) {
  const el = <PromiseReminderEmail {...p} />;
  return { html: await render(el), text: await render(el, { plainText: true, htmlToTextOptions: PLAIN_TEXT_OPTIONS }) };
}

function visible(html: string): string {
  return html
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe.each(SUPPORTED_LOCALES)('promise reminder email in %s', (locale) => {
  const w = WORDS[locale];

  it('due soon: the locale, the date, time left, counts, the link, and the title escaped', async () => {
    const { html, text } = await renderEmail(props(locale, 'due_soon'));
    const seen = visible(html);
    expect(html).toMatch(new RegExp(`<html[^>]*\\blang="${locale}"`));
    expect(seen).toContain(w.dueSoon);
    expect(seen).not.toContain(w.overdue);
    expect(seen).toContain(w.date);
    expect(seen).toContain(w.hours20);
    expect(seen).toContain(translator(locale).t('promiseReminder.reachedNone'));
    expect(html).toMatch(new RegExp(`<a[^>]*href="${URL}"[^>]*>${w.link}</a>`));
    // The officer-typed title is text, never markup.
    expect(html).not.toContain('<script>');
    expect(html).toContain('Restructuring &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;');
    expect(seen).toContain(TITLE);
    // Preheader: hidden, in the HTML only.
    const preheader = translator(locale).t('promiseReminder.preheaderDueSoon', { recipients: '4', date: w.date });
    expect(html).toMatch(/<div[^>]*data-skip-in-text="true"[^>]*>/);
    expect(seen).toContain(preheader);
    expect(text).not.toContain(preheader);
    // The plain-text part carries the same facts and writes the link out.
    expect(text).toContain(w.dueSoon);
    expect(text).toContain(w.date);
    expect(text).toContain(w.hours20);
    expect(text).toContain(`${w.link} (${URL})`);
    expect(text).toContain(TITLE);
    expect(html).not.toMatch(/<img\b/i);
  });

  it('overdue: says how late, and shows a partial overlap with counts', async () => {
    const { html, text } = await renderEmail(props(locale, 'overdue', { recipients: 1234, reached: 234 }));
    const seen = visible(html);
    expect(seen).toContain(w.overdue);
    expect(seen).toContain(w.hours5);
    expect(seen).toContain(`${translator(locale).t('promiseReminder.overdueByLabel')}: ${w.hours5}`);
    const n = (v: number) => new Intl.NumberFormat({ en: 'en-GB', nb: 'nb-NO', sv: 'sv-SE', nl: 'nl-NL', hu: 'hu-HU' }[locale]).format(v);
    const partial = translator(locale).t('promiseReminder.reachedPartial', { reached: n(234), recipients: n(1234), waiting: n(1000) });
    expect(seen).toContain(partial);
    expect(text).toContain(partial);
    expect(seen).not.toContain(translator(locale).t('promiseReminder.reachedNone'));
  });

  it('has a one-line subject in the locale with the title and time', () => {
    const s = promiseReminderSubject(props(locale, 'due_soon'));
    expect(s).toContain(TITLE);
    expect(s).toContain(w.hours20);
    expect(promiseReminderSubject(props(locale, 'overdue'))).toContain(w.hours5);
  });
});

describe('reminder durations', () => {
  it('writes minutes, hours, then days and hours', () => {
    expect(formatDuration(45 * 60_000, 'en')).toBe('45 minutes');
    expect(formatDuration(30_000, 'en')).toBe('1 minute');
    expect(formatDuration(-5 * 3_600_000 - 60_000, 'en')).toBe('5 hours');
    expect(formatDuration(47 * 3_600_000, 'en')).toBe('47 hours');
    expect(formatDuration(52 * 3_600_000, 'en')).toBe('2 days, 4 hours');
    expect(formatDuration(72 * 3_600_000, 'nb')).toBe('3 døgn');
  });
});

describe('preview', () => {
  it('PreviewProps render (React Email dev server)', async () => {
    const html = await render(<PromiseReminderEmail {...PromiseReminderEmail.PreviewProps} />);
    expect(html).toContain('A promised update is due soon');
    expect(html).toContain('3,120 of 12,480 have received a later update; 9,360 are still waiting.');
  });
});
