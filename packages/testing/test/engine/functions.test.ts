/**
 * Conformance corpus: the JSONata functions Step Functions adds, used inside states (docs/simulator.md §14).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { machine, run } from './helpers.js';

const pass = (output: unknown) => machine({ P: { Type: 'Pass', Output: output, End: true } });

describe('AWS JSONata functions in states', () => {
  // DG "transforming-data": $partition, $range (end inclusive), $hash, $parse.
  it('provides $partition, $range, $hash and $parse', async () => {
    const r = await run(
      pass({
        partition: '{% $partition([1,2,3,4,5], 2) %}',
        range: '{% $range(0, 10, 2) %}',
        hash: '{% $hash("abc", "SHA-256") %}',
        parse: '{% $parse($states.input.json) %}',
      }),
      { input: { json: '{"a":[1,2]}' } },
    );
    expect(r.output).toEqual({
      partition: [[1, 2], [3, 4], [5]],
      range: [0, 2, 4, 6, 8, 10],
      hash: createHash('sha256').update('abc').digest('hex'),
      parse: { a: [1, 2] },
    });
  });

  // DG "transforming-data": $random and $uuid; docs/simulator.md §14: they use the run's seed.
  it('draws $random and $uuid from the seed', async () => {
    const def = pass({ r: '{% $random() %}', u: '{% $uuid() %}', seeded: '{% $random(7) %}' });
    const a = (await run(def, { seed: 1 })).output as { r: number; u: string; seeded: number };
    const again = (await run(def, { seed: 1 })).output;
    const b = (await run(def, { seed: 2 })).output as { r: number; u: string; seeded: number };
    expect(again).toEqual(a);
    expect(b.r).not.toBe(a.r);
    expect(b.u).not.toBe(a.u);
    expect(b.seeded).toBe(a.seeded);
    expect(a.u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.r).toBeGreaterThanOrEqual(0);
    expect(a.r).toBeLessThan(1);
  });

  // DG "transforming-data"; FL#2737: $eval is not available and fails the state with States.QueryEvaluationError.
  it('fails $eval with States.QueryEvaluationError', async () => {
    const r = await run(pass('{% $eval("1 + 1") %}'));
    expect(r.error).toBe('States.QueryEvaluationError');
    expect(r.cause).toMatch(/\$eval/);
  });

  // DG "transforming-data": every other JSONata 2.0.6 built-in is available; $now reads the virtual clock.
  it('keeps the JSONata built-ins, with $now on the virtual clock', async () => {
    const r = await run(machine({ W: { Type: 'Wait', Seconds: 90, Next: 'P' }, P: { Type: 'Pass', Output: { now: '{% $now() %}', up: '{% $uppercase("a") %}' }, End: true } }), { startTime: '2026-01-01T00:00:00.000Z' });
    expect(r.output).toEqual({ now: '2026-01-01T00:01:30.000Z', up: 'A' });
  });
});
