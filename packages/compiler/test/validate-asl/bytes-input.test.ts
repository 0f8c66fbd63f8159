import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAslBytes, validateAslText } from '../../src/validate-asl/index.js';
import { firstInvalidByte } from '../../src/validate-asl/json/decode-utf8.js';

const VALID = '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Comment": "caf\u00e9 \u{1F600}", "End": true }\n  }\n}\n';
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const fatal = new TextDecoder('utf-8', { fatal: true });

describe('validateAslBytes', () => {
  it('validates valid UTF-8 exactly as text, byte-order mark included', () => {
    expect(validateAslBytes(Buffer.from(VALID))).toEqual([]);
    expect(validateAslBytes(bytes([0xef, 0xbb, 0xbf], VALID))).toEqual([]);
    const broken = VALID.replace('"End": true', '"Next": "B"');
    expect(validateAslBytes(Buffer.from(broken), { file: 'x.json' })).toEqual(validateAslText(broken, { file: 'x.json' }));
  });

  it.each([
    ['a Latin-1 byte', bytes('{"Comment": "caf', [0xe9], '"}'), 1, 17, 0xe9, 16],
    ['0xFF', bytes('{\n  "A":\n  "', [0xff], '"}'), 3, 4, 0xff, 12],
    ['an overlong "/"', bytes('{"a": "', [0xc0, 0xaf], '"}'), 1, 8, 0xc0, 7],
    ['a UTF-16 surrogate', bytes('{"a": "', [0xed, 0xa0, 0x80], '"}'), 1, 8, 0xed, 7],
    ['a code point above U+10FFFF', bytes('{"a": "', [0xf4, 0x90, 0x80, 0x80], '"}'), 1, 8, 0xf4, 7],
    ['a sequence cut short by the end of the file', bytes('{"a": "x"}', [0xe2, 0x82]), 1, 11, 0xe2, 10],
    ['a lone continuation byte after an astral character', bytes('{"a": "\u{1F600}', [0x80], '"}'), 1, 10, 0x80, 11],
    ['CRLF lines', bytes('{\r\n"a": 1,\r\n"b": "', [0x92], '"}'), 3, 7, 0x92, 18],
  ])('reports %s as INVALID_UTF8 at its line:column', (_, input, line, column, byte, offset) => {
    const diagnostics = validateAslBytes(input, { file: 'bad.json' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'INVALID_UTF8', severity: 'error', pointer: '', loc: { file: 'bad.json', line, column } });
    expect(diagnostics[0]!.message).toBe(`Byte 0x${byte.toString(16).toUpperCase()} at byte offset ${offset} is not valid UTF-8.`);
    expect(diagnostics[0]!.hint).toMatch(/UTF-8/);
  });

  it('says when the file is UTF-16', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')]);
    const [diagnostic] = validateAslBytes(utf16);
    expect(diagnostic).toMatchObject({ code: 'INVALID_UTF8', loc: { line: 1, column: 1 } });
    expect(diagnostic!.hint).toMatch(/UTF-16 byte-order mark/);
  });

  it('finds the first bad byte exactly where a strict decoder stops (random bytes)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 8 }), (head, tail) => {
        const input = Buffer.concat([Buffer.from(head), Buffer.from('\u00e9\u{1F600}'), Buffer.from(tail)]);
        const offset = firstInvalidByte(input);
        let valid = true;
        try {
          fatal.decode(input);
        } catch {
          valid = false;
        }
        expect(offset === input.length).toBe(valid);
        // Everything before the reported byte decodes, and no shorter cut hides the problem.
        expect(() => fatal.decode(input.subarray(0, offset))).not.toThrow();
        if (!valid) expect(() => fatal.decode(input.subarray(0, offset + 4))).toThrow();
      }),
      { numRuns: 2000, seed: 9 },
    );
  });
});
