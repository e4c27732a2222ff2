/** @jsxImportSource react */
import { render } from '@react-email/render';
import { describe, expect, it } from 'vitest';
import StatusUpdateEmail, { type StatusUpdateEmailProps } from '../../emails/status-update.tsx';
import { SUPPORTED_LOCALES, type Locale } from '../../src/config.ts';
import { translator } from '../../i18n/translate.ts';
import { htmlToText } from '../../emails/markdown.ts';
import { formatPromiseDate } from '../../i18n/dates.ts';
import { CONTENT, FINAL_SENTENCE, PROMISE_SENTENCE, PROMISED, TIME_ZONE } from './fixtures.ts';

const STATUS_URL = 'https://tidings.bokklubben.no/c/eyJjIjo0Mn0.sig';
const UNSUBSCRIBE_URL = 'https://tidings.bokklubben.no/unsubscribe/eyJzIjo3fQ.sig';
const REPLY_TO = 'r-7-42@replies.bokklubben.no';

function props(locale: Locale, final: boolean, extra: Partial<StatusUpdateEmailProps> = {}): StatusUpdateEmailProps {
  const c = CONTENT[locale];
  return {
    locale,
    organisation: 'Bokklubben',
    situationTitle: c.situationTitle,
    updateNumber: 3,
    subject: translator(locale).t('statusUpdate.subject', { n: 3, subject: c.subject }),
    bodyMarkdown: c.body,
    acknowledgement: { kind: 'both', text: c.apology },
    contactPoint: { name: 'Ingrid Dahl', role: c.role, phone: '+47 22 12 34 56' },
    final,
    recipientName: c.customer,
    promisedDate: formatPromiseDate(PROMISED, locale, TIME_ZONE),
    statusUrl: STATUS_URL,
    unsubscribeUrl: UNSUBSCRIBE_URL,
    replyTo: REPLY_TO,
    ...extra,
  };
}

async function renderEmail(p: StatusUpdateEmailProps): Promise<{ html: string; text: string }> {
  const html = await render(<StatusUpdateEmail {...p} />);
  return { html, text: htmlToText(html) };
}

/** The text a reader sees, without tags (React may split text nodes with comments). */
function visible(html: string): string {
  return html
    .replace(/<!--.*?-->/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

describe.each(SUPPORTED_LOCALES)('status update email in %s', (locale) => {
  const c = CONTENT[locale];

  it.each([false, true])('final=%s carries everything a customer needs', async (final) => {
    const { html, text } = await renderEmail(props(locale, final));
    const seen = visible(html);

    // Language and preheader.
    expect(html).toMatch(new RegExp(`<html[^>]*\\blang="${locale}"`));
    const preheader = translator(locale).t('statusUpdate.preheader', { n: 3, organisation: 'Bokklubben', contact: 'Ingrid Dahl' });
    expect(html).toMatch(/<div[^>]*data-skip-in-text="true"[^>]*>/);
    expect(seen).toContain(preheader);
    expect(text).not.toContain(preheader); // hidden preheader stays out of the text part

    // Title, update number, greeting, body.
    expect(seen).toContain(`${translator(locale).t('statusUpdate.updateLabel', { n: 3 })} · ${c.situationTitle}`);
    expect(seen).toContain(translator(locale).t('statusUpdate.greeting', { name: c.customer }));
    expect(html).toContain('<strong>');
    expect(seen).toContain(c.body.split('**')[0]!.trim());

    // Acknowledgement: label and the officer's own text.
    expect(seen).toContain(translator(locale).t('statusUpdate.apologyAndThanksLabel'));
    expect(seen).toContain(c.apology);

    // The promise, or the final sentence, never both.
    if (final) {
      expect(seen).toContain(FINAL_SENTENCE[locale]);
      expect(seen).not.toContain(PROMISE_SENTENCE[locale]);
    } else {
      expect(seen).toContain(PROMISE_SENTENCE[locale]);
      expect(seen).not.toContain(FINAL_SENTENCE[locale]);
    }

    // A named person, with role, phone and a reply address, also on the last update.
    expect(seen).toContain(translator(locale).t('statusUpdate.contactHeading'));
    expect(seen).toContain('Ingrid Dahl');
    expect(seen).toContain(c.role);
    expect(seen).toContain('+47 22 12 34 56');
    expect(html).toContain('href="tel:+4722123456"');
    expect(html).toContain(`href="mailto:${REPLY_TO}"`);

    // Personal status page (no login) and unsubscribe.
    expect(html).toMatch(new RegExp(`<a[^>]*href="${STATUS_URL}"[^>]*>${translator(locale).t('statusUpdate.statusPageLink')}</a>`));
    expect(seen).toContain(translator(locale).t('statusUpdate.statusPageExplanation'));
    expect(html).toMatch(new RegExp(`<a[^>]*href="${UNSUBSCRIBE_URL}"[^>]*>${translator(locale).t('statusUpdate.unsubscribe')}</a>`));

    // Reads well without images.
    expect(html).not.toMatch(/<img\b/i);

    // The plain-text part carries the same essentials, links written out.
    expect(text).toContain(`${translator(locale).t('statusUpdate.updateLabel', { n: 3 })} · ${c.situationTitle}`);
    expect(text).toContain(translator(locale).t('statusUpdate.greeting', { name: c.customer }));
    expect(text).toContain(c.apology);
    expect(text).toContain(final ? FINAL_SENTENCE[locale] : PROMISE_SENTENCE[locale]);
    expect(text).toContain('Ingrid Dahl');
    expect(text).toContain(c.role);
    expect(text).toContain(`${translator(locale).t('statusUpdate.phoneLabel')}: +47 22 12 34 56`);
    expect(text).not.toContain('tel:');
    expect(text).toContain(REPLY_TO);
    expect(text).toContain(`${translator(locale).t('statusUpdate.statusPageLink')} (${STATUS_URL})`);
    expect(text).toContain(`${translator(locale).t('statusUpdate.unsubscribe')} (${UNSUBSCRIBE_URL})`);
    expect(text).toMatch(/^- /m); // the body's list
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('labels an apology, a thanks, and both', async () => {
    for (const kind of ['apology', 'thanks', 'both'] as const) {
      const { html } = await renderEmail(props(locale, false, { acknowledgement: { kind, text: 'Explicit text.' } }));
      const label = translator(locale).t(kind === 'apology' ? 'statusUpdate.apologyLabel' : kind === 'thanks' ? 'statusUpdate.thanksLabel' : 'statusUpdate.apologyAndThanksLabel');
      expect(visible(html)).toContain(label);
    }
  });

  it('greets neutrally when the name is unknown, and marks test sends', async () => {
    const { html, text } = await renderEmail(props(locale, false, { recipientName: '  ', test: true }));
    expect(visible(html)).toContain(translator(locale).t('statusUpdate.greetingFallback'));
    expect(visible(html)).toContain(translator(locale).t('statusUpdate.testBanner'));
    expect(text).toContain(translator(locale).t('statusUpdate.testBanner'));
  });
});

describe('preview', () => {
  it('PreviewProps render (React Email dev server)', async () => {
    const html = await render(<StatusUpdateEmail {...StatusUpdateEmail.PreviewProps} />);
    expect(html).toContain('Update 3 · Bokklubben&#x27;s restructuring');
    expect(html).toContain('We will write to you again by Thursday 5 March 2026.');
    expect(html).toContain('Ingrid Dahl');
  });
});
