import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type BoundOptions, schemaBound } from '../../src/passes/payload/schema-bounds/index.js';

/**
 * The acceptance property: for random schemas, the bound is ≥ the UTF-8 length of JSON.stringify of every value
 * the schema accepts, both the value as given and the parsed output. Each schema comes with an arbitrary of values
 * it accepts, weighted towards maximal ones built on purpose: full-length strings of the characters JSON escapes
 * worst, full arrays, the longest enum option, extreme numbers.
 *
 * Small assumption sizes make the assumptions bite; the values for unbounded parts stay within them.
 */
const OPTIONS = {
  unboundedString: 200,
  unboundedArrayItems: 4,
  unboundedRecordEntries: 3,
  unknownValue: 400,
  recursionDepth: 1,
} as const satisfies BoundOptions;

/** Characters an unbounded string may have and stay within `unboundedString` at 6 bytes a character. */
const UNBOUNDED_CHARS = Math.floor((OPTIONS.unboundedString - 2) / 6);

interface Case {
  readonly label: string;
  readonly schema: z.ZodType;
  readonly value: fc.Arbitrary<unknown>;
  /** The schema accepts undefined, so an object may leave the key out. */
  readonly optional?: boolean;
}

function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/** Characters JSON writes at their worst: \u00XX escapes, two-byte escapes, multi-byte UTF-8, pairs, lone surrogates. */
const WORST = ['\u0000', '\u001f', '\u000b', '"', '\\', '\n', '\t', 'a', '\u007f', 'é', '中', '\u2028', '\ufeff', '😀', '\ud800', '\udfff'];

/** zod 4.6 measures string length in code points: a pair is one, a lone surrogate one. */
function codePoints(s: string): number {
  return [...s].length;
}

/** A string of at most `max` characters as zod counts them (two lone halves that meet count once, as a pair). */
function text(max: number, min = 0): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...WORST), { minLength: min, maxLength: max }).map((parts) => parts.join(''));
}

/** Exactly `n` characters. */
function exactly(n: number): fc.Arbitrary<string> {
  return text(n, n).filter((s) => codePoints(s) === n);
}

/** At most `max` UTF-16 units, for patterns that match units (`[\s\S]{0,n}` in a template literal). */
function units(max: number): fc.Arbitrary<string> {
  return text(max).map((s) => s.slice(0, max));
}

function prefer<T>(maximal: fc.Arbitrary<T>, any: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ arbitrary: maximal, weight: 3 }, { arbitrary: any, weight: 1 });
}

function full(n: number): fc.Arbitrary<string> {
  return prefer(fc.oneof(fc.constant('\u0000'.repeat(n)), text(n, n)), text(n));
}

function fullUnits(n: number): fc.Arbitrary<string> {
  return prefer(fc.constant('\u0000'.repeat(n)), units(n));
}

const EMAIL_CHARS = [...'aZ09_+-\''];

function email(max: number): fc.Arbitrary<string> {
  const local = (min: number) => fc.array(fc.constantFrom(...EMAIL_CHARS), { minLength: min, maxLength: max - 6 });
  return prefer(local(max - 6), local(0)).map((chars) => `${chars.join('')}x@a.co`);
}

const uuid = fc.oneof(
  fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }),
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
);

