/**
 * Separates what a customer wrote from the quoted history and signature their
 * mail client appended, for DISPLAY only; callers keep the original text.
 *
 * Recognised, in en, nb, sv, nl and hu (plus de where cheap):
 * - lines starting with `>`;
 * - reply headers: "On … wrote:", "… skrev …:", "Op … schreef …:" / "… het volgende
 *   geschreven:", "… írta …:", "Am … schrieb …:" (also wrapped over two lines);
 * - Outlook blocks: "-----Original Message-----" and translations, a "From: … Sent: …"
 *   header block (Fra/Sendt, Från/Skickat, Van/Verzonden, Feladó/Elküldve, Von/Gesendet),
 *   and the "_____" rule Outlook puts above it;
 * - signatures after a `-- ` line or a mobile sign-off ("Sent from my iPhone", …).
 *
 * Quoted lines interleaved with answers (inline replies, bottom posting) are removed
 * one by one so the answers stay visible. If nothing visible is left, the full text
 * is returned as visible.
 */

export interface VisibleReply {
  visible: string;
  quoted: string;
}

const QUOTE_LINE = /^\s*>/;

/** A reply header on one line (or on two lines joined with a space). */
const REPLY_HEADERS: readonly RegExp[] = [
  // en: "On Mon, 3 Jun 2024 at 10:00, Jane Doe <jane@example.org> wrote:"
  /^\s*On\s.{0,400}\swrote\s*:\s*$/i,
  // nb/sv/da: "man. 3. jun. 2024 kl. 10:00 skrev Jane Doe <jane@example.org>:",
  //           "Den mån 3 juni 2024 kl 10:00 skrev Jane Doe <jane@example.org>:"
  /^.{0,400}(?:^|\s)skrev(?:\s.{0,400})?:\s*$/iu,
  // nl: "Op ma 3 jun. 2024 om 10:00 schreef Jane Doe <jane@example.org>:",
  //     "Op 3 jun. 2024 om 10:00 heeft Jane Doe <…> het volgende geschreven:"
  /^\s*Op\s.{0,400}\s(?:schreef|geschreven)(?:\s.{0,400})?:\s*$/iu,
  // hu: "Jane Doe <jane@example.org> ezt írta (időpont: 2024. jún. 3., H, 10:00):",
  //     "2024. 06. 03. 10:00 keltezéssel, Jane Doe írta:"
  /^.{0,400}(?:^|\s)írta(?:\s.{0,400})?:\s*$/iu,
  // de: "Am 03.06.2024 um 10:00 schrieb Jane Doe <jane@example.org>:"
  /^\s*Am\s.{0,400}\sschrieb(?:\s.{0,400})?:\s*$/iu,
];

/** "-----Original Message-----" and its translations (Outlook, Thunderbird). */
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|original e-?mail|opprinnelig melding|oprindelig meddelelse|ursprungligt meddelande|originalmeddelande|oorspronkelijk bericht|origineel bericht|eredeti üzenet|ursprüngliche nachricht)\s*-{2,}\s*$/iu;

const OUTLOOK_RULE = /^\s*_{20,}\s*$/;
const FROM_LABEL = /^\s*\*?(?:from|fra|från|van|feladó|von|de)\s*:\*?\s*\S/iu;
const SENT_LABEL = /^\s*\*?(?:sent|date|sendt|dato|skickat|datum|verzonden|elküldve|dátum|küldve|gesendet|envoyé)\s*:\*?\s*\S/iu;
const SENT_INLINE = /\s\*?(?:sent|sendt|skickat|verzonden|elküldve|gesendet)\s*:\*?\s/iu;

