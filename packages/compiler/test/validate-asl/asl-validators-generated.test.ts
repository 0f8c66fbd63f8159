import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generateAslValidators } from '../../scripts/generate-asl-validators.js';
import { aslAjv, SHALLOW_ID, STATE_ID } from '../../src/validate-asl/schema/asl-ajv.js';
import * as generated from '../../src/validate-asl/schema/asl-validators.generated.js';

describe('ASL validators generated ahead of time', () => {
  it('are what the generator prints today (run `pnpm --filter @agentflow/compiler generate` after a schema change)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8') === generateAslValidators()).toBe(true);
  });

  it('report the same errors as the schema compiled by ajv at run time', () => {
    const ajv = aslAjv();
    const samples: unknown[] = [
      { StartAt: 'A', States: { A: { Type: 'Succeed' } } },
      { StartAt: '', States: {} },
      { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 7 } }, Extra: true },
      { StartAt: 'A', States: 'none' },
      'not an object',
    ];
    let invalid = 0;
    for (const sample of samples) {
      const compiled = ajv.getSchema(SHALLOW_ID)!;
      const ok = compiled(sample);
      if (!ok) invalid++;
      const gen = generated.root as typeof compiled;
      expect(gen(sample)).toBe(ok);
      expect(gen.errors ?? null).toEqual(compiled.errors ?? null);
    }
    expect(invalid).toBe(samples.length - 1);
    const state = ajv.getSchema(STATE_ID)!;
    const genState = generated.state as typeof state;
    for (const bad of [{ Type: 'Teleport', Next: '' }, { Type: 'Pass', Nope: 1, End: true }, { Type: 'Parallel', Branches: [{ StartAt: 'A', States: {} }], End: true }]) {
      expect(genState(bad)).toBe(state(bad));
      expect(genState.errors).toEqual(state.errors);
      expect(state.errors?.length).toBeGreaterThan(0);
    }
  });
});