const strings: fc.Arbitrary<Case> = fc.oneof(
  fc.nat(12).map((n) => ({ label: `string().max(${n})`, schema: z.string().max(n), value: full(n) })),
  fc.nat(12).map((n) => ({ label: `string().length(${n})`, schema: z.string().length(n), value: exactly(n) })),
  fc.constant({ label: 'string()', schema: z.string(), value: full(UNBOUNDED_CHARS) }),
  fc.nat(12).map((n) => ({ label: `string().trim().max(${n})`, schema: z.string().trim().max(n), value: full(n) })),
  fc.nat(12).map((n) => ({ label: `string().max(${n}).trim()`, schema: z.string().max(n).trim(), value: full(Math.min(n, UNBOUNDED_CHARS)) })),
  // NFKC turns U+FDFA (one character, 3 bytes) into 18 characters (33 bytes): a max() before it bounds nothing.
  fc.integer({ min: 1, max: 5 }).map((n) => ({
    label: `string().max(${n}).normalize('NFKC')`,
    schema: z.string().max(n).normalize('NFKC'),
    value: prefer(fc.constant('\ufdfa'.repeat(n)), text(n)),
  })),
  fc.constant({ label: 'uuid()', schema: z.uuid(), value: uuid }),
  fc.integer({ min: 6, max: 40 }).map((n) => ({ label: `email().max(${n})`, schema: z.email().max(n), value: email(n) })),
  fc.constant({
    label: 'regex(^["\\\\a-f]{0,8}$)',
    schema: z.string().regex(/^["\\a-f]{0,8}$/),
    value: fc.array(fc.constantFrom('"', '\\', 'a', 'f'), { maxLength: 8 }).map((chars) => chars.join('')),
  }),
  fc.constant({
    label: 'ipv4()',
    schema: z.ipv4(),
    value: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.')),
  }),
  fc.nat(3).map((n) => ({
    label: `templateLiteral(id-, enum, /, string().max(${n}))`,
    schema: z.templateLiteral(['id-', z.enum(['a', 'b"\\é']), '/', z.string().max(n)]),
    value: fc.tuple(fc.constantFrom('a', 'b"\\é'), fullUnits(n)).map(([option, tail]) => `id-${option}/${tail}`),
  })),
);

const EXTREMES = [
  -5.5326215872091585e-6,
  5.5326215872091585e-6,
  -Number.MAX_VALUE,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  -0,
  -1.2345678901234567e-100,
  -1e21,
  123456789012345680000,
  -0.1,
];

const double = fc.double({ noNaN: true, noDefaultInfinity: true });
const safeInt = fc.maxSafeInteger();

const numbers: fc.Arbitrary<Case> = fc.oneof(
  fc.constant({ label: 'number()', schema: z.number(), value: prefer(fc.constantFrom(...EXTREMES), double) }),
  fc.tuple(double, double).map(([a, b]) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const value = prefer(fc.constantFrom(lo, hi), fc.double({ min: lo, max: hi, noNaN: true }));
    return { label: `number().min(${lo}).max(${hi})`, schema: z.number().min(lo).max(hi), value };
  }),
  fc.constant({ label: 'number().nonnegative()', schema: z.number().nonnegative(), value: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }) }),
  fc.constant({ label: 'int()', schema: z.int(), value: prefer(fc.constantFrom(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), safeInt) }),
  fc.tuple(safeInt, safeInt).map(([a, b]) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return { label: `int().min(${lo}).max(${hi})`, schema: z.int().min(lo).max(hi), value: prefer(fc.constantFrom(lo, hi), fc.integer({ min: lo, max: hi })) };
  }),
  fc.integer({ min: -1000, max: 1000 }).map((lo) => ({
    label: `int().gt(${lo}).lt(${lo + 10})`,
    schema: z.int().gt(lo).lt(lo + 10),
    value: fc.integer({ min: lo + 1, max: lo + 9 }),
  })),
  fc.constant({ label: 'int32()', schema: z.int32(), value: fc.integer() }),
  fc.constant({ label: 'uint32()', schema: z.uint32(), value: fc.integer({ min: 0, max: 4_294_967_295 }) }),
  fc.constant({ label: 'nan()', schema: z.nan(), value: fc.constant(NaN) }),
);

const literalValue = fc.oneof(text(6), fc.integer(), double, fc.boolean(), fc.constant(null));

