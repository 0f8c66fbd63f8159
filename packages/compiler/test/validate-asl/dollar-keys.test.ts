// The query-language rule skips its search for ".$" keys when the definition's text provably holds none.
import { describe, expect, it } from 'vitest';
import { mayHoldDollarKeys } from '../../src/validate-asl/json/dollar-keys.js';
import { validateAslText } from '../../src/validate-asl/index.js';
import { validateStringifiedAsl } from '../../src/validate-asl/validate-asl.js';
import { jsonataMachine, task } from './support/asl-builders.js';

const DOLLAR_KEY = '/States/T/Arguments/nested/a.$';
const codesAt = (found: readonly { code: string; pointer?: string | undefined }[]) => found.filter((d) => d.pointer === DOLLAR_KEY).map((d) => d.code);

describe('mayHoldDollarKeys', () => {
  it('answers false only for text with no "$ before a quote and no \\u escape', () => {
    expect(mayHoldDollarKeys('{"a":"{% $x %}","b.c":"$.d"}')).toBe(false);
    expect(mayHoldDollarKeys('{"a.$":"$.d"}')).toBe(true);
    expect(mayHoldDollarKeys('{"a.\\u0024":"x"}')).toBe(true);
  });
});

describe('".$" keys in a JSONata state', () => {
  const definition = jsonataMachine({ T: task(undefined, { Arguments: { nested: { 'a.$': '$.a' } } }) });

  it('are reported from compiler output and from any text, escaped or not', () => {
    const text = JSON.stringify(definition);
    expect(codesAt(validateStringifiedAsl(text))).toEqual(['JSONPATH_FIELD_IN_JSONATA_STATE']);
    expect(codesAt(validateAslText(text))).toEqual(['JSONPATH_FIELD_IN_JSONATA_STATE']);
    const escaped = text.replace('"a.$"', '"a.\\u0024"');
    expect(escaped).not.toBe(text);
    expect(codesAt(validateAslText(escaped))).toEqual(['JSONPATH_FIELD_IN_JSONATA_STATE']);
  });

  it('are not looked for where the text holds none', () => {
    const clean = JSON.stringify(jsonataMachine({ T: task(undefined, { Arguments: { nested: { a: '{% $states.input.a %}' } } }) }));
    expect(validateStringifiedAsl(clean).filter((d) => d.code === 'JSONPATH_FIELD_IN_JSONATA_STATE')).toEqual([]);
  });
});
