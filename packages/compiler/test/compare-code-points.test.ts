import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../src/index.js';

describe('compareCodePoints', () => {
  it('orders by code point, not by locale', () => {
    // Danish collation puts "aa" (å) after "z"; code point order does not.
    expect(['z', 'aa', 'B', 'a'].sort(compareCodePoints)).toEqual(['B', 'a', 'aa', 'z']);
    expect(compareCodePoints('a', 'a')).toBe(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
  });

  it('puts U+E000–U+FFFF before astral characters, unlike UTF-16 code unit order', () => {
    const bmp = '\uff5e'; // FULLWIDTH TILDE, U+FF5E
    const astral = '\u{1f600}'; // U+1F600, a surrogate pair
    expect([astral, bmp].sort()).toEqual([astral, bmp]);
    expect([astral, bmp].sort(compareCodePoints)).toEqual([bmp, astral]);
    expect(compareCodePoints('\ud7ff', '\ue000')).toBeLessThan(0);
    expect(compareCodePoints('\u{10000}', '\u{10ffff}')).toBeLessThan(0);
  });

  it('agrees with comparing the code point arrays', () => {
    const samples = ['', 'a', 'aa', 'Z', 'é', '\uffff', '\u{10000}', '\u{1f600}x', '\ue000', '\ud7ff', 'a\u{1f600}', 'a\uffff'];
    const byArrays = (a: string, b: string) => {
      const x = [...a].map((c) => c.codePointAt(0)!);
      const y = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return x.length - y.length;
    };
    for (const a of samples) for (const b of samples) expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byArrays(a, b)));
  });
});
