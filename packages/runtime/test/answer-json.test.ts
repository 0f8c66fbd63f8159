import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractJson } from '../src/index.js';

describe('extractJson', () => {
  it.each([
    ['the whole text', '  {"a":1}\n', { a: 1 }],
    ['a bare array', '[1,2]', [1, 2]],
    ['a scalar answer', '42', 42],
    ['a fence with a language', 'Here:\n```json\n{"a":[1]}\n```\nthanks', { a: [1] }],
    ['a fence without one', '```\n["x"]\n```', ['x']],
    ['prose around an object', 'I think {"a":"b"} is right.', { a: 'b' }],
    ['brackets inside strings', 'Result: {"text":"a } and { and \\" quote ]"} end', { text: 'a } and { and " quote ]' }],
    ['a brace in prose before the JSON', 'Use {braces} like this: {"a":2}', { a: 2 }],
    ['nested values', 'x {"a":{"b":[{"c":null}]}} y', { a: { b: [{ c: null }] } }],
  ])('finds JSON as %s', (_, text, value) => {
    expect(extractJson(text)).toEqual({ value });
  });

  it.each([
    ['prose only', 'No JSON at all.'],
    ['an unclosed object', 'Here: {"a": 1'],
    ['an empty answer', ''],
  ])('finds none in %s', (_, text) => {
    expect(extractJson(text)).toBeUndefined();
  });
});

describe('extractJson on any object or array in prose', () => {
  it('finds the value whatever prose surrounds it (prose without brackets, quotes or backticks)', () => {
    const prose = fc.string({ maxLength: 40 }).map((s) => s.replace(/[{}[\]"`]/g, ''));
    const value = fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 5 }));
    fc.assert(
      fc.property(prose, value, prose, (before, v, after) => {
        const json = JSON.stringify(v);
        expect(extractJson(`${before}${json}${after}`)).toEqual({ value: JSON.parse(json) });
      }),
      { numRuns: 300, seed: 14 },
    );
  });
});
