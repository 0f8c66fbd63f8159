import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type BoundOptions,
  DEFAULT_BOUND_OPTIONS,
  bytesPerTokenBound,
  schemaBound,
  tokenOutputBound,
} from '../../src/passes/payload/schema-bounds/index.js';

/** What the bound must cover: UTF-8 bytes of JSON.stringify (nothing at all for a top-level undefined). */
function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

interface Row {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly bytes: number;
  /** Expected `exact`; omitted rows are not checked for it. */
  readonly exact?: boolean;
  /** A value the schema accepts whose JSON is exactly `bytes` long (proves the bound is reached). */
  readonly witness?: unknown;
  readonly options?: BoundOptions;
}

function table(rows: readonly Row[]): void {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const bound = schemaBound(row.schema, row.options);
    expect(bound.bytes).toBe(row.bytes);
    if (row.exact !== undefined) expect(bound.exact).toBe(row.exact);
    if ('witness' in row) {
      const parsed = row.schema.safeParse(row.witness);
      expect(parsed.success).toBe(true);
      expect(jsonBytes(parsed.data)).toBe(row.bytes);
    }
  });
}

/** The single assumption a row produces. */
/** zod honours `when` on any check at run time; its params types leave it out. */
const skippable = { when: () => false } as never;

function onlyAssumption(schema: z.ZodType, options?: BoundOptions) {
  const bound = schemaBound(schema, options);
  expect(bound.assumptions).toHaveLength(1);
  return { bound, assumption: bound.assumptions[0]! };
}

describe('strings: 2 quotes + 6 bytes per character (a control character escapes to \\u00XX)', () => {
  table([
    { name: 'max(10)', schema: z.string().max(10), bytes: 62, exact: true, witness: '\u0000'.repeat(10) },
    { name: 'length(3)', schema: z.string().length(3), bytes: 20, exact: true, witness: '\u001f\u0001\u0002' },
    { name: 'min is irrelevant', schema: z.string().min(5).max(10), bytes: 62, exact: true },
    { name: 'the smallest of two maxima', schema: z.string().max(10).max(4), bytes: 26 },
    { name: 'max(0)', schema: z.string().max(0), bytes: 2, exact: true, witness: '' },
    { name: 'a lone surrogate is 6 bytes', schema: z.string().max(1), bytes: 8, witness: '\ud800' },
    { name: 'zod counts a pair as one character: 4 bytes', schema: z.string().max(2), bytes: 14, witness: '\u0000\u0000' },
    { name: 'trim() before max() keeps the max', schema: z.string().trim().max(5), bytes: 32 },
    { name: 'url keeps 6 a character (raw characters pass)', schema: z.url().max(2048), bytes: 12_290 },
    { name: 'refine() keeps the bound, loses exactness', schema: z.string().max(3).refine((s) => s !== ''), bytes: 20, exact: false },
  ]);
});

