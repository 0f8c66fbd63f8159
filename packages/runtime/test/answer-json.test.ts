import { describe, expect, it } from 'vitest';
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
