/**
 * The body of an update is written in Markdown and rendered here to email-safe
 * HTML (inline styles, no raw HTML ever) and to readable plain text; the
 * customer's status page renders it here too, by the same rules, unstyled.
 *
 * Safety: markdown-it runs with `html: false`, so anything that looks like HTML
 * in the officer's text is escaped and shown as text. Links are limited to
 * http(s), mailto and tel; anything else (javascript:, data:, file:, relative
 * paths that mean nothing in a mailbox) is left as plain text, not a link.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { toPlainText } from '@react-email/render';
import type { Locale } from '../i18n/locales.ts';

/** Typographic quotes per locale (markdown-it's typographer replaces "…" and '…'). */
const QUOTES: Record<Locale, string> = {
  en: '“”‘’',
  nb: '«»‘’',
  sv: '””’’',
  nl: '“”‘’',
  hu: '„”»«',
};

const TEXT_COLOUR = '#1f2937';
const LINK_COLOUR = '#1d4ed8';

/** Inline styles per element: email clients ignore most <style> blocks. */
const STYLES: Record<string, string> = {
  p: `margin:0 0 16px;font-size:16px;line-height:26px;color:${TEXT_COLOUR}`,
  h2: `margin:24px 0 12px;font-size:20px;line-height:28px;font-weight:700;color:#111827`,
  h3: `margin:20px 0 8px;font-size:18px;line-height:26px;font-weight:700;color:#111827`,
  h4: `margin:16px 0 8px;font-size:16px;line-height:24px;font-weight:700;color:#111827`,
  h5: `margin:16px 0 8px;font-size:16px;line-height:24px;font-weight:700;color:#111827`,
  h6: `margin:16px 0 8px;font-size:16px;line-height:24px;font-weight:700;color:#111827`,
  ul: `margin:0 0 16px;padding-left:24px;font-size:16px;line-height:26px;color:${TEXT_COLOUR}`,
  ol: `margin:0 0 16px;padding-left:24px;font-size:16px;line-height:26px;color:${TEXT_COLOUR}`,
  li: 'margin:0 0 4px',
  blockquote: 'margin:0 0 16px;padding:0 0 0 12px;border-left:3px solid #9ca3af;color:#374151',
  a: `color:${LINK_COLOUR};text-decoration:underline`,
  code: 'font-family:Menlo,Consolas,monospace;font-size:14px;background-color:#f3f4f6;padding:1px 4px',
  hr: 'border:none;border-top:1px solid #d1d5db;margin:24px 0',
  table: 'border-collapse:collapse;margin:0 0 16px;font-size:15px;line-height:22px',
  th: `border:1px solid #d1d5db;padding:6px 8px;text-align:left;color:${TEXT_COLOUR}`,
  td: `border:1px solid #d1d5db;padding:6px 8px;color:${TEXT_COLOUR}`,
};
const PRE_STYLE =
  'margin:0 0 16px;padding:12px;background-color:#f3f4f6;font-family:Menlo,Consolas,monospace;font-size:14px;line-height:20px;white-space:pre-wrap;word-break:break-word';

const ALLOWED_SCHEME = /^(https?:|mailto:|tel:)/i;

function addStyle(token: Token, style: string | undefined): void {
  if (!style) return;
  const existing = token.attrGet('style');
  // Ours first, so markdown-it's own (table alignment) wins.
  token.attrSet('style', existing ? `${style};${existing}` : style);
}

/** How one rendering differs: the email's inline styles, and the level the body's own headings start at. */
interface RenderEnv {
  styled: boolean;
  /** How many levels the body's headings move down: a "# Heading" becomes h(1 + shift). */
  headingShift: number;
}

function adjustTokens(tokens: Token[], env: RenderEnv): void {
  for (const token of tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      // The surrounding document owns the headings above the body's (the email's <h1>, a page's update heading).
      const level = Math.min(6, Number(token.tag.slice(1)) + env.headingShift);
      token.tag = `h${level}`;
    }
    if (env.styled && (token.nesting === 1 || token.type === 'hr' || token.type === 'code_inline')) {
      addStyle(token, STYLES[token.tag]);
    }
    // Marks the officer's tables as data tables for the plain-text part (the email's
    // own layout tables are presentation only).
    if (token.type === 'table_open') token.attrSet('class', 'tidings-data');
    if (token.children) adjustTokens(token.children, env);
  }
}

