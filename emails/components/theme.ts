/**
 * Colours and type for the customer emails. Every text colour meets WCAG AA
 * contrast (4.5:1 or better) on the background it is used on, and nothing
 * depends on images or on colour alone.
 */
import type { CSSProperties } from 'react';

export const FONT_STACK = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const colours = {
  page: '#f3f4f6',
  card: '#ffffff',
  text: '#1f2937', // 14.7:1 on white
  heading: '#111827',
  muted: '#4b5563', // 7.6:1 on white
  link: '#1d4ed8', // 6.7:1 on white
  rule: '#d1d5db',
  ackBorder: '#1d4ed8',
  ackBackground: '#eff6ff',
  testBorder: '#92400e',
  testBackground: '#fef3c7',
  testText: '#78350f',
} as const;

export const styles = {
  body: { backgroundColor: colours.page, margin: 0, padding: '24px 0', fontFamily: FONT_STACK },
  container: {
    backgroundColor: colours.card,
    maxWidth: '600px',
    padding: '32px 32px 24px',
    borderRadius: '6px',
  },
  eyebrow: { margin: '0 0 4px', fontSize: '14px', lineHeight: '20px', color: colours.muted, fontWeight: 600 },
  title: { margin: '0 0 24px', fontSize: '24px', lineHeight: '32px', color: colours.heading, fontWeight: 700 },
  h2: { margin: '0 0 8px', fontSize: '18px', lineHeight: '26px', color: colours.heading, fontWeight: 700 },
  text: { margin: '0 0 16px', fontSize: '16px', lineHeight: '26px', color: colours.text },
  strongText: { margin: '0 0 16px', fontSize: '16px', lineHeight: '26px', color: colours.heading, fontWeight: 700 },
  small: { margin: '0 0 8px', fontSize: '14px', lineHeight: '22px', color: colours.muted },
  link: { color: colours.link, textDecorationLine: 'underline' },
  ack: {
    borderLeft: `4px solid ${colours.ackBorder}`,
    backgroundColor: colours.ackBackground,
    padding: '16px 20px 4px',
    margin: '8px 0 24px',
  },
  ackLabel: { margin: '0 0 8px', fontSize: '16px', lineHeight: '24px', color: colours.heading, fontWeight: 700 },
  test: {
    border: `2px solid ${colours.testBorder}`,
    backgroundColor: colours.testBackground,
    padding: '12px 16px',
    margin: '0 0 24px',
  },
  testText: { margin: 0, fontSize: '15px', lineHeight: '22px', color: colours.testText, fontWeight: 700 },
  hr: { borderTop: `1px solid ${colours.rule}`, margin: '24px 0' },
} satisfies Record<string, CSSProperties>;
