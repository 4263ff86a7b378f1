/**
 * Text that came from input (ids, values quoted in messages, file paths, flags) made
 * safe to print on a terminal: every character that is not printable — C0/C1 controls
 * (ESC starts colour and OSC sequences, BEL ends them, a newline forges a table row),
 * format characters (the bidirectional overrides U+202A–U+202E and isolates
 * U+2066–U+2069 reorder what follows; zero-width characters hide), line and paragraph
 * separators, lone surrogates, private-use and unassigned code points — becomes a
 * visible escape: `\x1b`, `\n`, `\u202e`. Printable text, including non-Latin scripts
 * and the table's own rules (─), passes through unchanged.
 *
 * The one place that decides what reaches the terminal verbatim: the table renderer
 * and every error message go through it.
 */

const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** One line of input-derived text, safe to print: no character of it can act on the terminal. */
export function terminalText(text: string): string {
  return text.replace(UNPRINTABLE, escape);
}

/** Several lines (a message of one problem per line): the newlines kept, each line escaped. */
export function terminalLines(text: string): string {
  return text.split('\n').map(terminalText).join('\n');
}
