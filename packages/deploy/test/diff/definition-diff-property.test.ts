import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffDefinitions, isEmptyDiff } from '../../src/index.js';
import { FIXTURES, fixtureDefinition } from './load-fixture.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A copy with every object's keys in an order chosen by `seed` (a small LCG, so a failing case replays). */
function reorderKeys(value: Json, seed: number): Json {
  let state = seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    return Object.fromEntries(keys.map((k) => [k, walk(v[k]!)]));
  };
  return walk(value);
}

interface Leaf {
  /** Path of keys from the definition root. */
  readonly keys: readonly (string | number)[];
  /** The state that owns the leaf (path through nested graphs) and the leaf's pointer relative to it; none for top-level fields. */
  readonly owner?: { readonly path: readonly string[]; readonly pointer: string };
}

/** Every leaf of a definition, with the state it belongs to: nested graphs' states own their own leaves. */
function leaves(definition: Json): Leaf[] {
  const out: Leaf[] = [];
  const token = (k: string | number): string => String(k).replace(/~/g, '~0').replace(/\//g, '~1');
  const walkValue = (v: Json, keys: (string | number)[], owner: { path: string[]; rel: string } | undefined, type: string | undefined): void => {
    if (Array.isArray(v) || (v !== null && typeof v === 'object')) {
      const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
      for (const [k, child] of entries) {
        const rel = owner === undefined ? '' : `${owner.rel}/${token(k)}`;
        const isGraph = owner !== undefined && k === 'States' && ((type === 'Parallel' && /^\/Branches\/\d+$/.test(owner.rel)) || (type === 'Map' && owner.rel === '/ItemProcessor'));
        if (isGraph) {
          const segment = type === 'Parallel' ? [`branch ${Number(owner.rel.split('/')[2]) + 1}`] : [];
          walkGraph(child as Record<string, Json>, [...keys, k], [...owner.path, ...segment]);
        } else walkValue(child, [...keys, k], owner === undefined ? undefined : { path: owner.path, rel }, type);
      }
      return;
    }
    out.push(owner === undefined ? { keys } : { keys, owner: { path: owner.path, pointer: owner.rel } });
  };
  const walkGraph = (states: Record<string, Json>, keys: (string | number)[], path: string[]): void => {
    for (const [name, state] of Object.entries(states)) {
      const type = (state as Record<string, Json>)['Type'] as string;
      walkValue(state, [...keys, name], { path: [...path, name], rel: '' }, type);
    }
  };
  for (const [k, v] of Object.entries(definition as Record<string, Json>)) {
    if (k === 'States') walkGraph(v as Record<string, Json>, ['States'], []);
    else walkValue(v, [k], undefined, undefined);
  }
  return out;
}

function mutateLeaf(definition: Json, keys: readonly (string | number)[]): Json {
  const copy = structuredClone(definition) as any;
  let parent = copy;
  for (const k of keys.slice(0, -1)) parent = parent[k];
  const last = keys.at(-1)!;
  const old = parent[last];
  parent[last] = typeof old === 'number' ? old + 1 : typeof old === 'string' ? `${old}x` : typeof old === 'boolean' ? !old : 0;
  return copy;
}

describe('diffDefinitions properties on every fixture', () => {
  const fixtures = FIXTURES.map((name) => ({ name, definition: fixtureDefinition(name) as Json }));

  it('a definition against itself is empty', () => {
    for (const { definition } of fixtures) expect(isEmptyDiff(diffDefinitions(definition, structuredClone(definition)))).toBe(true);
  });

  it('is blind to key order and indentation', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fixtures), fc.nat(), fc.integer({ min: 0, max: 8 }), ({ definition }, seed, indent) => {
        const reformatted = JSON.parse(JSON.stringify(reorderKeys(definition, seed), null, indent));
        expect(isEmptyDiff(diffDefinitions(definition, reformatted))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a random leaf mutation is found and names the state it belongs to', () => {
    const cases = fixtures.flatMap(({ definition }) => leaves(definition).map((leaf) => ({ definition, leaf })));
    expect(cases.filter((c) => c.leaf.owner !== undefined && c.leaf.owner.path.length > 1).length).toBeGreaterThan(50);
    fc.assert(
      fc.property(fc.constantFrom(...cases), ({ definition, leaf }) => {
        const diff = diffDefinitions(definition, mutateLeaf(definition, leaf.keys));
        expect(isEmptyDiff(diff)).toBe(false);
        if (leaf.owner === undefined) {
          expect(diff.top.map((f) => f.pointer)).toContain(`/${String(leaf.keys[0])}`);
          return;
        }
        const named = (s: { path: readonly string[] }): boolean => s.path.join('\u0000') === leaf.owner!.path.join('\u0000');
        if (leaf.owner.pointer === '/Type') {
          // A state whose Type changes is another state: removed and added.
          expect(diff.removed.some(named) && diff.added.some(named)).toBe(true);
        } else {
          const state = diff.changed.find(named);
          expect(state?.fields.map((f) => f.pointer)).toContain(leaf.owner.pointer);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('swapping the sides swaps added and removed', () => {
    const cases = fixtures.flatMap(({ definition }) => leaves(definition).map((leaf) => ({ definition, leaf })));
    fc.assert(
      fc.property(fc.constantFrom(...cases), ({ definition, leaf }) => {
        const mutated = mutateLeaf(definition, leaf.keys);
        const forward = diffDefinitions(definition, mutated);
        const backward = diffDefinitions(mutated, definition);
        // A mutated transition can change the walk order, so states are compared as sets.
        const byPointer = <T extends { pointer: string }>(list: readonly T[]): T[] => [...list].sort((a, b) => (a.pointer < b.pointer ? -1 : 1));
        expect(byPointer(backward.added).map((s) => s.pointer)).toEqual(byPointer(forward.removed).map((s) => s.pointer));
        expect(byPointer(backward.removed).map((s) => s.pointer)).toEqual(byPointer(forward.added).map((s) => s.pointer));
        expect(byPointer(backward.changed).map((s) => s.fields.map((f) => [f.pointer, f.after, f.before]))).toEqual(
          byPointer(forward.changed).map((s) => s.fields.map((f) => [f.pointer, f.before, f.after])),
        );
      }),
      { numRuns: 100 },
    );
  });
});
