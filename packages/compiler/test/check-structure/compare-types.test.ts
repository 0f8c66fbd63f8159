/**
 * Comparisons that reach the compiler untyped (plain JavaScript, `as never`) are checked against the zod schemas of
 * both sides; well-typed comparisons, and sides that can hold anything, pass.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, and, eq, gt, lt, matches, ne, not, orElse, text, when, workflow, type WorkflowFlow } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const output = z.object({
  count: z.number().int().min(0).max(9),
  label: z.string().max(20),
  kind: z.enum(['a', 'b']),
  note: z.string().max(20).nullable(),
  extra: z.string().max(20).optional(),
  flag: z.boolean(),
  loose: z.unknown(),
  tags: z.array(z.string().max(5)).max(3),
  either: z.union([z.literal(1), z.literal('one')]),
});
const worker = agent('worker', { agentName: 'worker', alias: 'live', output });
const input = z.object({ q: z.string().max(100) });
type Body = (flow: WorkflowFlow<z.infer<typeof input>>, r: ReturnType<typeof ask>) => unknown;
const ask = (flow: WorkflowFlow<z.infer<typeof input>>) => flow.invoke(worker, { prompt: flow.input.q });
const untyped = (value: unknown) => value as never;

/** `code message` of the comparison diagnostics for a choice on `condition`. */
function findings(condition: Body): string[] {
  const def = workflow('compare-types', { input }, (flow) => {
    const r = ask(flow);
    flow.choice('c', [when(condition(flow, r) as never, (b) => b.succeed('yes'))], { otherwise: 'continue' });
  });
  const result = compileWorkflow(def, { env: TEST_ENV, envName: 'test' });
  return result.diagnostics.filter((d) => d.code.startsWith('compare-')).map((d) => `${d.code} ${d.message}`);
}

describe('comparison types', () => {
  it.each<[string, Body, RegExp]>([
    ['a number with a string', (_f, r) => eq(r.count, untyped('3')), /^compare-types-differ eq\(\.\.\.\) compares number with "3"/],
    ['a string reference with a number reference', (_f, r) => ne(r.label, untyped(r.count)), /^compare-types-differ ne\(\.\.\.\) compares string with number: .* always true/],
    ['a boolean with a string', (_f, r) => eq(r.flag, untyped('true')), /^compare-types-differ/],
    ['an array with a string', (_f, r) => eq(untyped(r.tags), 'x'), /^compare-types-differ eq\(\.\.\.\) compares array with "x"/],
    ['a value outside the enum', (_f, r) => eq(r.kind, untyped('c')), /^compare-value-outside-enum eq\(\.\.\.\) compares "a" \| "b" with "c"/],
    ['a literal union with a value outside it', (_f, r) => eq(r.either, untyped(2)), /^compare-value-outside-enum/],
    ['ordering booleans', (_f, r) => gt(untyped(r.flag), untyped(true)), /^compare-types-differ gt\(\.\.\.\) orders/],
    ['ordering a number against a string', (_f, r) => lt(r.count, untyped(r.label)), /^compare-types-differ lt/],
    ['a mismatch nested in and/not', (_f, r) => and(eq(r.kind, 'a'), not(eq(r.count, untyped('1')))), /^compare-types-differ/],
    ['matches on a number', (_f, r) => matches(untyped(r.count), '*'), /^compare-types-differ matches/],
    ['null with a field that is not nullable', (_f, r) => eq(r.label, untyped(null)), /^compare-types-differ/],
  ])('refuses %s', (_name, condition, message) => {
    const found = findings(condition);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
  });

  it.each<[string, Body]>([
    ['same types', (_f, r) => and(eq(r.count, 3), gt(r.count, 1), eq(r.label, 'x'), lt(r.label, r.label))],
    ['an enum value and an enum with a string', (_f, r) => and(eq(r.kind, 'b'), eq(untyped(r.kind), untyped(r.label)))],
    ['null with a nullable field', (_f, r) => eq(r.note, null)],
    ['an optional field', (_f, r) => eq(r.extra, 'x')],
    ['a side that can hold anything', (_f, r) => eq(untyped(r.loose), untyped(3))],
    ['a literal union with one of its values', (_f, r) => eq(r.either, 'one')],
    ['a text template with a string', (f) => eq(untyped(text`${f.input.q}!`), 'x!')],
    ['an orElse value with its fallback type', (_f, r) => eq(untyped(orElse(r.extra, 'none')), 'none')],
    ['a condition with a boolean', (_f, r) => eq(eq(r.kind, 'a'), true)],
  ])('accepts %s', (_name, condition) => {
    expect(findings(condition)).toEqual([]);
  });

  it('locates the diagnostic at the when(...) call and checks conditions kept as values', () => {
    const def = workflow('compare-types', { input }, (flow) => {
      const r = ask(flow);
      flow.set('kept', { same: eq(r.count, untyped('3')) });
    });
    const result = compileWorkflow(def, { env: TEST_ENV, envName: 'test' });
    const found = result.diagnostics.filter((d) => d.code === 'compare-types-differ');
    expect(found.map((d) => d.loc?.file)).toEqual([import.meta.filename]);
  });
});
