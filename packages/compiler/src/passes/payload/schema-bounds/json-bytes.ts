/**
 * UTF-8 bytes of `JSON.stringify(value)` for a constant taken from a schema (a literal, an enum option, a default).
 * `undefined` for a value JSON cannot write (a bigint, a cycle). A value JSON.stringify drops (undefined, a function,
 * a symbol) counts as `null`, the form it takes inside an array.
 */
export function constantJsonBytes(value: unknown): number | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return undefined;
  }
  return text === undefined ? 4 : Buffer.byteLength(text, 'utf8');
}

/** A property name as JSON writes it: quoted and escaped like any string. */
export function quotedKeyBytes(key: string): number {
  return Buffer.byteLength(JSON.stringify(key), 'utf8');
}

/**
 * JSON.stringify (ES2019 well-formed) writes each character of a string as:
 * U+0000–001F → `\u00XX` (6 bytes) except \b \t \n \f \r (2); `"` and `\` → 2; other ASCII → 1;
 * U+0080–07FF → 2; U+0800–FFFF → 3; a lone surrogate → `\udXXX` (6); an astral character (a surrogate pair) → 4.
 * Each row: first and last code point, bytes for one such character.
 */
const SEGMENTS: readonly (readonly [number, number, number])[] = [
  [0x00, 0x07, 6],
  [0x08, 0x0a, 2],
  [0x0b, 0x0b, 6],
  [0x0c, 0x0d, 2],
  [0x0e, 0x1f, 6],
  [0x20, 0x21, 1],
  [0x22, 0x22, 2],
  [0x23, 0x5b, 1],
  [0x5c, 0x5c, 2],
  [0x5d, 0x7f, 1],
  [0x80, 0x7ff, 2],
  [0x800, 0xd7ff, 3],
  [0xd800, 0xdfff, 6],
  [0xe000, 0xffff, 3],
  [0x10000, 0x10ffff, 4],
];

/**
 * The worst case for one character as zod counts string length (code points: a pair is one, a lone surrogate is
 * one): a control character escaped as `\u00XX`, or a lone surrogate as `\udXXX`. A pair is only 4.
 */
export const MAX_BYTES_PER_CHAR = 6;

/** Worst JSON bytes for one character in [lo, hi]. */
export function rangeJsonBytes(lo: number, hi: number): number {
  let bytes = 0;
  for (const [from, to, b] of SEGMENTS) {
    if (to >= lo && from <= hi) bytes = Math.max(bytes, b);
  }
  return bytes;
}
