import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/validate-asl/model/build-model.js';
import { aslAjv, ASL_SCHEMA_ID } from '../../src/validate-asl/schema/asl-ajv.js';
import { translateAjvErrors } from '../../src/validate-asl/schema/ajv-error-translator.js';
import { checkSchema } from '../../src/validate-asl/schema/schema-check.js';

/**
 * Past 64 levels of scopes the model lists no states, and the schema check finds them itself (all-states.ts) rather
 * than running a validator of the whole definition. Its findings must be those of that whole-definition schema.
 */
function nested(levels: number, innermost: Record<string, unknown>): Record<string, unknown> {
  let scope: Record<string, unknown> = { StartAt: 'Leaf', States: { Leaf: innermost, 'Odd/~name': 42 } };
  for (let i = 0; i < levels; i++) {
    const wrapper = i % 2 === 0 ? { Type: 'Parallel', Branches: [scope], End: true } : { Type: 'Map', ItemProcessor: scope, End: true, Extra: i };
    scope = { StartAt: 'S', States: { S: wrapper, Side: { Type: 'Wait', Seconds: -1, End: true } } };
  }
  return { ...scope, QueryLanguage: 'JSONata' };
}

function findings(definition: unknown) {
  const model = buildModel({ definition, byteLength: JSON.stringify(definition).length, strict: true, unquoted: new Map() });
  const whole = aslAjv().getSchema(ASL_SCHEMA_ID)!;
  const expected = whole(definition) ? [] : translateAjvErrors((whole.errors ?? []) as ErrorObject[], model);
  const byPointer = (a: { pointer?: string; message: string }, b: { pointer?: string; message: string }) =>
    `${a.pointer}\u0000${a.message}`.localeCompare(`${b.pointer}\u0000${b.message}`);
  return { actual: [...checkSchema(model)].sort(byPointer), expected: [...expected].sort(byPointer) };
}

describe('the schema check of definitions nested deeper than the model goes', () => {
  it('finds what the whole-definition schema finds, at every depth', () => {
    const { actual, expected } = findings(nested(70, { Type: 'Pass', Nope: 1, End: true }));
    expect(expected.length).toBeGreaterThan(70);
    expect(actual).toEqual(expected);
    expect(actual.some((f) => f.pointer?.includes('Odd~1~0name'))).toBe(true);
  });

  it('finds nothing in a valid one', () => {
    const valid = nested(70, { Type: 'Succeed' });
    const clean = JSON.parse(JSON.stringify(valid).replaceAll('"Seconds":-1', '"Seconds":1').replaceAll(',"Odd/~name":42', '').replace(/,"Extra":\d+/g, ''));
    const { actual, expected } = findings(clean);
    expect(expected).toEqual([]);
    expect(actual).toEqual([]);
  });
});