describe('string formats and patterns: tighter only where the pattern is the validator', () => {
  table([
    { name: 'z.uuid() is 36 ASCII characters', schema: z.uuid(), bytes: 38, witness: '123e4567-e89b-12d3-a456-426614174000' },
    { name: 'z.string().uuid()', schema: z.string().uuid(), bytes: 38 },
    { name: 'z.guid()', schema: z.guid(), bytes: 38 },
    { name: 'uuid with a smaller max', schema: z.uuid().max(10), bytes: 12 },
    { name: 'email: 1 byte a character (ASCII, no quote or backslash)', schema: z.email().max(254), bytes: 256 },
    { name: 'ipv4', schema: z.ipv4(), bytes: 17, witness: '255.255.255.255' },
    { name: 'e164', schema: z.e164(), bytes: 18, witness: '+123456789012345' },
    { name: 'iso date', schema: z.iso.date(), bytes: 12, witness: '2024-02-29' },
    { name: 'nanoid', schema: z.nanoid(), bytes: 23 },
    { name: 'anchored regex bounds the length', schema: z.string().regex(/^[a-z]{1,10}$/), bytes: 12 },
    { name: 'quote and backslash are 2 bytes', schema: z.string().regex(/^["\\]{0,4}$/), bytes: 10, witness: '"\\"\\' },
    { name: 'CJK range: 3 bytes a character', schema: z.string().max(3).regex(/^[\u4e00-\u9fff]*$/), bytes: 11 },
    { name: 'astral range (u flag): 4 bytes a character', schema: z.string().max(4).regex(/^[😀-🙏]*$/u), bytes: 18, witness: '😀😀😀😀' },
    { name: 'unanchored regex says nothing', schema: z.string().max(4).regex(/[a-z]/), bytes: 26 },
    { name: 'negated class admits control characters', schema: z.string().max(4).regex(/^[^"]*$/), bytes: 26 },
    { name: 'case-insensitive u-mode letters may fold to 3-byte signs', schema: z.string().max(2).regex(/^k*$/iu), bytes: 14 },
    { name: 'ipv6 validates without its pattern: no tightening', schema: z.ipv6().max(45), bytes: 272 },
    { name: 'template literal: literal parts and an enum', schema: z.templateLiteral(['id-', z.enum(['a', 'bb'])]), bytes: 7, witness: 'id-bb' },
    { name: 'template literal: a max() string part', schema: z.templateLiteral([z.string().max(3), '-', z.literal(7)]), bytes: 22 },
  ]);

  it('a pattern check with a custom `when` may be skipped, so it bounds nothing', () => {
    const schema = z.string().max(4).regex(/^a*$/, skippable);
    expect(schemaBound(schema).bytes).toBe(26);
  });
});

describe('strings the checks do not bound are assumptions', () => {
  it('string without .max()', () => {
    const { bound, assumption } = onlyAssumption(z.string());
    expect(bound).toMatchObject({ bytes: 65_536, exact: false });
    expect(assumption).toEqual({ path: '', reason: 'string without .max()', assumedBytes: 65_536 });
  });

  it('uses the configured size', () => {
    expect(schemaBound(z.string(), { unboundedString: 100 }).bytes).toBe(100);
  });

  it.each([
    ['max() then trim()', z.string().max(5).trim()],
    ['max() then toUpperCase() (ß → SS doubles the length)', z.string().max(5).toUpperCase()],
    ['max() then url({ normalize: true }) (percent-encoding grows it)', z.string().max(20).url({ normalize: true })],
    ['max() with a custom when', z.string().max(5, skippable)],
    ['email without max()', z.email()],
    ['iso datetime (any number of fraction digits)', z.iso.datetime()],
    ['template literal with a number part (any digits)', z.templateLiteral(['v', z.int().min(0).max(9)])],
  ])('%s', (_name, schema) => {
    expect(onlyAssumption(schema).bound.bytes).toBe(65_536);
  });

  it('zod 4.6 measures length in code points: max(2) takes two astral characters (4 UTF-16 units)', () => {
    expect(z.string().max(2).safeParse('😀😀').success).toBe(true);
    expect(jsonBytes('😀😀')).toBeLessThanOrEqual(schemaBound(z.string().max(2)).bytes);
  });

  it('an overwrite really can outgrow the max it follows', () => {
    const parsed = z.string().max(5).toUpperCase().parse('ßßßßß');
    expect(parsed).toHaveLength(10);
  });
});

describe('numbers', () => {
  table([
    { name: 'any number: -0.0000055326215872091585', schema: z.number(), bytes: 25, exact: true, witness: -5.5326215872091585e-6 },
    { name: 'non-negative: no sign', schema: z.number().nonnegative(), bytes: 24, exact: true },
    { name: 'positive', schema: z.number().positive(), bytes: 24 },
    { name: '[1, 100]: 17 digits and a point', schema: z.number().min(1).max(100), bytes: 18 },
    { name: 'exponent form at the top', schema: z.number().min(1e21), bytes: 23 },
    { name: 'non-positive', schema: z.number().max(0), bytes: 25 },
    { name: 'a single value', schema: z.number().min(0.5).max(0.5), bytes: 3, witness: 0.5 },
    { name: 'z.int(): safe integers', schema: z.int(), bytes: 17, exact: true, witness: -9_007_199_254_740_991 },
    { name: 'int in [0, 100]', schema: z.int().min(0).max(100), bytes: 3, exact: true, witness: 100 },
    { name: 'int in [-100, 5]', schema: z.int().min(-100).max(5), bytes: 4, witness: -100 },
    { name: 'int with an exclusive top', schema: z.int().min(0).lt(1000), bytes: 3, exact: true },
    { name: 'number().int() in [-5, 5]', schema: z.number().int().min(-5).max(5), bytes: 2 },
    { name: 'int32', schema: z.int32(), bytes: 11, witness: -2_147_483_648 },
    { name: 'uint32', schema: z.uint32(), bytes: 10, witness: 4_294_967_295 },
    { name: 'float32', schema: z.float32(), bytes: 25 },
    { name: 'multipleOf is not used', schema: z.number().multipleOf(5), bytes: 25 },
    { name: 'NaN serializes as null', schema: z.nan(), bytes: 4, exact: true, witness: NaN },
  ]);

  it('bigint is not JSON: an assumption sized by its range', () => {
    expect(onlyAssumption(z.int64()).assumption).toMatchObject({ assumedBytes: 22 });
    expect(onlyAssumption(z.bigint().min(-5n).max(12345n)).bound.bytes).toBe(7);
    expect(onlyAssumption(z.bigint()).bound.bytes).toBe(DEFAULT_BOUND_OPTIONS.unknownValue);
  });
});

enum Native {
  Short = 1,
  AVeryLongMemberName = 2,
}

describe('booleans, null, literals, enums, dates', () => {
  table([
    { name: 'boolean: false', schema: z.boolean(), bytes: 5, exact: true, witness: false },
    { name: 'null', schema: z.null(), bytes: 4, exact: true, witness: null },
    { name: 'undefined: null inside an array', schema: z.undefined(), bytes: 4, exact: false },
    { name: 'never', schema: z.never(), bytes: 0 },
    { name: 'literal with a 2-byte character', schema: z.literal('héllo'), bytes: 8, exact: true, witness: 'héllo' },
    { name: 'literal with a control character', schema: z.literal('\u0000'), bytes: 8 },
    { name: 'longest of several literals', schema: z.literal(['a', 12345, null, true]), bytes: 5, witness: 12345 },
    { name: 'enum: longest option', schema: z.enum(['a', 'bbb']), bytes: 5, exact: true, witness: 'bbb' },
    { name: 'native numeric enum: values, not reverse-mapped names', schema: z.enum(Native), bytes: 1 },
    { name: 'date: ±YYYYYY years', schema: z.date(), bytes: 29, exact: true, witness: new Date(8.64e15) },
    { name: 'date within years 0000–9999', schema: z.date().min(new Date(0)).max(new Date('2100-01-01')), bytes: 26 },
    { name: 'success() is a boolean', schema: z.success(z.string()), bytes: 5 },
  ]);

  it('a bigint literal is an assumption', () => {
    expect(onlyAssumption(z.literal(10n)).bound.bytes).toBe(4);
  });
});

describe('arrays, tuples, sets, maps', () => {
  table([
    { name: '[] + 3 items + 2 commas', schema: z.array(z.boolean()).max(3), bytes: 19, exact: true, witness: [false, false, false] },
    { name: 'length(0)', schema: z.array(z.string()).length(0), bytes: 2, exact: true, witness: [] },
    { name: 'items of strings', schema: z.array(z.string().max(3)).max(4), bytes: 85 },
    { name: 'optional items serialize as null', schema: z.array(z.literal(1).optional()).max(2), bytes: 11, witness: [undefined, undefined] },
    { name: 'unbounded, configured', schema: z.array(z.boolean()), bytes: 19, options: { unboundedArrayItems: 3 } },
    { name: 'tuple', schema: z.tuple([z.boolean(), z.null()]), bytes: 12, exact: true, witness: [false, null] },
    { name: 'empty tuple', schema: z.tuple([]), bytes: 2 },
    { name: 'tuple with rest', schema: z.tuple([z.boolean()], z.null()), bytes: 507 },
  ]);

  it('an array without max() assumes 100 items', () => {
    const { bound, assumption } = onlyAssumption(z.array(z.boolean()));
    expect(bound.bytes).toBe(2 + 100 * 5 + 99);
    expect(assumption).toEqual({ path: '', reason: 'array without .max() (assumed 100 items)', assumedBytes: 601 });
  });

  it('a set is not JSON; bounded as an array and said so', () => {
    const bound = schemaBound(z.set(z.boolean()).max(2));
    expect(bound.bytes).toBe(13);
    expect(bound.assumptions[0]!.reason).toMatch(/not JSON/);
    expect(jsonBytes(new Set([true]))).toBeLessThanOrEqual(bound.bytes);
  });

  it('a map is not JSON; bounded as [key, value] pairs', () => {
    // [["\u0000",false],["\u0000",false]]
    expect(schemaBound(z.map(z.string().max(1), z.boolean()).max(2)).bytes).toBe(2 + 2 * (2 + 8 + 1 + 5) + 1);
  });
});

describe('objects and records', () => {
  table([
    { name: 'empty', schema: z.object({}), bytes: 2, witness: {} },
    {
      name: 'keys quoted, optional keys counted',
      schema: z.object({ a: z.boolean(), 'b c': z.null().optional() }),
      bytes: 22,
      exact: true,
      witness: { a: false, 'b c': null },
    },
    { name: 'a key with a 2-byte character', schema: z.object({ é: z.null() }), bytes: 11, witness: { é: null } },
    { name: 'a key that needs escaping', schema: z.object({ '"\n': z.null() }), bytes: 13, witness: { '"\n': null } },
    { name: 'strict', schema: z.strictObject({ a: z.null() }), bytes: 10 },
    { name: 'strip drops unknown keys', schema: z.object({ a: z.null() }), bytes: 10, witness: { a: null, extra: 'x'.repeat(99) } },
    {
      name: 'record over an enum: each key once',
      schema: z.record(z.enum(['a', 'bb']), z.boolean()),
      bytes: 22,
      exact: true,
      witness: { a: false, bb: false },
    },
    { name: 'partial record', schema: z.partialRecord(z.enum(['a', 'bb']), z.boolean()), bytes: 22 },
    { name: 'record over literals', schema: z.record(z.literal(['x']), z.null()), bytes: 10 },
    {
      name: 'record with number keys (written canonical and quoted)',
      schema: z.record(z.int().min(0).max(99), z.null()),
      bytes: 2 + 4 + 1 + 4,
      options: { unboundedRecordEntries: 1 },
    },
  ]);

  it('record with string keys: 100 entries assumed', () => {
    const bound = schemaBound(z.record(z.string().max(3), z.boolean()));
    expect(bound.bytes).toBe(2 + 100 * (20 + 1 + 5) + 99);
    expect(bound.assumptions.map((a) => a.reason)).toEqual(['record keys are not a finite set (assumed 100 entries)']);
  });

  it('catchall: undeclared entries, their keys and their values', () => {
    const options = { unboundedRecordEntries: 2, unboundedString: 5 };
    const bound = schemaBound(z.object({ a: z.null() }).catchall(z.boolean()), options);
    // {"a":null,K:false,K:false} with K a 5-byte key
    expect(bound.bytes).toBe(2 + 8 + 2 * (5 + 1 + 5) + 2);
    expect(bound.assumptions.map((a) => a.reason)).toEqual([
      'object with .catchall()/.loose() accepts undeclared keys (assumed 2 entries)',
      'key of object with .catchall()/.loose(): any string',
    ]);
  });

  it('loose object: undeclared values are unknown', () => {
    const bound = schemaBound(z.looseObject({}), { unboundedRecordEntries: 1, unboundedString: 5, unknownValue: 7 });
    expect(bound.bytes).toBe(2 + 5 + 1 + 7);
    expect(bound.assumptions.map((a) => a.path)).toEqual(['*', '*', '*']);
  });

  it('loose record: keys it rejects still pass through', () => {
    const bound = schemaBound(z.looseRecord(z.enum(['a']), z.null()), { unboundedRecordEntries: 1, unboundedString: 5, unknownValue: 7 });
    expect(bound.bytes).toBe(2 + 8 + 1 + (5 + 1 + 7));
  });
});

describe('unions and intersections', () => {
  table([
    { name: 'union: largest option', schema: z.union([z.string().max(3), z.number()]), bytes: 25, witness: -5.5326215872091585e-6 },
    { name: 'first option is largest: exact', schema: z.union([z.string().max(9), z.boolean()]), bytes: 56, exact: true },
    {
      name: 'discriminated union',
      schema: z.discriminatedUnion('k', [z.object({ k: z.literal('a') }), z.object({ k: z.literal('b'), v: z.boolean() })]),
      bytes: 19, // {"k":"b","v":false}
      exact: true,
    },
    { name: 'xor', schema: z.xor([z.string().max(3), z.boolean()]), bytes: 20, exact: false },
    {
      name: 'objects merge key by key',
      schema: z.object({ a: z.string().max(2) }).and(z.object({ b: z.boolean() })),
      bytes: 30,
      witness: { a: '\u0000\u0000', b: false },
    },
    { name: 'a shared scalar is one value: the smaller side', schema: z.string().max(10).and(z.string().max(3)), bytes: 20 },
    {
      name: 'shared object key intersects its values',
      schema: z.object({ a: z.string().max(5) }).and(z.object({ a: z.string().max(1) })),
      bytes: 2 + 3 + 1 + 8,
    },
    { name: 'anything else: the sum', schema: z.array(z.boolean()).max(1).and(z.array(z.boolean()).max(1)), bytes: 14 },
  ]);

  it('assumptions shared by options are reported once', () => {
    const bound = schemaBound(z.union([z.object({ title: z.string() }), z.object({ title: z.string(), n: z.null() })]));
    expect(bound.assumptions).toEqual([{ path: 'title', reason: 'string without .max()', assumedBytes: 65_536 }]);
  });
});

describe('wrappers', () => {
  table([
    { name: 'optional', schema: z.string().max(3).optional(), bytes: 20 },
    { name: 'optional of a tiny value: null in an array', schema: z.literal(1).optional(), bytes: 4 },
    { name: 'nullable', schema: z.boolean().nullable(), bytes: 5 },
    { name: 'nullable of a tiny value', schema: z.literal(1).nullable(), bytes: 4, exact: true, witness: null },
    { name: 'default larger than the inner max (never validated)', schema: z.string().max(1).default('hello world'), bytes: 13, witness: undefined },
    { name: 'default factory, sampled', schema: z.array(z.boolean()).max(1).default(() => [true, true, true]), bytes: 16 },
    { name: 'prefault goes through the inner schema', schema: z.string().max(2).prefault('ab'), bytes: 14 },
    { name: 'catch value larger than the inner max', schema: z.string().max(1).catch('hello world'), bytes: 13, witness: 42 },
    { name: 'readonly', schema: z.object({ a: z.null() }).readonly(), bytes: 10 },
    { name: 'pipe: the out side', schema: z.string().transform((s) => s.length).pipe(z.int().max(999)), bytes: 17 },
    { name: 'preprocess', schema: z.preprocess((v) => v, z.boolean()), bytes: 5 },
    { name: 'codec: the decoded side', schema: z.codec(z.iso.datetime(), z.date(), { decode: (s) => new Date(s), encode: (d) => d.toISOString() }), bytes: 29 },
    { name: 'stringbool', schema: z.stringbool(), bytes: 5 },
    { name: 'lazy', schema: z.lazy(() => z.boolean()), bytes: 5 },
    { name: 'nonoptional', schema: z.boolean().optional().nonoptional(), bytes: 5 },
  ]);

  it('.overwrite() on a structured value is an assumption: its output is not checked', () => {
    const schema = z.array(z.string().max(1)).max(2).overwrite((items) => items.map((s) => s.repeat(100)));
    expect(jsonBytes(schema.parse(['a']))).toBeGreaterThan(2 + 8);
    expect(onlyAssumption(schema).assumption.reason).toBe('.overwrite() on z.array(): its output is not checked against the schema');
  });

  it('transform output is an assumption with a hint', () => {
    const { assumption } = onlyAssumption(z.string().max(1).transform((s) => s.repeat(1000)));
    expect(assumption.reason).toBe('output of .transform() has no schema (pipe it into one)');
  });
});

describe('values without a shape', () => {
  it.each([
    ['any', z.any(), 65_536, 'z.any() has no shape'],
    ['unknown', z.unknown(), 65_536, 'z.unknown() has no shape'],
    ['custom', z.custom<string>(), 65_536, 'z.custom()/z.instanceof() has no shape'],
    ['instanceof', z.instanceof(Date), 65_536, 'z.custom()/z.instanceof() has no shape'],
    ['symbol', z.symbol(), 4, 'z.symbol() is not JSON (written as null or dropped)'],
    ['function', z.function(), 4, 'z.function() is not JSON (written as null or dropped)'],
    ['file', z.file(), 2, 'z.file() is not JSON (written as {})'],
  ])('%s', (_name, schema, bytes, reason) => {
    const { bound, assumption } = onlyAssumption(schema as z.ZodType);
    expect(bound.bytes).toBe(bytes);
    expect(assumption.reason).toBe(reason);
  });

  it('a def type the table does not know is an explicit assumption', () => {
    const future = { _zod: { def: { type: 'hologram' } } } as unknown as z.ZodType;
    expect(onlyAssumption(future).assumption.reason).toBe('unsupported schema type "hologram"');
  });
});

describe('paths name the field', () => {
  it('nested arrays and objects', () => {
    const schema = z.object({ sources: z.array(z.object({ title: z.string(), url: z.url().max(2048) })).max(25) });
    expect(schemaBound(schema).assumptions.map((a) => a.path)).toEqual(['sources[].title']);
  });

  it('odd keys, tuple items, record entries', () => {
    const schema = z.object({
      'a b': z.string(),
      pair: z.tuple([z.boolean(), z.unknown()]),
      meta: z.record(z.enum(['x']), z.any()),
    });
    expect(schemaBound(schema).assumptions.map((a) => a.path)).toEqual(['["a b"]', 'pair[1]', 'meta.*']);
  });
});

describe('recursion', () => {
  const Tree: z.ZodType = z.object({
    name: z.string().max(3),
    get children() {
      return z.array(Tree).max(2);
    },
  });

  it('a recursive reference is assumed to be unknownValue', () => {
    const bound = schemaBound(Tree, { unknownValue: 10 });
    // {"name":"…","children":[T,T]} with T = 10: 64 bytes
    expect(bound.bytes).toBe(2 + 7 + 20 + 1 + 11 + (2 + 2 * 10 + 1));
    expect(bound.assumptions).toEqual([
      { path: 'children[]', reason: 'recursive schema (expanded 1×, the rest assumed)', assumedBytes: 10 },
    ]);
  });

  it('recursionDepth expands more levels', () => {
    const bound = schemaBound(Tree, { unknownValue: 10, recursionDepth: 2 });
    expect(bound.assumptions[0]!.path).toBe('children[].children[]');
    expect(bound.bytes).toBe(2 + 7 + 20 + 1 + 11 + (2 + 2 * 64 + 1));
  });

  it('z.lazy recursion and z.json()', () => {
    const List: z.ZodType = z.lazy(() => z.object({ next: List.nullable() }));
    expect(schemaBound(List, { unknownValue: 10 }).bytes).toBe(2 + 6 + 1 + 10);
    expect(schemaBound(z.json()).assumptions.length).toBeGreaterThan(0);
  });
});

describe('options and tokens', () => {
  it('rejects a negative or fractional option', () => {
    expect(() => schemaBound(z.string(), { unboundedString: -1 })).toThrow(RangeError);
    expect(() => schemaBound(z.string(), { unboundedArrayItems: 1.5 })).toThrow(RangeError);
  });

  it('bytesPerTokenBound: 16 characters × 2 bytes a token, plus quotes', () => {
    expect(bytesPerTokenBound(0)).toBe(2);
    expect(bytesPerTokenBound(4096)).toBe(131_074);
    expect(() => bytesPerTokenBound(-1)).toThrow(RangeError);
  });

  it('tokenOutputBound carries the rule as an assumption', () => {
    const bound = tokenOutputBound(1000, 'draft');
    expect(bound).toEqual({
      bytes: 32_002,
      exact: false,
      assumptions: [{ path: 'draft', reason: 'output declared as 1000 tokens (assumed ≤ 32 JSON bytes a token)', assumedBytes: 32_002 }],
    });
  });

  it('a realistic research payload', () => {
    const Source = z.object({ url: z.url().max(2048), title: z.string().max(300) });
    const bound = schemaBound(z.object({ sources: z.array(Source).max(25) }));
    // {"sources":[…25 × {"url":<12290>,"title":<1802>}…]}
    const source = 2 + 6 + 12_290 + 1 + 8 + 1_802;
    // Not exact: no URL is 2048 control characters.
    expect(bound).toEqual({ bytes: 2 + 10 + 2 + 25 * source + 24, exact: false, assumptions: [] });
  });
});
