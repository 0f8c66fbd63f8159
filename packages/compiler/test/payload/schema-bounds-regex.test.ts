import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anchoredPatternBound } from '../../src/passes/payload/schema-bounds/regex-bound.js';

/** JSON bytes of a string's content: without its two quotes. */
function contentBytes(s: string): number {
  return Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;
}

describe('anchoredPatternBound: content bytes and bytes per character', () => {
  it.each([
    [/^$/, 0, 0],
    [/^abc$/, 3, 1],
    [/^a{2,5}$/, 5, 1],
    [/^a{0}$/, 0, 0],
    [/^a?b*$/, Infinity, 1],
    [/^a{2,}$/, Infinity, 1],
    [/^(?:ab|c"d){1,2}\\$/, 2 * 4 + 2, 2],
    [/^(?<word>\w{1,5})$/, 5, 1],
    [/^\d{3}-\w{2}\s?$/, 3 + 1 + 2 + 6, 6],
    [/^[\x00-\x1f]{0,3}$/, 18, 6],
    [/^[\t\n\r]{2}$/, 4, 2],
    [/^\u00e9{2}$/, 4, 2],
    [/^[^a]{0,2}$/, 12, 6],
    [/^.{0,4}$/, 24, 6],
    [/^[😀-🙏]{1,3}$/u, 12, 4],
    [/^\u{1F600}$/u, 4, 4],
    [/^😀$/, 12, 6], // without u: two lone-surrogate atoms, 6 each
    [/^(a|bb|ccc)$/, 3, 1],
    [/^a$|^bcd$/, 3, 1],
    [/^(?=.{1,3}$)[a-z]+$/, Infinity, 1], // a lookahead consumes nothing and bounds nothing here
    [/^\bword\b$/, 4, 1],
    [/^[a-c-]{2}$/, 2, 1],
    [/^[\d-]{2}$/, 2, 1],
    [/^[\d-z]{2}$/, 12, 6], // an escape as a range end reads as a union (Annex B): conservative
    [/^\cA$/, 6, 6],
    [/^\0$/, 6, 6],
    [/^\x41\u0042$/, 2, 1],
    [/^[ABC]{3}$/i, 3, 1], // without u, ASCII only folds to ASCII
    [/^[ABC]{3}$/iu, 18, 6], // with u, k and s fold to U+212A and U+017F
    [/^[é]$/i, 6, 6],
    [/^{}$/, 2, 1], // Annex B: a brace that is no quantifier is a literal
    [/^(a)\1$/, Infinity, 6], // backreference: not tracked
  ])('%s → %d bytes, %d a character', (pattern, bytes, perChar) => {
    expect(anchoredPatternBound(pattern)).toEqual({ contentBytes: bytes, bytesPerChar: perChar });
  });

  it.each([
    ['not anchored at the start', /abc$/],
    ['not anchored at the end', /^abc/],
    ['one alternative unanchored', /^a$|b/],
    ['anchors inside a group', /(^a$)/],
    ['multiline', /^a$/m],
    ['unicode sets', new RegExp('^[a]$', 'v')],
    // Node 20 cannot build (?i:…) yet; the reader only needs source and flags.
    ['inline modifiers', { source: '^(?i:a)$', flags: 'i', multiline: false, unicode: false, ignoreCase: false } as RegExp],
  ])('%s: no information', (_name, pattern) => {
    expect(anchoredPatternBound(pattern)).toBeUndefined();
  });
});

const r = z.regexes;

/** zod's own format patterns that fast-check can generate from, and hand-written ones for the corners. */
const PATTERNS: readonly RegExp[] = [
  r.uuid(),
  r.guid,
  r.email,
  r.ipv4,
  r.e164,
  r.date,
  r.nanoid,
  r.ulid,
  r.xid,
  r.ksuid,
  r.cidrv4,
  r.mac(),
  r.base64,
  r.time({}),
  r.datetime({}),
  r.cuid,
  r.cuid2,
  r.html5Email,
  r.idnEmail,
  r.ipv6,
  /^[\x00-\x1f"\\]{0,6}$/,
  /^(?:ab|c"d){1,2}\\$/,
  /^[^a]{0,3}$/,
  /^.{0,4}$/,
  /^.{0,4}$/s,
  /^[😀-🙏é]{1,3}$/u,
  /^\d{3}-\w{2}\s?$/,
  /^[\u0800-\uffff]{0,3}$/,
  /^(a|bb|ccc){1,3}$/,
];

describe('anchoredPatternBound never underestimates (fast-check)', () => {
  it('strings generated from the pattern fit its bound', () => {
    const sample = fc.oneof(...PATTERNS.map((pattern) => fc.tuple(fc.constant(pattern), fc.stringMatching(pattern))));
    fc.assert(
      fc.property(sample, ([pattern, s]) => {
        expect(pattern.test(s)).toBe(true);
        const bound = anchoredPatternBound(pattern);
        expect(bound, String(pattern)).toBeDefined();
        expect(contentBytes(s)).toBeLessThanOrEqual(bound!.contentBytes);
        for (const ch of s) expect(contentBytes(ch)).toBeLessThanOrEqual(bound!.bytesPerChar);
      }),
      { numRuns: 1500 },
    );
  });
});
