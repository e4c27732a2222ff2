/** @jsxImportSource react */
/**
 * The customer email for one staged update (DESIGN.md rule 1): what is
 * happening, an explicit apology or thanks, when we write next (or that this is
 * the last update), a named person to talk to, a personal status page and a way
 * to stop these emails. No images; reads the same in a plain-text client.
 *
 * The sending pipeline renders this once per (update, locale) with placeholder
 * tokens in the per-recipient props (see src/sending/render.ts).
 */
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/translate.ts';
import { greetingFor } from './greeting.ts';
import { markdownToEmailHtml, PHONE_LINK_CLASS } from './markdown.ts';
import { Localized } from './components/localized.tsx';
import { styles } from './components/theme.ts';

export type AcknowledgementKind = 'apology' | 'thanks' | 'both';

export interface StatusUpdateEmailProps {
  /** The reader's language: greeting, labels, the promise, the links. */
  locale: Locale;
  /** The language of the officer's words when the update had no version in the reader's (then marked with its own lang). */
  contentLocale?: Locale;
  /** Who is writing, e.g. "Bokklubben". */
  organisation: string;
  /** The situation, e.g. "Bokklubben's restructuring". */
  situationTitle: string;
  /** Position of this update in the situation: 1, 2, 3 … */
  updateNumber: number;
  /** The full subject line (also the document title). */
  subject: string;
  /** The officer's body in Markdown; rendered here with raw HTML disabled. */
  bodyMarkdown: string;
  acknowledgement: { kind: AcknowledgementKind; text: string };
  contactPoint: { name: string; role: string; phone: string };
  /** A final update has no next date and says so. */
  final: boolean;
  /** A test send to the author: shows a banner. */
  test?: boolean;
  /** The recipient's name; empty gives the locale's neutral greeting. */
  recipientName: string;
  /** The whole greeting line; when set it replaces the one built from `recipientName`. */
  greeting?: string;
  /** Next-update date, already written out in the recipient's locale and time zone. Ignored when final. */
  promisedDate: string;
  /** The recipient's signed personal status page. */
  statusUrl: string;
  /** One-click unsubscribe for this situation. */
  unsubscribeUrl: string;
  /** The tracked reply address routed to the contact point. */
  replyTo: string;
}

const ACK_LABEL = { apology: 'statusUpdate.apologyLabel', thanks: 'statusUpdate.thanksLabel', both: 'statusUpdate.apologyAndThanksLabel' } as const;

