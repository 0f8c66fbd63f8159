import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, text, workflow, type BodyResult, type WorkflowFlow } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ answer: z.string().max(200) }) });
const input = z.object({ q: z.string().max(100) });
const compile = (body: (flow: WorkflowFlow<z.infer<typeof input>>) => BodyResult) =>
  compileWorkflow(workflow('builds', { input }, body), { env: TEST_ENV, envName: 'test' });
const codes = (result: ReturnType<typeof compile>) => result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('a body must build the same workflow every time', () => {
  it('accepts schemas and functions made afresh by each build', () => {
    const result = compile((flow) => {
      const a = flow.invoke(worker, { id: 'a', prompt: flow.input.q });
      flow.set('kept', { answer: a.answer }, { schema: z.object({ answer: z.string().max(200).refine((s) => s.length > 0) }) });
    });
    expect(codes(result)).toEqual([]);
  });

  it('refuses a value taken from the clock, even one that only changes once a day, naming the step and the field', () => {
    const result = compile((flow) => {
      flow.invoke(worker, { id: 'a', prompt: flow.input.q });
      flow.invoke(worker, { id: 'dated', prompt: text`Today is ${new Date().toISOString().slice(0, 10)}: ${flow.input.q}` });
    });
    expect(codes(result)).toEqual(['nondeterministic-build']);
    const [d] = result.diagnostics;
    expect(d!.path).toBe('builds/dated');
    expect(d!.message).toContain('differs in prompt.parts.0');
    expect(d!.loc?.line).toBeGreaterThan(0);
  });

  it('refuses a step that only some builds make, and restores the real clock afterwards', () => {
    const RealDate = globalThis.Date;
    let builds = 0;
    const result = compile((flow) => {
      flow.invoke(worker, { id: 'a', prompt: flow.input.q });
      if (++builds === 1) flow.invoke(worker, { id: 'once', prompt: flow.input.q });
    });
    expect(codes(result)).toEqual(['nondeterministic-build']);
    expect(result.diagnostics[0]!.message).toContain("step 'once'");
    expect(globalThis.Date).toBe(RealDate);
  });

  it('places a step that only a later build makes at its own call, not at the workflow (the comparison build records no locations)', () => {
    let builds = 0;
    const def = workflow('builds', { input }, (flow) => {
      flow.invoke(worker, { id: 'a', prompt: flow.input.q });
      if (++builds > 1) flow.invoke(worker, { id: 'later', prompt: flow.input.q });
    });
    const workflowLoc = def.build().loc;
    builds = 0;
    const result = compileWorkflow(def, { env: TEST_ENV, envName: 'test' });
    expect(codes(result)).toEqual(['nondeterministic-build']);
    const [d] = result.diagnostics;
    expect(d!.message).toContain("step 'later'");
    expect(d!.loc?.file).toBe(workflowLoc?.file);
    expect([d!.loc?.line, d!.loc?.column]).not.toEqual([workflowLoc?.line, workflowLoc?.column]);
  });

  it('reports a second build that throws as nondeterministic, not as a crash', () => {
    let builds = 0;
    const result = compile((flow) => {
      if (++builds === 2) throw new Error('only the second time');
      flow.invoke(worker, { id: 'a', prompt: flow.input.q });
    });
    expect(codes(result)).toEqual(['nondeterministic-build']);
    expect(result.diagnostics[0]!.message).toContain('only the second time');
  });
  it('refuses a random choice every time, even one the first build would draw again by chance, and restores Math.random', () => {
    const realRandom = Math.random;
    // The same draw every time: a plain second build would match the first and pass; each second-build draw must differ.
    Math.random = () => 0.1;
    const patched = Math.random;
    try {
      for (let run = 0; run < 2; run++) {
        const result = compile((flow) => {
          flow.invoke(worker, { id: 'a', prompt: flow.input.q });
          flow.wait('jitter', { seconds: 1 + Math.floor(Math.random() * 2) });
          if (Math.random() < 0.5) flow.invoke(worker, { id: 'sometimes', prompt: flow.input.q });
        });
        expect(codes(result)).toEqual(['nondeterministic-build']);
        expect(Math.random).toBe(patched);
      }
    } finally {
      Math.random = realRandom;
    }
  });
});
