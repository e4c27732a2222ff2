/**
 * Render once (DESIGN.md, sending pipeline step 2).
 *
 * Each (update, locale) variant is rendered once with React Email, to HTML and
 * to plain text, with placeholder tokens where per-recipient values go. The
 * output is split into static parts and slots at that point, so personalising
 * one recipient (personalise.ts) needs no React.
 */
import { randomBytes } from 'node:crypto';
import { createElement } from 'react';
import { render } from '@react-email/render';
import StatusUpdateEmail, { type StatusUpdateEmailProps } from '../../emails/status-update.tsx';
import { translator } from '../../i18n/translate.ts';
import { PLAIN_TEXT_OPTIONS } from '../../emails/markdown.ts';
import type { Locale } from '../config.ts';
import { safeHeader } from './escape.ts';
import { recipientSlots, SLOTS, type CompiledTemplate, type PersonalisedEmail, type RecipientValues, type RenderedVariant, type Slot } from './personalise.ts';

export interface VariantInput {
  /** The reader's language: everything around the officer's words. */
  locale: Locale;
  /** The language of the officer's words (subject, body, acknowledgement) when it is not the reader's. */
  contentLocale?: Locale;
  organisation: string;
  situationTitle: string;
  updateNumber: number;
  /** The officer's subject for this locale; the email's subject is "Update 3: …" around it. */
  subject: string;
  bodyMarkdown: string;
  acknowledgement: { kind: 'apology' | 'thanks' | 'both'; text: string };
  contactPoint: { name: string; role: string; phone: string; email: string };
  final: boolean;
  /** A test send: banner in the email and a tag in the subject. */
  test?: boolean;
}

/** The subject line of a variant: "Update 3: <officer's subject>" in the locale, test-tagged. */
export function variantSubject(input: VariantInput): string {
  const subject = translator(input.locale).t('statusUpdate.subject', { n: input.updateNumber, subject: safeHeader(input.subject) });
  return safeHeader(input.test ? `${translator(input.locale).t('statusUpdate.testSubjectTag')} ${subject}` : subject);
}

function emailProps(input: VariantInput, values: Record<Slot, string>, recipientName: string): StatusUpdateEmailProps {
  return {
    locale: input.locale,
    contentLocale: input.contentLocale ?? input.locale,
    organisation: input.organisation,
    situationTitle: input.situationTitle,
    updateNumber: input.updateNumber,
    subject: variantSubject(input),
    bodyMarkdown: input.bodyMarkdown,
    acknowledgement: input.acknowledgement,
    contactPoint: input.contactPoint,
    final: input.final,
    test: input.test ?? false,
    recipientName,
    greeting: values.greeting,
    promisedDate: values.promisedDate,
    statusUrl: values.statusUrl,
    unsubscribeUrl: values.unsubscribeUrl,
    replyTo: values.replyTo,
  };
}

async function renderBoth(props: StatusUpdateEmailProps): Promise<{ html: string; text: string }> {
  const element = createElement(StatusUpdateEmail, props);
  const [html, text] = await Promise.all([
    render(element),
    render(element, { plainText: true, htmlToTextOptions: PLAIN_TEXT_OPTIONS }),
  ]);
  // html-to-text leaves up to three line breaks between some blocks; one blank line reads better.
  // (Slot values never contain line breaks, so this cannot depend on the recipient.)
  return { html, text: text.replace(/\n{3,}/g, '\n\n').trim() };
}

function compile(kind: 'html' | 'text', rendered: string, tokenRe: RegExp, nonce: string): CompiledTemplate {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const m of rendered.matchAll(tokenRe)) {
    parts.push(rendered.slice(last, m.index));
    slots.push(m[1] as Slot);
    last = m.index + m[0].length;
  }
  parts.push(rendered.slice(last));
  // A token that came out altered (escaped, wrapped, upper-cased) would leave a
  // fragment of the nonce behind and the recipient would see it: refuse.
  if (parts.some((p) => p.includes(nonce))) {
    throw new Error(`renderVariant: a placeholder in the ${kind} part was altered by rendering`);
  }
  if (!slots.includes('greeting') || !slots.includes('statusUrl') || !slots.includes('unsubscribeUrl')) {
    throw new Error(`renderVariant: the ${kind} part lost a per-recipient placeholder`);
  }
  return { kind, parts, slots };
}

/**
 * Renders one (update, locale) variant once, with placeholders for the
 * per-recipient values, and splits it for {@link personalise}.
 */
export async function renderVariant(input: VariantInput): Promise<RenderedVariant> {
  // A fresh nonce per render: text an officer typed can never pose as a placeholder.
  const nonce = randomBytes(9).toString('base64url').replace(/[^A-Za-z0-9]/g, 'x');
  const token = (slot: Slot) => `%%tidings-${nonce}-${slot}%%`;
  const placeholders = Object.fromEntries(SLOTS.map((s) => [s, token(s)])) as Record<Slot, string>;
  if (input.final) placeholders.promisedDate = '';
  const tokenRe = new RegExp(`%%tidings-${nonce}-(${SLOTS.join('|')})%%`, 'g');
  const { html, text } = await renderBoth(emailProps(input, placeholders, ''));
  return {
    locale: input.locale,
    subject: variantSubject(input),
    html: compile('html', html, tokenRe, nonce),
    text: compile('text', text, tokenRe, nonce),
  };
}

/**
 * The naive path: React renders the whole email for one recipient. Same output
 * as `personalise(await renderVariant(input), r)`; the benchmark compares them.
 */
export async function renderNaive(input: VariantInput, r: RecipientValues): Promise<PersonalisedEmail> {
  const values = recipientSlots(input.locale, input.final, r);
  const { html, text } = await renderBoth(emailProps(input, values, r.name));
  return { subject: variantSubject(input), html, text };
}
