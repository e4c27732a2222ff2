import { AppError } from './errors.ts';

/*
 * Text from outside (forms, JSON bodies, query strings, paths, CSV cells) may
 * hold no control characters (Unicode Cc: C0, DEL, C1) but tab and line breaks.
 * PostgreSQL cannot store NUL at all, so one used to end in a 500 after parts of
 * a request had run; the others (escape sequences, backspace, form feed) have
 * no place in a name, a note or an address, and can hide text in a terminal or
 * a spreadsheet.
 *
 * Carriage return is allowed only right before a newline: browsers send every
 * line break typed in a textarea as CRLF (the HTML standard's form submission
 * normalises newlines to CRLF), so refusing CR would refuse every multi-line
 * note typed in a browser. Checking instead of rewriting keeps the one rule
 * outside the handlers: a lone CR, which no browser or editor sends as a line
 * end, is refused like any other control character.
 */
const CONTROL = /\r(?!\n)|(?![\t\n\r])\p{Cc}/u;

const NAMES: Record<number, string> = { 0x00: 'NUL', 0x0d: 'CR without a line feed', 0x1b: 'ESC', 0x7f: 'DEL' };

/** The first control character a text may not hold, as U+XXXX and its name, or null when the text is clean. */
export function controlCharacterIn(text: string): string | null {
  const m = CONTROL.exec(text);
  if (!m) return null;
  const code = m[0].codePointAt(0)!;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${NAMES[code] ? ` (${NAMES[code]})` : ''}`;
}

/** Why a text is refused, or null: the sentence a refusal and a rejected import row give. */
export function controlCharacterProblem(text: string): string | null {
  const found = controlCharacterIn(text);
  return found && `contains the control character ${found}; only tab and line breaks are allowed`;
}

/** A field name fit to echo: its own control characters written as \u escapes. */
export const printableFieldName = (name: string) => name.replace(/\p{Cc}/gu, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The one refusal of a text with a control character: 400 `invalid_input`, naming the field. */
export function refuseControlCharacter(field: string, problem: string): AppError {
  const name = printableFieldName(field);
  return new AppError('invalid_input', `${name}: ${problem}`, [{ field: name, message: problem }]);
}