const scalars: fc.Arbitrary<Case> = fc.oneof(
  fc.constant({ label: 'boolean()', schema: z.boolean(), value: fc.boolean() }),
  fc.constant({ label: 'null()', schema: z.null(), value: fc.constant(null) }),
  // Shorter than `null`: where such a value is optional, an array writes its absence as 4 bytes.
  fc.constant({ label: 'literal(0).optional()', schema: z.literal(0).optional(), value: fc.constantFrom(0, undefined), optional: true }),
  fc.array(literalValue, { minLength: 1, maxLength: 3 }).map((values) => ({
    label: `literal(${JSON.stringify(values)})`,
    schema: z.literal(values as [z.core.util.Literal, ...z.core.util.Literal[]]),
    value: fc.constantFrom(...values),
  })),
  fc.uniqueArray(text(6), { minLength: 1, maxLength: 4 }).map((options) => ({
    label: `enum(${JSON.stringify(options)})`,
    schema: z.enum(options as [string, ...string[]]),
    value: fc.constantFrom(...options),
  })),
  fc.constant({
    label: 'date()',
    schema: z.date(),
    value: prefer(fc.constantFrom(new Date(8.64e15), new Date(-8.64e15)), fc.date({ noInvalidDate: true })),
  }),
);

const leaves: fc.Arbitrary<Case> = fc.oneof(strings, numbers, scalars);

/** Keys JSON writes at their worst too; none is `__proto__`, which objects treat specially. */
const KEYS = ['a', 'b c', 'é', '"', '\u0000', 'id', '\ud800', 'kind'];

/** Undeclared keys a loose object or catchall may carry: any string within the assumed key size. */
function extraEntries(declared: readonly string[], value: fc.Arbitrary<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const undeclared = (k: string) => !declared.includes(k) && k !== '__proto__';
  const n = OPTIONS.unboundedRecordEntries;
  return prefer(
    fc.dictionary(text(UNBOUNDED_CHARS, UNBOUNDED_CHARS).filter(undeclared), value, { minKeys: n, maxKeys: n }),
    fc.dictionary(text(UNBOUNDED_CHARS).filter(undeclared), value, { maxKeys: n }),
  );
}

/** A JSON value a loose object passes through unchecked, within `unknownValue`. */
const unknownJson = fc.jsonValue({ maxDepth: 1 }).filter((v) => jsonBytes(v) <= OPTIONS.unknownValue);

function objectCase(children: fc.Arbitrary<Case>): fc.Arbitrary<Case> {
  return fc
    .tuple(fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 3 }), fc.constantFrom('strip', 'strict', 'loose', 'catchall'))
    .chain(([keys, mode]) =>
      fc.tuple(fc.constant(keys), fc.constant(mode), fc.array(children, { minLength: keys.length + 1, maxLength: keys.length + 1 })),
    )
    .map(([keys, mode, cases]) => {
      const shape = Object.fromEntries(keys.map((key, i) => [key, cases[i]!.schema]));
      const model = Object.fromEntries(keys.map((key, i) => [key, cases[i]!.value]));
      const requiredKeys = keys.filter((_, i) => !cases[i]!.optional);
      const declared = fc.record(model, { requiredKeys });
      const extraCase = cases[keys.length]!;
      const label = `${mode}Object({${keys.map((k, i) => `${JSON.stringify(k)}: ${cases[i]!.label}`).join(', ')}})`;
      if (mode === 'strip') return { label, schema: z.object(shape), value: declared };
      if (mode === 'strict') return { label, schema: z.strictObject(shape), value: declared };
      const extraValue = mode === 'loose' ? unknownJson : extraCase.value;
      const schema = mode === 'loose' ? z.looseObject(shape) : z.object(shape).catchall(extraCase.schema);
      const value = fc.tuple(extraEntries(keys, extraValue), declared).map(([extra, own]) => ({ ...extra, ...own }));
      return { label: mode === 'loose' ? label : `${label}.catchall(${extraCase.label})`, schema, value };
    });
}

function recordCase(child: fc.Arbitrary<Case>): fc.Arbitrary<Case> {
  return fc.oneof(
    fc.tuple(fc.uniqueArray(text(4, 1), { minLength: 1, maxLength: 3 }), child, fc.boolean()).map(([keys, c, partial]) => {
      const keyType = z.enum(keys as [string, ...string[]]);
      const model = Object.fromEntries(keys.map((key) => [key, c.value]));
      return {
        label: `${partial ? 'partialRecord' : 'record'}(enum(${JSON.stringify(keys)}), ${c.label})`,
        schema: partial ? z.partialRecord(keyType, c.schema) : z.record(keyType, c.schema),
        value: fc.record(model, partial ? { requiredKeys: [] } : {}),
      };
    }),
    fc.tuple(fc.nat(6), child).map(([n, c]) => ({
      label: `record(string().max(${n}), ${c.label})`,
      schema: z.record(z.string().max(n), c.schema),
      value: fc.dictionary(text(n).filter((k) => k !== '__proto__'), c.value, { maxKeys: OPTIONS.unboundedRecordEntries }),
    })),
  );
}

