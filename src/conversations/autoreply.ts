/**
 * Recognises automatic inbound mail (out-of-office replies, mailing-list traffic,
 * delivery-status notifications) so it is set aside instead of landing in a
 * responder's queue (DESIGN.md rule 3). Pure: no I/O, no clock.
 *
 * Bounces are checked first, because bounce messages usually also carry
 * `Auto-Submitted: auto-replied` and should be reported as bounces.
 */

export type InboundHeaders = Record<string, string | string[] | undefined>;

export interface InboundMessage {
  headers: InboundHeaders;
  from: string;
  subject: string;
  text?: string;
}

export type InboundClass = { kind: 'human' } | { kind: 'auto_reply' | 'bounce'; reason: string };

/** Header values by lower-cased name; repeated headers are kept in order. */
function normaliseHeaders(headers: InboundHeaders): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.trim().toLowerCase();
    const values = (Array.isArray(value) ? value : [value]).map((v) => String(v).trim());
    out.set(key, [...(out.get(key) ?? []), ...values]);
  }
  return out;
}

/**
 * Reply / forward prefixes in the built-in languages and a few neighbours:
 * en Re/Fwd/Fw, nb/sv/da SV/VS/Sv, nl Antw/Doorst, hu Vá/Válasz/Továbbítás, de AW/WG,
 * plus Outlook's counters ("RE[2]:") and list tags ("[list]").
 */
const PREFIX =
  /^\s*(?:(?:re|fwd?|sv|vs|antw|antwoord|doorst|vá|válasz|továbbítás|aw|wg|tr|ynt)\s*(?:\[\d+\]|\(\d+\))?\s*:|\[[^\]]{1,40}\])\s*/iu;

export function stripSubjectPrefixes(subject: string): string {
  let s = subject.normalize('NFC').trim();
  for (let i = 0; i < 10; i++) {
    const next = s.replace(PREFIX, '');
    if (next === s) break;
    s = next;
  }
  return s;
}

/** Subjects (after reply prefixes) that open an out-of-office / automatic reply. */
const AUTO_REPLY_SUBJECTS: ReadonlyArray<readonly [RegExp, string]> = [
  // en
  [/^out of (?:the )?office\b/i, 'out-of-office subject (en)'],
  [/^(?:automatic|auto)[ -]?(?:reply|response)\b/i, 'automatic-reply subject (en)'],
  [/^autoreply\b/i, 'automatic-reply subject (en)'],
  [/^(?:away from (?:the )?office|on (?:vacation|holiday|leave)|vacation reply|absence notice)\b/i, 'out-of-office subject (en)'],
  // nb (and da)
  [/^automatisk (?:svar|melding)(?=$|[\s:])/iu, 'automatic-reply subject (nb)'],
  [/^autosvar(?=$|[\s:])/iu, 'automatic-reply subject (nb/sv/da)'],
  [/^(?:fraværende|fravær|ikke til stede|ikke på kontoret)(?=$|[\s:,.!])/iu, 'out-of-office subject (nb)'],
  // sv
  [/^automatiskt (?:svar|meddelande)(?=$|[\s:])/iu, 'automatic-reply subject (sv)'],
  [/^(?:frånvaro(?:meddelande)?|frånvarande|inte på kontoret|ej på kontoret)(?=$|[\s:,.!])/iu, 'out-of-office subject (sv)'],
  // nl
  [/^automatisch(?:e)? (?:antwoord|bericht)(?=$|[\s:])/iu, 'automatic-reply subject (nl)'],
  [/^(?:afwezig(?:heid(?:smelding|sbericht)?)?|niet aanwezig|buiten kantoor|niet op kantoor)(?=$|[\s:,.!])/iu, 'out-of-office subject (nl)'],
  // hu
  [/^automatikus (?:válasz|üzenet)(?=$|[\s:])/iu, 'automatic-reply subject (hu)'],
  [/^(?:házon kívül|irodán kívül|szabadságon|távol vagyok)(?=$|[\s:,.!])/iu, 'out-of-office subject (hu)'],
  // de
  [/^(?:automatische antwort|abwesenheitsnotiz|abwesend|nicht im büro)(?=$|[\s:,.!])/iu, 'out-of-office subject (de)'],
];

