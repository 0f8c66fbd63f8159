import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { validateAslDefinition, validateAslText } from '../../src/validate-asl/index.js';
import { loadCorpus } from './support/corpus.js';

const SEVERITIES = ['error', 'warning', 'info'];

function assertWellFormed(diagnostics: unknown, withLocation: boolean): void {
  expect(Array.isArray(diagnostics)).toBe(true);
  for (const d of diagnostics as Diagnostic[]) {
    expect(d.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(d.code).not.toBe('VALIDATOR_INTERNAL_ERROR');
    expect(SEVERITIES).toContain(d.severity);
    expect(typeof d.message).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    expect(typeof d.hint).toBe('string');
    expect(d.pointer === '' || d.pointer?.startsWith('/')).toBe(true);
    if (withLocation) {
      expect(d.loc?.line).toBeGreaterThanOrEqual(1);
      expect(d.loc?.column).toBeGreaterThanOrEqual(1);
    }
  }
}

const seeds = loadCorpus()
  .map((f) => {
    try {
      return JSON.parse(f.text) as unknown;
    } catch {
      return undefined;
    }
  })
  .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);

/** Every path to a value inside `value`, as key lists. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = [], depth = 0): (string | number)[][] {
  out.push(prefix);
  if (depth > 12) return out;
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out, depth + 1));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out, depth + 1);
  return out;
}

type Mutation = { kind: 'replace' | 'delete' | 'rename' | 'stringify'; pick: number; value: unknown; name: string };

function mutate(seed: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredClone(seed);
  for (const m of mutations) {
    const all = paths(root);
    const path = all[m.pick % all.length]!;
    if (path.length === 0) {
      if (m.kind === 'replace') root = m.value;
      continue;
    }
    let parent: any = root;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const key = path[path.length - 1]!;
    if (m.kind === 'replace') parent[key] = m.value;
    else if (m.kind === 'stringify') parent[key] = JSON.stringify(parent[key]) ?? 'x';
    else if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (!Array.isArray(parent)) {
      parent[m.name] = parent[key];
      delete parent[key];
    }
  }
  return root;
}

const mutation = fc.record({
  kind: fc.constantFrom('replace', 'delete', 'rename', 'stringify'),
  pick: fc.nat(),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('$', '$$', '$.[', '{% $. %}', '{% $states.input %}', "States.Format('{}')", '${X}', 'States.ALL', 'arn:aws:states:::lambda:invoke.sync', 'Pass', 'Map', 'Choice'),
  ),
  name: fc.constantFrom('Next', 'States', 'StartAt', 'Iterator', 'ItemProcessor', '__proto__', 'constructor', 'Type', 'x.$', 'Branches', 'Assign', 'QueryLanguage'),
});

const RUNS = { numRuns: 300 };

describe('fuzzing: the validator never throws and always returns well-formed diagnostics', () => {
  it('random JSON values as definitions', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => assertWellFormed(validateAslDefinition(value), false)), RUNS);
  });

  it('arbitrary JavaScript values as definitions', () => {
    fc.assert(
      fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true }), (value) =>
        assertWellFormed(validateAslDefinition(value), false),
      ),
      RUNS,
    );
  });

  it('random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => assertWellFormed(validateAslText(text), true)), RUNS);
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), (text) => assertWellFormed(validateAslText(text), true)), RUNS);
  });

  it('mutations of the valid corpus, as objects and as text', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.nat(), (seedIndex, mutations, cut) => {
        const mutated = mutate(seeds[seedIndex % seeds.length], mutations);
        assertWellFormed(validateAslDefinition(mutated), false);
        const text = JSON.stringify(mutated, null, 2) ?? 'null';
        assertWellFormed(validateAslText(text), true);
        assertWellFormed(validateAslText(text.slice(0, cut % (text.length + 1))), true);
      }),
      RUNS,
    );
  });

  it('hostile shapes', () => {
    const cyclic: Record<string, unknown> = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
    (cyclic['States'] as Record<string, unknown>)['B'] = cyclic;
    let deep: unknown = { Type: 'Pass', End: true };
    for (let i = 0; i < 20_000; i++) deep = { nested: deep };
    const throwing = Object.defineProperty({ StartAt: 'A' }, 'States', { enumerable: true, get: () => { throw new Error('boom'); } });
    const manyStates = { StartAt: 's0', States: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`s${i}`, { Type: 'Pass', Next: `s${(i + 1) % 5000}` }])) };
    const selfNamed = { StartAt: 'States', States: { States: { Type: 'Parallel', Branches: [{ StartAt: 'States', States: { States: { Type: 'Pass', End: true } } }], End: true } } };
    for (const value of [cyclic, deep, throwing, manyStates, selfNamed, undefined, null, 42, 'text', Symbol('s'), () => 1, 10n, new Map(), Object.create(null)]) {
      assertWellFormed(validateAslDefinition(value), false);
    }
    for (const text of ['{"__proto__": {"StartAt": "A"}}', `{"a":"${'\\u0000'.repeat(10)}"}`, '\u0000', '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}'.repeat(3), '"${x}"', '${x}', '{"a": ${}}']) {
      assertWellFormed(validateAslText(text), true);
    }
    assertWellFormed(validateAslText(JSON.stringify(manyStates)), true);
  });
});