function intersectionCase(child: fc.Arbitrary<Case>): fc.Arbitrary<Case> {
  return fc.oneof(
    // NaN !== NaN: zod throws on merging two NaN outputs ("Unmergable intersection"), so no NaN is shared.
    fc.tuple(child, child, child.filter((c) => !c.label.includes('nan()'))).map(([a, b, shared]) => ({
      label: `object({a, shared}).and(object({b, shared})) with ${a.label} / ${b.label} / ${shared.label}`,
      schema: z.object({ a: a.schema, shared: shared.schema }).and(z.object({ b: b.schema, shared: shared.schema })),
      value: fc
        .record({ a: a.value, b: b.value, shared: shared.value }, { requiredKeys: ['shared', ...(a.optional ? [] : ['a' as const]), ...(b.optional ? [] : ['b' as const])] })
        .filter((v) => !(shared.optional && v.shared === undefined)),
    })),
    fc.tuple(fc.nat(8), fc.nat(8)).map(([n, m]) => ({
      label: `string().max(${n}).and(string().max(${m}))`,
      schema: z.string().max(n).and(z.string().max(m)),
      value: full(Math.min(n, m)),
    })),
  );
}

/** Arrays of at most `n` items, mostly full. */
function upTo<T>(item: fc.Arbitrary<T>, n: number): fc.Arbitrary<T[]> {
  return prefer(fc.array(item, { minLength: n, maxLength: n }), fc.array(item, { maxLength: n }));
}

/** Defaults and catch values are returned as they are, never validated: some are larger than the inner schema allows. */
const fallback = fc.oneof(text(20), fc.constant([1, 2, 3]), fc.constant({ big: 'x'.repeat(30) }));

function composites(child: fc.Arbitrary<Case>): fc.Arbitrary<Case> {
  return fc.oneof(
    fc.tuple(child, fc.nat(4)).map(([c, n]) => ({
      label: `array(${c.label}).max(${n})`,
      schema: z.array(c.schema).max(n),
      value: upTo(c.value, n),
    })),
    child.map((c) => ({
      label: `array(${c.label})`,
      schema: z.array(c.schema),
      value: upTo(c.value, OPTIONS.unboundedArrayItems),
    })),
    fc.tuple(child, child, fc.option(child, { nil: undefined })).map(([a, b, rest]) => ({
      label: `tuple([${a.label}, ${b.label}]${rest ? `, ${rest.label}` : ''})`,
      schema: rest ? z.tuple([a.schema, b.schema], rest.schema) : z.tuple([a.schema, b.schema]),
      value: fc
        .tuple(a.value, b.value, rest ? upTo(rest.value, OPTIONS.unboundedArrayItems) : fc.constant([]))
        .map(([x, y, more]) => [x, y, ...more]),
    })),
    objectCase(child),
    recordCase(child),
    fc.tuple(child, child).map(([a, b]) => ({
      label: `union([${a.label}, ${b.label}])`,
      schema: z.union([a.schema, b.schema]),
      value: fc.oneof(a.value, b.value),
      optional: a.optional || b.optional,
    })),
    fc.tuple(child, child).map(([a, b]) => ({
      label: `discriminatedUnion(kind, x: ${a.label} | y: ${b.label})`,
      schema: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('a'), x: a.schema }),
        z.object({ kind: z.literal('bb'), y: b.schema }),
      ]),
      value: fc.oneof(
        fc.record({ kind: fc.constant('a'), x: a.value }, { requiredKeys: a.optional ? ['kind'] : ['kind', 'x'] }),
        fc.record({ kind: fc.constant('bb'), y: b.value }, { requiredKeys: b.optional ? ['kind'] : ['kind', 'y'] }),
      ),
    })),
    intersectionCase(child),
    child.map((c) => ({ label: `${c.label}.optional()`, schema: c.schema.optional(), value: fc.option(c.value, { nil: undefined }), optional: true })),
    child.map((c) => ({ label: `${c.label}.nullable()`, schema: c.schema.nullable(), value: fc.option(c.value, { nil: null }), optional: c.optional })),
    fc.tuple(child, fallback).map(([c, d]) => ({
      label: `${c.label}.default(${JSON.stringify(d)})`,
      schema: (c.schema as z.ZodType<unknown>).default(d),
      value: fc.option(c.value, { nil: undefined }),
      optional: true,
    })),
    fc.tuple(child, fallback).map(([c, d]) => ({
      label: `${c.label}.catch(${JSON.stringify(d)})`,
      schema: (c.schema as z.ZodType<unknown>).catch(d),
      // A symbol fails every generated schema, so it exercises the fallback; JSON drops it.
      value: fc.oneof(c.value, fc.constant(Symbol('invalid'))),
      optional: c.optional,
    })),
    child.map((c) => ({ label: `${c.label}.readonly()`, schema: c.schema.readonly(), value: c.value, optional: c.optional })),
    child.map((c) => ({ label: `preprocess(${c.label})`, schema: z.preprocess((v) => v, c.schema), value: c.value, optional: c.optional })),
    child.map((c) => ({ label: `lazy(${c.label})`, schema: z.lazy(() => c.schema), value: c.value, optional: c.optional })),
  );
}

