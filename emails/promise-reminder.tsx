/** @jsxImportSource react */
/**
 * The reminder to a situation's officers about a promise (DESIGN.md rule 2):
 * before the promised next-update date ('due_soon') and once it has passed
 * without an update ('overdue'). Says which update made the promise, by when,
 * how much time is left (or how late it is), how many recipients were promised
 * and how many a later update has already reached, and links to the situation
 * to write the next update. No images; reads the same as plain text.
 */
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import type { Locale } from '../i18n/locales.ts';
import { translator } from '../i18n/translate.ts';
import { colours, styles } from './components/theme.ts';

/** The facts box: blue while time is left, red once overdue (text stays dark: contrast does not rely on the colour). */
const box = {
  due_soon: { borderLeft: `4px solid ${colours.ackBorder}`, backgroundColor: colours.ackBackground, padding: '16px 20px 4px', margin: '8px 0 24px' },
  overdue: { borderLeft: '4px solid #b91c1c', backgroundColor: '#fef2f2', padding: '16px 20px 4px', margin: '8px 0 24px' },
} as const;

export type PromiseReminderKind = 'due_soon' | 'overdue';

export interface PromiseReminderEmailProps {
  locale: Locale;
  kind: PromiseReminderKind;
  /** Who the reminder is from, e.g. "Bokklubben". */
  organisation: string;
  situationTitle: string;
  /** The number of the update that made the promise. */
  updateNumber: number;
  /** The promised date, already written out in the locale (see formatOfficerDateTime). */
  dueDate: string;
  /** Time left ('due_soon') or how late it is ('overdue'), already written out (see formatDuration). */
  timeSpan: string;
  /** Recipients the promise was made to. */
  recipients: number;
  /** Of those, how many a later update has reached (partial overlap when 0 < reached < recipients). */
  reached: number;
  /** The officer's name; empty gives a neutral greeting. */
  officerName: string;
  /** The situation's page, where the next update is started. */
  url: string;
}

/** The subject line of a reminder (one line; the caller makes it header-safe). */
export function promiseReminderSubject(p: Pick<PromiseReminderEmailProps, 'locale' | 'kind' | 'situationTitle' | 'timeSpan'>): string {
  return translator(p.locale).t(p.kind === 'overdue' ? 'promiseReminder.subjectOverdue' : 'promiseReminder.subjectDueSoon', { title: p.situationTitle, time: p.timeSpan });
}

export function PromiseReminderEmail(props: PromiseReminderEmailProps) {
  const { locale, kind } = props;
  const overdue = kind === 'overdue';
  const n = (v: number) => translator(locale).number(v);
  const preheader = translator(locale).t(overdue ? 'promiseReminder.preheaderOverdue' : 'promiseReminder.preheaderDueSoon', { recipients: n(props.recipients), date: props.dueDate });
  const name = props.officerName.trim();
  const reached = Math.min(props.reached, props.recipients);

  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <title>{promiseReminderSubject(props)}</title>
      </Head>
      <Preview>{preheader}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.eyebrow}>{props.organisation}</Text>
          <Heading as="h1" style={styles.title}>
            {translator(locale).t(overdue ? 'promiseReminder.headingOverdue' : 'promiseReminder.headingDueSoon')}
          </Heading>

          <Text style={styles.text}>{name ? translator(locale).t('promiseReminder.greeting', { name }) : translator(locale).t('promiseReminder.greetingFallback')}</Text>
          <Text style={styles.text}>{translator(locale).t(overdue ? 'promiseReminder.introOverdue' : 'promiseReminder.introDueSoon', { n: props.updateNumber, title: props.situationTitle })}</Text>

          <Section style={box[kind]}>
            <Text style={styles.strongText}>{`${translator(locale).t('promiseReminder.dueLabel')}: ${props.dueDate}`}</Text>
            <Text style={styles.strongText}>{`${translator(locale).t(overdue ? 'promiseReminder.overdueByLabel' : 'promiseReminder.timeLeftLabel')}: ${props.timeSpan}`}</Text>
            <Text style={styles.text}>{`${translator(locale).t('promiseReminder.recipientsLabel')}: ${n(props.recipients)}`}</Text>
            <Text style={styles.text}>
              {reached > 0
                ? translator(locale).t('promiseReminder.reachedPartial', { reached: n(reached), recipients: n(props.recipients), waiting: n(props.recipients - reached) })
                : translator(locale).t('promiseReminder.reachedNone')}
            </Text>
          </Section>

          <Text style={styles.text}>{translator(locale).t(overdue ? 'promiseReminder.actionOverdue' : 'promiseReminder.actionDueSoon')}</Text>
          <Text style={{ ...styles.text, fontWeight: 700 }}>
            <Link href={props.url} style={styles.link}>
              {translator(locale).t('promiseReminder.link')}
            </Link>
          </Text>

          <Hr style={styles.hr} />
          <Text style={styles.small}>{translator(locale).t('promiseReminder.footer')}</Text>
        </Container>
      </Body>
    </Html>
  );
}

PromiseReminderEmail.PreviewProps = {
  locale: 'en',
  kind: 'due_soon',
  organisation: 'Bokklubben',
  situationTitle: "Bokklubben's restructuring",
  updateNumber: 3,
  dueDate: 'Thursday, 5 March 2026 at 15:00 UTC',
  timeSpan: '20 hours',
  recipients: 12480,
  reached: 3120,
  officerName: 'Ingrid Dahl',
  url: 'https://tidings.bokklubben.no/situations/7',
} satisfies PromiseReminderEmailProps;

export default PromiseReminderEmail;
