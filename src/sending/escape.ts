/*
 * What makes a value safe where it goes in an email: a header line, or HTML.
 */

/**
 * Makes a value safe for a mail header: every run of control characters (CR,
 * LF, TAB, NUL, NEL …) and Unicode line/paragraph separators becomes one space,
 * and the result is trimmed. A subject can never carry a line break.
 */
export function safeHeader(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

// Exactly React's escaping (react-dom's escapeTextForBrowser), for text and attributes alike,
// so the filled-in HTML is byte for byte what React would have produced.
const HTML_SPECIAL = /["'&<>]/;
const HTML_SPECIAL_ALL = /["'&<>]/g;
const HTML_ENTITY: Record<string, string> = { '"': '&quot;', "'": '&#x27;', '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const entity = (c: string) => HTML_ENTITY[c]!;

/** Escapes `& < > " '` (safe in text and in quoted attribute values). */
export function escapeHtml(value: string): string {
  return HTML_SPECIAL.test(value) ? value.replace(HTML_SPECIAL_ALL, entity) : value;
}

/** A display name safe for an address header: one line, quoted, no quote or backslash inside. */
export function displayName(name: string): string {
  return `"${safeHeader(name).replace(/["\\<>]/g, '')}"`;
}

/**
 * The From header: the configured one when it names a sender
 * (`Bokklubben Kundeservice <kundeservice@bokklubben.no>`), else the configured
 * address under `name` (the organisation, for customers), so customers see who
 * writes to them and never the tool's name.
 */
export function fromHeader(configured: string, name: string): string {
  if (/^\s*[^<\s][^<]*<[^<>]+>\s*$/.test(configured)) return configured;
  const address = (/<([^<>]+)>/.exec(configured)?.[1] ?? configured).trim();
  return `${displayName(name)} <${address}>`;
}
