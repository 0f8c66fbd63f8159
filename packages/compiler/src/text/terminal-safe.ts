/**
 * Text from a definition or a workflow (state names, values, messages that quote them) is shown on a terminal:
 * control characters (ESC starts a terminal escape sequence, BEL rings, CR overwrites the line) and bidirectional
 * overrides (which reorder what is shown) are printed as `\u{…}` escapes, and a long value is cut, so a hostile or
 * huge definition cannot drive the terminal or flood it. Line breaks and tabs stay: messages and hints use them.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** Characters of one echoed field shown at most; the rest is counted, not printed. */
export const MAX_SHOWN = 2_000;

export function terminalSafe(text: string, max = MAX_SHOWN): string {
  const cut = text.length > max ? `${text.slice(0, max)}… (${(text.length - max).toLocaleString('en-US')} more characters)` : text;
  return cut.replace(UNSAFE, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
