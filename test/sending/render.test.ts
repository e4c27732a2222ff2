import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES } from '../../src/config.ts';
import { translator } from '../../i18n/translate.ts';
import { markdownToEmailHtml, markdownToText } from '../../emails/markdown.ts';
import { formatPromiseDate } from '../../i18n/dates.ts';
import { safeHeader } from '../../src/sending/escape.ts';
import { personalise, type RecipientValues } from '../../src/sending/personalise.ts';
import { renderNaive, renderVariant } from '../../src/sending/render.ts';
import { PROMISE_SENTENCE, PROMISED, TIME_ZONE, recipient, variantInput } from '../emails/fixtures.ts';

const SCRIPT_NAME = '<script>alert(1)</script>';
const ATTR_NAME = '"><img src=x onerror=alert(1)>';

/** Every href in a piece of HTML. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/\bhref="([^"]*)"/g)].map((m) => m[1]!);
}

describe('personalise: values arrive escaped', () => {
  it('a <script> name is text in the HTML part and plain in the text part', async () => {
    const v = await renderVariant(variantInput('en'));
    const { html, text } = personalise(v, recipient({ name: SCRIPT_NAME }));
    expect(html).not.toContain('<script');
    expect(html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(text).toContain(`Dear ${SCRIPT_NAME},`);
  });

  it('an attribute-breaking name cannot open a tag', async () => {
    const v = await renderVariant(variantInput('nb'));
    const { html, text } = personalise(v, recipient({ name: ATTR_NAME }));
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[^>]*onerror/i);
    expect(html).toContain('Hei &quot;&gt;&lt;img src=x onerror=alert(1)&gt;,');
    expect(text).toContain(`Hei ${ATTR_NAME},`);
  });

  it('URLs and the reply address are escaped inside attributes', async () => {
    const v = await renderVariant(variantInput('sv'));
    const statusUrl = `https://example.org/c/x?a=1&b="><script>alert(1)</script>'`;
    const { html, text } = personalise(v, recipient({ statusUrl, replyTo: "o'brien+r-1@replies.example.org" }));
    expect(html).not.toContain('<script');
    expect(hrefs(html)).toContain('https://example.org/c/x?a=1&amp;b=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;');
    expect(hrefs(html)).toContain('mailto:o&#x27;brien+r-1@replies.example.org');
    expect(text).toContain(`(${statusUrl})`);
  });

  it('refuses URLs that are not http(s) and a reply address that is not one', async () => {
    const v = await renderVariant(variantInput('en'));
    expect(() => personalise(v, recipient({ statusUrl: 'javascript:alert(1)' }))).toThrow(/statusUrl/);
    expect(() => personalise(v, recipient({ unsubscribeUrl: 'data:text/html,x' }))).toThrow(/unsubscribeUrl/);
    expect(() => personalise(v, recipient({ replyTo: 'x@y\r\nBcc: z@w' }))).toThrow(/replyTo/);
    expect(() => personalise(v, recipient({ promisedDate: ' ' }))).toThrow(/promisedDate/);
  });

  it('single-line values stay on one line', async () => {
    const v = await renderVariant(variantInput('en'));
    const { html, text } = personalise(v, recipient({ name: 'Kari\r\n\r\nBcc: x@y\u2028Nordmann', promisedDate: 'Thursday\n5 March' }));
    expect(text).toContain('Dear Kari Bcc: x@y Nordmann,');
    expect(text).toContain('We will write to you again by Thursday 5 March.');
    expect(html).toContain('Dear Kari Bcc: x@y Nordmann,');
  });

  it('an empty name gets the neutral greeting', async () => {
    for (const locale of SUPPORTED_LOCALES) {
      const v = await renderVariant(variantInput(locale));
      const { html, text } = personalise(v, recipient({ name: ' \t ' }));
      const fallback = translator(locale).t('statusUpdate.greetingFallback');
      expect(text).toContain(fallback);
      expect(html).toContain(fallback);
    }
  });

  it('text an officer types that looks like a placeholder stays as typed', async () => {
    const body = 'Literal %%tidings:name%% and %%tidings-x-greeting%% stay.';
    const input = variantInput('en', { bodyMarkdown: body });
    const v = await renderVariant(input);
    const r = recipient({ name: 'Kari' });
    const fast = personalise(v, r);
    expect(fast.text).toContain(body);
    expect(fast).toEqual(await renderNaive(input, r));
  });
});

describe('subject', () => {
  it('can never contain a line break', async () => {
    const v = await renderVariant(variantInput('en', { subject: 'News\r\nBcc: x@y\n\rX-Evil: 1\u2028end\u0000' }));
    expect(v.subject).not.toMatch(/[\r\n\u2028\u2029\u0000]/);
    expect(v.subject).toBe('Update 3: News Bcc: x@y X-Evil: 1 end');
    expect(personalise(v, recipient()).subject).toBe(v.subject);
  });

  it('is localised and tagged for test sends', async () => {
    expect((await renderVariant(variantInput('hu', { subject: 'Hírek' }))).subject).toBe('3. tájékoztató: Hírek');
    expect((await renderVariant(variantInput('nb', { subject: 'Nytt', test: true }))).subject).toBe('[TEST] Oppdatering 3: Nytt');
  });

  it('safeHeader collapses control characters and trims', () => {
    expect(safeHeader('  a\r\n\tb\u0085c\u2029 d  ')).toBe('a b c d');
    expect(safeHeader('plain subject')).toBe('plain subject');
  });
});

describe('markdown body', () => {
  it('shows raw HTML as text, never as markup', async () => {
    const input = variantInput('en', { bodyMarkdown: 'Hello <script>alert(1)</script> <img src=x onerror=alert(1)> <b>bold</b>' });
    const { html, text } = personalise(await renderVariant(input), recipient());
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(text).toContain('Hello <script>alert(1)</script>');
  });

  it('only makes http(s), mailto and tel links', () => {
    const md = [
      '[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c]( javascript:alert(1) ) [d](java&#115;cript:alert(1))',
      '<javascript:alert(1)> [e](vbscript:x) [f](data:text/html,x) [g](file:///etc/passwd) ![h](javascript:alert(1))',
      '[ok](https://example.org/a?b=1&c=2) <mailto:ingrid@example.org> [call](tel:+4722123456) www.example.org',
    ].join('\n\n');
    const html = markdownToEmailHtml(md);
    for (const href of hrefs(html)) expect(href).toMatch(/^(https?:\/\/|mailto:|tel:)/);
    expect(hrefs(html)).toEqual([
      'https://example.org/a?b=1&amp;c=2',
      'mailto:ingrid@example.org',
      'tel:+4722123456',
      'http://www.example.org',
    ]);
    expect(html).toContain('[a](javascript:alert(1))'); // shown as the text it was
  });

  it('has inline styles and readable plain text', () => {
    const md = '## Next steps\n\n- Read [the plan](https://example.org/plan)\n- Call us\n\n1. first\n2. second';
    const html = markdownToEmailHtml(md);
    expect(html).toMatch(/<h3 style="[^"]+">Next steps<\/h3>/); // the email's title is the h1
    expect(html).toMatch(/<a href="https:\/\/example.org\/plan" style="[^"]*color:/);
    const text = markdownToText(md);
    expect(text).toContain('Next steps');
    expect(text).toContain('- Read the plan (https://example.org/plan)');
    expect(text).toContain('- Call us');
    expect(text).toMatch(/1\. first/);
  });

  it('uses the locale’s quotation marks', () => {
    expect(markdownToEmailHtml('"Hei"', 'nb')).toContain('«Hei»');
    expect(markdownToEmailHtml('"Szia"', 'hu')).toContain('„Szia”');
  });
});

describe('formatPromiseDate', () => {
  it('writes the date as each locale does', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const date = formatPromiseDate(PROMISED, locale, TIME_ZONE);
      expect(translator(locale).t('statusUpdate.promise', { date })).toBe(PROMISE_SENTENCE[locale]);
    }
  });

  it('uses the recipient’s time zone', () => {
    const instant = new Date('2026-03-04T23:30:00Z');
    expect(formatPromiseDate(instant, 'en', 'Europe/Oslo')).toBe('Thursday 5 March 2026');
    expect(formatPromiseDate(instant, 'en', 'America/New_York')).toBe('Wednesday 4 March 2026');
  });

  it('puts Hungarian dates in the temporal case', () => {
    expect(formatPromiseDate(new Date('2026-05-01T10:00:00Z'), 'hu', 'Europe/Budapest')).toBe('2026. május 1-jén, pénteken');
    expect(formatPromiseDate(new Date('2026-03-02T10:00:00Z'), 'hu', 'Europe/Budapest')).toBe('2026. március 2-án, hétfőn');
    expect(formatPromiseDate(new Date('2026-03-08T10:00:00Z'), 'hu', 'Europe/Budapest')).toBe('2026. március 8-án, vasárnap');
    expect(formatPromiseDate(new Date('2026-03-21T10:00:00Z'), 'hu', 'Europe/Budapest')).toBe('2026. március 21-én, szombaton');
  });

  it('refuses an unknown time zone', () => {
    expect(() => formatPromiseDate(PROMISED, 'en', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('render once, personalise many', () => {
  const people: RecipientValues[] = [
    recipient(),
    recipient({ name: SCRIPT_NAME }),
    recipient({ name: ATTR_NAME }),
    recipient({ name: '' }),
    recipient({ name: "Åse O'Neil & Søn", replyTo: 'r-9@replies.example.org' }),
    recipient({ name: '  Kari \r\n  Nordmann\u200b ', promisedDate: ' torsdag\n5. mars ' }),
    recipient({ statusUrl: 'https://example.org/c/x?a=1&b="2"&c=<3>' }),
  ];

  it.each(SUPPORTED_LOCALES)('equals the naive React render per recipient (%s)', async (locale) => {
    for (const overrides of [{}, { final: true }, { test: true, acknowledgement: { kind: 'both' as const, text: 'Sorry.\n\nAnd thanks.' } }]) {
      const input = variantInput(locale, overrides);
      const v = await renderVariant(input);
      for (const r of people) {
        const dated = { ...r, promisedDate: r.promisedDate === recipient().promisedDate ? formatPromiseDate(PROMISED, locale, TIME_ZONE) : r.promisedDate };
        expect(personalise(v, dated)).toEqual(await renderNaive(input, dated));
      }
    }
  });

  it('a final update asks for no date and names the person', async () => {
    const v = await renderVariant(variantInput('sv', { final: true }));
    const { text } = personalise(v, recipient({ promisedDate: '' }));
    expect(text).toContain('Det här är vår sista uppdatering i det här ärendet.');
    expect(text).toContain('Ingrid Dahl');
  });

  it('personalises 20,000 recipients (rate printed)', async () => {
    const v = await renderVariant(variantInput('nb', { acknowledgement: { kind: 'both', text: 'Vi beklager. Og takk.' } }));
    const promisedDate = formatPromiseDate(PROMISED, 'nb', TIME_ZONE);
    const n = 20_000;
    const recipients: RecipientValues[] = Array.from({ length: n }, (_, i) => ({
      name: `Kari Nordmann ${i}`,
      statusUrl: `https://tidings.bokklubben.no/c/eyJjIjoi${i.toString(36)}In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ`,
      unsubscribeUrl: `https://tidings.bokklubben.no/unsubscribe/eyJjIjoi${i.toString(36)}In0.c2ln`,
      replyTo: `r-7-${i.toString(36)}@replies.bokklubben.no`,
      promisedDate,
    }));
    for (let i = 0; i < 2_000; i++) personalise(v, recipients[i]!); // warm up

    let bytes = 0;
    const started = process.hrtime.bigint();
    for (const r of recipients) {
      const email = personalise(v, r);
      bytes += email.html.length + email.text.length;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    // The sender serialises each email once; include that flattening for an honest figure.
    const started2 = process.hrtime.bigint();
    for (const r of recipients) {
      const email = personalise(v, r);
      bytes += Buffer.byteLength(email.html) + Buffer.byteLength(email.text);
    }
    const seconds2 = Number(process.hrtime.bigint() - started2) / 1e9;

    const sample = await renderNaive(variantInput('nb', { acknowledgement: { kind: 'both', text: 'Vi beklager. Og takk.' } }), recipients[0]!);
    const naiveStarted = process.hrtime.bigint();
    const naiveN = 200;
    for (let i = 0; i < naiveN; i++) {
      await renderNaive(variantInput('nb', { acknowledgement: { kind: 'both', text: 'Vi beklager. Og takk.' } }), recipients[i]!);
    }
    const naiveSeconds = Number(process.hrtime.bigint() - naiveStarted) / 1e9;

    const rate = Math.round(n / seconds);
    const rateFlat = Math.round(n / seconds2);
    const naiveRate = Math.round(naiveN / naiveSeconds);
    console.log(
      `personalise: ${rate.toLocaleString('en')}/s (${rateFlat.toLocaleString('en')}/s including UTF-8 serialisation; ` +
        `email ${sample.html.length} chars HTML + ${sample.text.length} text); naive React render: ${naiveRate.toLocaleString('en')}/s; ` +
        `ratio ×${Math.round(rate / naiveRate)}`,
    );
    expect(bytes).toBeGreaterThan(0);
  });
});
