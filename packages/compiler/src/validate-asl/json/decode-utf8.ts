/**
 * Strict UTF-8 decoding for definition files. Node's default decoding replaces bad bytes with U+FFFD, which
 * would hide a Latin-1 or UTF-16 file and validate text AWS never sees (it rejects such a definition), so the
 * bytes are checked first and the first bad one is reported where it is.
 */

export type DecodedText =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      /** The valid text before the first bad byte, for locating it as line:column. */
      readonly prefix: string;
      /** Byte offset of the first byte that is not part of a well-formed UTF-8 sequence. */
      readonly offset: number;
      readonly byte: number;
      /** The file starts with a UTF-16 byte-order mark. */
      readonly utf16: boolean;
    };

// ignoreBOM keeps a UTF-8 byte-order mark as U+FEFF, so offsets stay put; the parser blanks it.
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    return {
      ok: false,
      prefix: strict.decode(bytes.subarray(0, offset)),
      offset,
      byte: bytes[offset] ?? 0,
      utf16: bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)),
    };
  }
}

/**
 * Offset of the first byte that starts no well-formed sequence (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF), or that is a lead byte whose sequence is cut short; `bytes.length` if none.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}