/** `tel:` URI for a phone number as people write it ("+47 22 12 34 56" → "tel:+4722123456"). */
function telUri(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`;
}

/** Splits the officer's acknowledgement into paragraphs at blank lines. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export function StatusUpdateEmail(props: StatusUpdateEmailProps) {
  const { locale, contactPoint } = props;
  const contentLocale = props.contentLocale ?? locale;
  const contentLang = contentLocale === locale ? undefined : contentLocale;
  const updateLabel = translator(locale).t('statusUpdate.updateLabel', { n: props.updateNumber });
  const preheader =
    (props.test ? `${translator(locale).t('statusUpdate.testBanner')} ` : '') +
    translator(locale).t('statusUpdate.preheader', { n: props.updateNumber, organisation: props.organisation, contact: contactPoint.name });

  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <title>{props.subject}</title>
      </Head>
      <Preview>{preheader}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          {props.test ? (
            <Section style={styles.test}>
              <Text style={styles.testText}>{translator(locale).t('statusUpdate.testBanner')}</Text>
            </Section>
          ) : null}

          <Text style={styles.eyebrow}>{props.organisation}</Text>
          <Heading as="h1" style={styles.title}>
            {`${updateLabel} · ${props.situationTitle}`}
          </Heading>

          <Text style={styles.text}>{props.greeting ?? greetingFor(locale, props.recipientName)}</Text>

          <div lang={contentLang} dangerouslySetInnerHTML={{ __html: markdownToEmailHtml(props.bodyMarkdown, contentLocale) }} />

          <Section style={styles.ack}>
            <Text style={styles.ackLabel}>{translator(locale).t(ACK_LABEL[props.acknowledgement.kind])}</Text>
            {paragraphs(props.acknowledgement.text).map((p, i) => (
              <Text key={i} style={styles.text} lang={contentLang}>
                {p}
              </Text>
            ))}
          </Section>

          <Text style={styles.strongText}>
            {props.final ? translator(locale).t('statusUpdate.final') : translator(locale).t('statusUpdate.promise', { date: props.promisedDate })}
          </Text>

          <Hr style={styles.hr} />

          <Section>
            <Heading as="h2" style={styles.h2}>
              {translator(locale).t('statusUpdate.contactHeading')}
            </Heading>
            <Text style={styles.text}>
              <Localized
                locale={locale}
                k="statusUpdate.contactIntro"
                values={{ name: <strong>{contactPoint.name}</strong>, role: contactPoint.role }}
              />
            </Text>
            {contactPoint.phone.trim() !== '' ? (
              <Text style={styles.text}>
                {`${translator(locale).t('statusUpdate.phoneLabel')}: `}
                <Link className={PHONE_LINK_CLASS} href={telUri(contactPoint.phone)} style={styles.link}>
                  {contactPoint.phone}
                </Link>
              </Text>
            ) : null}
            <Text style={styles.text}>
              <Localized
                locale={locale}
                k="statusUpdate.replyHint"
                values={{
                  email: (
                    <Link href={`mailto:${props.replyTo}`} style={styles.link}>
                      {props.replyTo}
                    </Link>
                  ),
                }}
              />
            </Text>
          </Section>

          <Section>
            <Text style={{ ...styles.text, margin: '8px 0 4px', fontWeight: 700 }}>
              <Link href={props.statusUrl} style={styles.link}>
                {translator(locale).t('statusUpdate.statusPageLink')}
              </Link>
            </Text>
            <Text style={styles.small}>{translator(locale).t('statusUpdate.statusPageExplanation')}</Text>
          </Section>

          <Hr style={styles.hr} />

          <Text style={styles.small}>{`${props.organisation} · ${translator(locale).t('statusUpdate.footerReason')}`}</Text>
          <Text style={styles.small}>
            <Link href={props.unsubscribeUrl} style={styles.link}>
              {translator(locale).t('statusUpdate.unsubscribe')}
            </Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

StatusUpdateEmail.PreviewProps = {
  locale: 'en',
  organisation: 'Bokklubben',
  situationTitle: "Bokklubben's restructuring",
  updateNumber: 3,
  subject: "Update 3: What the court's decision means for your membership",
  bodyMarkdown: [
    'On Monday the Oslo District Court approved our restructuring plan. Bokklubben will keep running while the plan is carried out, and **your membership continues as before**.',
    '',
    'What this means for you:',
    '',
    '- Books you have already paid for will be sent by **20 March**. If one has not arrived by then, tell us and we will refund it.',
    '- Your credit of bonus points is kept in full.',
    '- The monthly selection pauses in April. You will not be charged for April.',
    '',
    'The administrator publishes the plan at www.bokklubben.no/restrukturering.',
  ].join('\n'),
  acknowledgement: {
    kind: 'both',
    text: 'We are sorry that deliveries in February were late and that we did not tell you sooner. And thank you: more than nine in ten members have stayed with us through this.',
  },
  contactPoint: { name: 'Ingrid Dahl', role: 'Head of member relations', phone: '+47 22 12 34 56' },
  final: false,
  test: false,
  recipientName: 'Kari Nordmann',
  promisedDate: 'Thursday 5 March 2026',
  statusUrl: 'https://tidings.bokklubben.no/c/eyJjIjoiNDIiLCJzIjoiNyJ9.preview',
  unsubscribeUrl: 'https://tidings.bokklubben.no/unsubscribe/eyJjIjoiNDIiLCJzIjoiNyJ9.preview',
  replyTo: 'r-7-42@replies.bokklubben.no',
} satisfies StatusUpdateEmailProps;

export default StatusUpdateEmail;