const SIGNATURE_DELIMITER = /^--\s*$/;
const SIGN_OFFS: readonly RegExp[] = [
  // en
  /^sent from (?:my |the )?(?:iphone|ipad|android|mobile|phone|samsung|galaxy|blackberry|outlook|mail for windows|yahoo mail|aol)\b/i,
  /^sent from my .{1,40}$/i,
  /^get outlook for (?:ios|android)\b/i,
  // nb/da
  /^sendt fra (?:min |mitt |outlook|e-post)/iu,
  // sv
  /^skickat från (?:min |mitt |outlook|e-post)/iu,
  /^skickades från /iu,
  // nl
  /^(?:verzonden|verstuurd) (?:vanaf|van|met) (?:mijn |outlook|mail)/iu,
  // hu
  /^(?:iphone|ipad|android|samsung|mobil)(?:-ról|-ről|ról|ről)? küldve\b/iu,
  /^(?:iphone|ipad|android)-(?:ról|ről|on) küldtem\b/iu,
  /^küldve (?:az? )?(?:iphone|ipad|android|outlook)/iu,
  // de
  /^von meinem .{1,40} gesendet\b/iu,
];

/** Every client's reply header names a time or an address; a sentence such as
 *  "On Monday I wrote:" or "Jeg skrev til dere 3. juni:" names neither. */
const TIME_OR_ADDRESS = /\d{1,2}[:.]\d{2}|@/;

function isReplyHeader(line: string): boolean {
  return TIME_OR_ADDRESS.test(line) && REPLY_HEADERS.some((re) => re.test(line));
}

function isOutlookFromBlock(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (!FROM_LABEL.test(line)) return false;
  if (SENT_INLINE.test(line)) return true;
  for (let j = i + 1; j <= i + 4 && j < lines.length; j++) {
    if (SENT_LABEL.test(lines[j] ?? '')) return true;
  }
  return false;
}

function isSignOff(line: string): boolean {
  const t = line.trim();
  return SIGNATURE_DELIMITER.test(line) || SIGN_OFFS.some((re) => re.test(t));
}

function nextNonBlank(lines: readonly string[], from: number): string | undefined {
  for (let j = from; j < lines.length; j++) if ((lines[j] ?? '').trim() !== '') return lines[j];
  return undefined;
}

function trimBlankLines(lines: string[]): string {
  return lines.join('\n').replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

export function visibleReply(text: string): VisibleReply {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const keep: boolean[] = lines.map(() => true);

  // 1. Where the quoted history starts: everything from there on is history,
  //    except a reply header directly followed by `>` lines (bottom posting),
  //    where only the header goes and the `>` lines go in step 3.
  let cut = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (ORIGINAL_MESSAGE.test(line) || isOutlookFromBlock(lines, i)) {
      cut = i;
      break;
    }
    if (OUTLOOK_RULE.test(line) && isOutlookFromBlock(lines, i + 1)) {
      cut = i;
      break;
    }
    let headerLines = 0;
    if (isReplyHeader(line)) headerLines = 1;
    else if (i + 1 < lines.length && line.trim() !== '' && isReplyHeader(`${line.trimEnd()} ${(lines[i + 1] ?? '').trim()}`)) headerLines = 2;
    if (headerLines > 0) {
      const after = nextNonBlank(lines, i + headerLines);
      if (after !== undefined && QUOTE_LINE.test(after)) {
        for (let k = i; k < i + headerLines; k++) keep[k] = false;
        i += headerLines - 1;
        continue;
      }
      cut = i;
      break;
    }
  }
  for (let k = cut; k < lines.length; k++) keep[k] = false;

  // 2. A signature before the history: from its delimiter up to the cut.
  for (let i = 0; i < cut; i++) {
    if (keep[i] && isSignOff(lines[i] ?? '')) {
      for (let k = i; k < cut; k++) keep[k] = false;
      break;
    }
  }

  // 3. `>` lines anywhere.
  for (let i = 0; i < lines.length; i++) if (QUOTE_LINE.test(lines[i] ?? '')) keep[i] = false;

  const visibleLines = lines.filter((_, i) => keep[i]);
  const quotedLines = lines.filter((_, i) => !keep[i]);
  const visible = trimBlankLines(visibleLines);
  if (visible.trim() === '') return { visible: text.trim(), quoted: '' };
  return { visible, quoted: trimBlankLines(quotedLines) };
}