function cases(depth: number): fc.Arbitrary<Case> {
  if (depth === 0) return leaves;
  return fc.oneof({ arbitrary: leaves, weight: 1 }, { arbitrary: composites(cases(depth - 1)), weight: 2 });
}

/** A recursive schema: the reference inside it is assumed to be `unknownValue`, so subtrees stay within that. */
const Tree: z.ZodType = z.object({
  name: z.string().max(2),
  get children() {
    return z.array(Tree).max(2);
  },
});

const tree: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.record({
    name: full(2),
    children: fc.oneof({ depthSize: 'small', maxDepth: 2 }, fc.constant([]), fc.array(tie('node'), { maxLength: 2 })),
  }),
})).node;

function hasSymbol(value: unknown): boolean {
  if (typeof value === 'symbol') return true;
  if (Array.isArray(value)) return value.some(hasSymbol);
  if (value && typeof value === 'object') return Object.values(value).some(hasSymbol);
  return false;
}

function check(schema: z.ZodType, value: unknown, label: string): void {
  const parsed = schema.safeParse(value);
  expect(parsed.success, `${label} rejects ${fc.stringify(value)}`).toBe(true);
  const bound = schemaBound(schema, OPTIONS);
  // A `.catch()` input that fails the inner schema (a symbol) is not what the step emits: the fallback is, and the
  // parsed output below covers it. Every other accepted input must fit the bound as it is.
  if (!hasSymbol(value)) expect(bound.bytes, label).toBeGreaterThanOrEqual(jsonBytes(value));
  expect(bound.bytes, label).toBeGreaterThanOrEqual(jsonBytes(parsed.data));
}

describe('schemaBound never underestimates (fast-check)', () => {
  it('random schemas with maximal and random values they accept', () => {
    const sample = cases(3).chain((c) =>
      c.value.map((value) => ({ ...c, value, [fc.toStringMethod]: () => `${c.label} ← ${fc.stringify(value)}` })),
    );
    const property = fc.property(sample, (s) => check(s.schema, s.value, s.label));
    fc.assert(property, { numRuns: 2000 });
  });

  it('a recursive schema, values within the recursion assumption', () => {
    const subtree = tree.filter((t) => jsonBytes(t) <= OPTIONS.unknownValue);
    const root = fc.record({ name: full(2), children: fc.array(subtree, { maxLength: 2 }) });
    fc.assert(fc.property(root, (value) => check(Tree, value, 'Tree')), { numRuns: 300 });
  });
});