function createMarkdown(locale: Locale): MarkdownIt {
  const md = new MarkdownIt('default', {
    html: false,
    linkify: true,
    typographer: true,
    breaks: true,
    quotes: QUOTES[locale],
  });
  const builtInValidate = md.validateLink.bind(md);
  // Keep markdown-it's own check (it already refuses javascript:, vbscript:, file:)
  // and only allow the schemes that make sense in an email.
  md.validateLink = (url: string) => builtInValidate(url) && ALLOWED_SCHEME.test(url.trim());
  const escape = md.utils.escapeHtml;
  const pre = (content: string, env: RenderEnv) => `<pre${env.styled ? ` style="${PRE_STYLE}"` : ''}><code>${escape(content)}</code></pre>\n`;
  md.renderer.rules.fence = (tokens, idx, _options, env: RenderEnv) => pre(tokens[idx]!.content, env);
  md.renderer.rules.code_block = (tokens, idx, _options, env: RenderEnv) => pre(tokens[idx]!.content, env);
  // Emails must read well without images: an image becomes a link to it.
  md.renderer.rules.image = (tokens, idx, _options, env: RenderEnv) => {
    const token = tokens[idx]!;
    const src = token.attrGet('src') ?? '';
    const label = token.content.trim() || src;
    return `<a href="${escape(src)}"${env.styled ? ` style="${STYLES.a}"` : ''}>${escape(label)}</a>`;
  };
  return md;
}

const instances = new Map<Locale, MarkdownIt>();
function markdownFor(locale: Locale): MarkdownIt {
  let md = instances.get(locale);
  if (!md) {
    md = createMarkdown(locale);
    instances.set(locale, md);
  }
  return md;
}

/**
 * Renders an update's Markdown body to HTML for an email: inline styles, raw
 * HTML shown as text, links only http(s)/mailto/tel. `locale` picks the
 * typographic quotes (default English).
 */
export function markdownToEmailHtml(md: string, locale: Locale = 'en'): string {
  return renderMarkdown(md, locale, { styled: true, headingShift: 1 });
}

/**
 * The same body rendered by the same rules for a web page (the customer's
 * status page): no inline styles (the page's stylesheet styles it, and its
 * Content-Security-Policy allows no style attributes), headings from
 * `firstHeadingLevel` down.
 */
export function markdownToPageHtml(md: string, locale: Locale, firstHeadingLevel: number): string {
  return renderMarkdown(md, locale, { styled: false, headingShift: firstHeadingLevel - 1 });
}

function renderMarkdown(src: string, locale: Locale, env: RenderEnv): string {
  const md = markdownFor(locale);
  const tokens = md.parse(src, env);
  adjustTokens(tokens, env);
  return md.renderer.render(tokens, md.options, env);
}

/** Class of a `tel:` link whose text is the phone number itself. */
export const PHONE_LINK_CLASS = 'tidings-phone';

/**
 * html-to-text options for every plain-text part tidings produces: links as
 * "text (url)" (the URL left out when it is the text), list items with "- ",
 * headings in their own case, no hard wrapping (clients wrap), hidden
 * preheaders and images skipped, phone links whose text is the number
 * (class {@link PHONE_LINK_CLASS}) shown as the number only.
 */
export const PLAIN_TEXT_OPTIONS = {
  wordwrap: false as const,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: '[data-skip-in-text=true]', format: 'skip' },
    { selector: 'a', options: { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true } },
    { selector: `a.${PHONE_LINK_CLASS}`, format: 'anchor', options: { ignoreHref: true } },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'ul', options: { itemPrefix: '- ' } },
    { selector: 'table.tidings-data', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
};

/** Converts email HTML to the plain-text part with {@link PLAIN_TEXT_OPTIONS}. */
export function htmlToText(html: string): string {
  return toPlainText(html, PLAIN_TEXT_OPTIONS);
}

/** Renders an update's Markdown body as readable plain text (for the text part and previews). */
export function markdownToText(md: string, locale: Locale = 'en'): string {
  return htmlToText(markdownToEmailHtml(md, locale)).trim();
}
