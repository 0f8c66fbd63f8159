/**
 * Most characters one model token decodes to. Claude's tokenizer is not public; its long tokens are runs of
 * whitespace, punctuation or common word pieces, about 16 characters at most (the figure issue 4's brief adopts).
 */
export const MAX_CHARS_PER_TOKEN = 16;

/**
 * Most JSON bytes a character of such a token takes. Long tokens are ASCII: 1 byte, or 2 for the characters JSON
 * escapes with a backslash (`\n` `\t` `\r` `"` `\`), and newline, tab, quote and backslash runs are exactly the long
 * tokens code and markdown produce. Multi-byte characters (2–4 bytes) come in short tokens, a few characters each,
 * well under 32 bytes; the six-byte `\u00XX` escape is for a single control byte, one byte-fallback token.
 */
export const MAX_JSON_BYTES_PER_TOKEN_CHAR = 2;

/** 16 characters × 2 bytes: the stated worst case for one token of agent output, escaped into JSON. */
export const BYTES_PER_TOKEN = MAX_CHARS_PER_TOKEN * MAX_JSON_BYTES_PER_TOKEN_CHAR;

/**
 * Upper bound in bytes for an agent output declared as at most `tokens` tokens: `tokens × 32 + 2`. The 2 are the
 * quotes when the output is one JSON string; when the model writes a JSON object itself, its braces and quotes are
 * tokens already and the 2 are spare. This rests on the per-token assumption above, so callers report it as one.
 */
export function bytesPerTokenBound(tokens: number): number {
  if (!Number.isSafeInteger(tokens) || tokens < 0) {
    throw new RangeError(`token count must be a non-negative integer, got ${String(tokens)}`);
  }
  return tokens * BYTES_PER_TOKEN + 2;
}
