/** @jsxImportSource react */
/**
 * The daily anchor to auditors: the newest entry of the audit record (its id
 * and keyed hash) as of that day, and whether the chain held when it was
 * taken. Kept in the auditor's mailbox, outside tidings and its database, it
 * lets them find a later cut or rewrite of the record. No images; reads the
 * same as plain text.
 */
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/translate.ts';
import { colours, styles } from './components/theme.ts';

const box = {
  intact: { borderLeft: `4px solid ${colours.ackBorder}`, backgroundColor: colours.ackBackground, padding: '16px 20px 4px', margin: '8px 0 24px' },
  broken: { borderLeft: '4px solid #b91c1c', backgroundColor: '#fef2f2', padding: '16px 20px 4px', margin: '8px 0 24px' },
} as const;

const mono = { ...styles.strongText, fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: '14px', wordBreak: 'break-all' as const };

export interface AuditAnchorEmailProps {
  locale: Locale;
  organisation: string;
  /** The day of the anchor, YYYY-MM-DD (UTC). */
  day: string;
  /** The entry id of the chain's head. */
  seq: number;
  /** Its hash. */
  hash: string;
  /** Whether the whole chain verified when the anchor was taken. */
  intact: boolean;
  /** The auditor's name; empty gives a neutral greeting. */
  auditorName: string;
  /** The audit page. */
  url: string;
}

export function auditAnchorSubject(p: Pick<AuditAnchorEmailProps, 'locale' | 'day' | 'seq'>): string {
  return translator(p.locale).t('auditAnchor.subject', { day: p.day, seq: p.seq });
}

export function AuditAnchorEmail(props: AuditAnchorEmailProps) {
  const { locale } = props;
  const anchor = `${props.seq}:${props.hash}`;
  const name = props.auditorName.trim();
  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <title>{auditAnchorSubject(props)}</title>
      </Head>
      <Preview>{translator(locale).t('auditAnchor.preheader')}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.eyebrow}>{props.organisation}</Text>
          <Heading as="h1" style={styles.title}>
            {translator(locale).t('auditAnchor.heading')}
          </Heading>
          <Text style={styles.text}>{name ? translator(locale).t('auditAnchor.greeting', { name }) : translator(locale).t('auditAnchor.greetingFallback')}</Text>
          <Text style={styles.text}>{translator(locale).t('auditAnchor.intro', { organisation: props.organisation, day: props.day })}</Text>
          <Section style={props.intact ? box.intact : box.broken}>
            <Text style={styles.text}>{translator(locale).t('auditAnchor.anchorLabel')}:</Text>
            <Text style={mono}>{anchor}</Text>
            <Text style={styles.text}>{translator(locale).t(props.intact ? 'auditAnchor.intact' : 'auditAnchor.broken')}</Text>
          </Section>
          <Text style={styles.text}>{translator(locale).t('auditAnchor.howTo', { anchor })}</Text>
          <Text style={{ ...styles.text, fontWeight: 700 }}>
            <Link href={props.url} style={styles.link}>
              {translator(locale).t('auditAnchor.link')}
            </Link>
          </Text>
          <Hr style={styles.hr} />
          <Text style={styles.small}>{translator(locale).t('auditAnchor.footer')}</Text>
        </Container>
      </Body>
    </Html>
  );
}

AuditAnchorEmail.PreviewProps = {
  locale: 'en',
  organisation: 'Bokklubben',
  day: '2026-03-05',
  seq: 48213,
  hash: '9f2c4e0b7d1a5c3e8f6b2d4a0c9e7f1b3d5a7c9e1f3b5d7a9c1e3f5b7d9a1c3e',
  intact: true,
  auditorName: 'Maja Lund',
  url: 'https://tidings.bokklubben.no/audit',
} satisfies AuditAnchorEmailProps;

export default AuditAnchorEmail;