/** Subjects of delivery-status notifications (non-delivery reports). */
const BOUNCE_SUBJECTS: ReadonlyArray<readonly [RegExp, string]> = [
  // en (Postfix, Exim, Sendmail, Gmail, Outlook)
  [/^undelivered mail returned to sender\b/i, 'bounce subject (en)'],
  [/^delivery status notification\s*\((?:failure|delay)\)/i, 'bounce subject (en)'],
  [/^mail delivery (?:failed|failure|subsystem)\b/i, 'bounce subject (en)'],
  [/^(?:returned mail|undeliverable|undelivered mail|delivery failure|failure notice|delivery has failed|message not delivered|non[- ]?delivery)\b/i, 'bounce subject (en)'],
  [/^mail system error\b/i, 'bounce subject (en)'],
  // nb
  [/^(?:kan ikke leveres|ikke levert|ikke mulig å levere|levering mislyktes)(?=$|[\s:,.!])/iu, 'bounce subject (nb)'],
  // sv
  [/^(?:det gick inte att leverera|olevererbart|kunde inte levereras|leveransfel)(?=$|[\s:,.!])/iu, 'bounce subject (sv)'],
  // nl
  [/^(?:onbestelbaar|niet bestelbaar|kan niet worden bezorgd|bezorging mislukt)(?=$|[\s:,.!])/iu, 'bounce subject (nl)'],
  // hu
  [/^(?:kézbesítési hiba|kézbesíthetetlen|nem kézbesíthető|sikertelen kézbesítés)(?=$|[\s:,.!])/iu, 'bounce subject (hu)'],
  // de
  [/^(?:unzustellbar|nicht zustellbar|zustellung fehlgeschlagen)(?=$|[\s:,.!])/iu, 'bounce subject (de)'],
];

const SYSTEM_SENDER = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)$/i;

/** The address in `Name <local@domain>` or a bare `local@domain`. */
function addressOf(from: string): string {
  const angle = /<([^>]*)>/.exec(from);
  return (angle?.[1] ?? from).trim();
}

function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? address : address.slice(0, at);
}

function contentTypeReport(contentType: string): string | undefined {
  if (!/^\s*multipart\/report\b/i.test(contentType)) return undefined;
  const m = /report-type\s*=\s*"?([\w-]+)"?/i.exec(contentType);
  return m?.[1]?.toLowerCase() ?? '';
}

export function classifyInbound(msg: InboundMessage): InboundClass {
  const h = normaliseHeaders(msg.headers);
  const first = (name: string): string | undefined => h.get(name)?.[0];
  const subject = stripSubjectPrefixes(msg.subject ?? '');

  // ---- bounces -------------------------------------------------------------
  const sender = addressOf(msg.from ?? '');
  if (SYSTEM_SENDER.test(localPart(sender))) return { kind: 'bounce', reason: `sender ${sender}` };
  for (const ct of h.get('content-type') ?? []) {
    const report = contentTypeReport(ct);
    if (report === 'delivery-status') return { kind: 'bounce', reason: 'Content-Type: multipart/report; report-type=delivery-status' };
  }
  if (h.has('x-failed-recipients')) return { kind: 'bounce', reason: 'header X-Failed-Recipients' };
  for (const [re, reason] of BOUNCE_SUBJECTS) if (re.test(subject)) return { kind: 'bounce', reason };

  // ---- automatic replies (headers) ----------------------------------------
  const autoSubmitted = first('auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted !== '' && !/^no\b/i.test(autoSubmitted)) {
    return { kind: 'auto_reply', reason: `Auto-Submitted: ${autoSubmitted}` };
  }
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autorespond-from', 'x-autoreply-from', 'x-mail-autoreply', 'x-autogenerated']) {
    const v = first(name);
    if (v !== undefined && !/^(?:no|false|0)$/i.test(v)) return { kind: 'auto_reply', reason: `header ${name}` };
  }
  const precedence = first('precedence');
  if (precedence !== undefined && /^(?:bulk|auto_reply|auto-reply|junk|list)$/i.test(precedence)) {
    return { kind: 'auto_reply', reason: `Precedence: ${precedence}` };
  }
  const suppress = first('x-auto-response-suppress');
  if (suppress !== undefined && suppress.split(/[\s,;]+/).some((t) => /^(?:all|oof)$/i.test(t))) {
    return { kind: 'auto_reply', reason: `X-Auto-Response-Suppress: ${suppress}` };
  }
  const generated = first('x-ms-exchange-generated-message-source');
  if (generated !== undefined) return { kind: 'auto_reply', reason: `X-MS-Exchange-Generated-Message-Source: ${generated}` };
  if (h.has('x-ms-exchange-inbox-rules-loop')) return { kind: 'auto_reply', reason: 'header X-MS-Exchange-Inbox-Rules-Loop' };
  for (const ct of h.get('content-type') ?? []) {
    if (contentTypeReport(ct) === 'disposition-notification') return { kind: 'auto_reply', reason: 'read receipt (disposition-notification)' };
  }
  if (h.has('list-id')) return { kind: 'auto_reply', reason: 'mailing list (List-Id)' };
  if (h.has('list-unsubscribe')) return { kind: 'auto_reply', reason: 'mailing list (List-Unsubscribe)' };

  // ---- automatic replies (subject) ----------------------------------------
  for (const [re, reason] of AUTO_REPLY_SUBJECTS) if (re.test(subject)) return { kind: 'auto_reply', reason };

  return { kind: 'human' };
}
