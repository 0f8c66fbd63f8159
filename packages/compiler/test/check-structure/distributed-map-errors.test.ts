/**
 * A catch or retry on a map that runs as a Distributed Map can only see the errors such a map fails with
 * (docs/payload.md, "Errors of distributed maps"): a rule naming only iterations' errors is an error, a dead name
 * next to live ones a warning; inline maps and live names pass.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, text, workflow, type CatchOptions, type RetryOptions } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const WITH_OFFLOAD = { ...TEST_ENV, offload: { bucket: 'test-bucket', prefix: 'p' } };
const small = agent('small', { agentName: 'worker', alias: 'live', output: z.object({ verdict: z.enum(['keep', 'drop']) }) });
const large = agent('large', { agentName: 'worker', alias: 'live', output: z.object({ draft: z.string().max(20_000) }) });
const fallback = agent('fallback', { agentName: 'judge', alias: 'live', maxOutputBytes: 200 });

interface Case {
  readonly tolerated?: boolean;
  /** Iterations return drafts of up to 20,000 characters: the map's results need S3. */
  readonly large?: boolean;
  readonly catch?: readonly CatchOptions[];
  readonly retry?: readonly RetryOptions[];
}

/** `severity code line` of this check's diagnostics for a map over 20 items with the given options. */
function findings(c: Case): string[] {
  const def = workflow('distributed-errors', { input: z.object({ items: z.array(z.string().max(100)).max(20) }) }, (flow) => {
    flow.map('work', flow.input.items, {
      maxConcurrency: 2,
      ...(c.tolerated ? { toleratedFailureCount: 1 } : {}),
      ...(c.catch ? { catch: c.catch } : {}),
      ...(c.retry ? { retry: c.retry } : {}),
    }, (item, f) => (c.large ? f.invoke(large, { prompt: text`Draft ${item}` }).draft : f.invoke(small, { prompt: text`Review ${item}` }).verdict));
    if (c.catch) {
      flow.succeed('done');
      flow.invoke(fallback, { id: 'rescue', prompt: 'Rescue' });
    }
  });
  const result = compileWorkflow(def, { env: WITH_OFFLOAD, envName: 'test' });
  // Nothing else is wrong with these workflows: the check is not hidden behind an earlier error.
  expect(result.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'distributed-map-error-unreachable')).toEqual([]);
  return result.diagnostics.filter((d) => d.code === 'distributed-map-error-unreachable').map((d) => `${d.severity} ${d.message.split('), so ')[1]!.split('.')[0]}`);
}

describe('catch and retry on distributed maps', () => {
  it("rejects a catch naming only an iteration's error on a map with a failure tolerance", () => {
    expect(findings({ tolerated: true, catch: [{ errors: ['Agentflow.AgentFailed'], goto: 'rescue' }] })).toEqual([
      "error its catch[0] (to 'rescue') never applies: 'Agentflow",
    ]);
  });

  it('rejects it on a map the compiler makes distributed to write its results to S3', () => {
    expect(findings({ large: true, catch: [{ errors: ['States.Timeout'], goto: 'rescue' }] })).toEqual(["error its catch[0] (to 'rescue') never applies: 'States"]);
    // The same catch on the same map with small results: an inline map sees the iteration's error.
    expect(findings({ catch: [{ errors: ['States.Timeout'], goto: 'rescue' }] })).toEqual([]);
  });

  it('warns about a dead name next to a live one, in catch and retry', () => {
    expect(findings({ tolerated: true, retry: [{ errors: ['Agentflow.AgentThrottled', 'States.ExceedToleratedFailureThreshold'] }] })).toEqual([
      "warning 'Agentflow",
    ]);
  });

  it('accepts the names a Distributed Map fails with, and the default catch', () => {
    expect(findings({ tolerated: true, catch: [{ errors: ['States.ExceedToleratedFailureThreshold'], goto: 'rescue' }] })).toEqual([]);
    expect(findings({ tolerated: true, retry: [{ errors: ['States.TaskFailed'] }], catch: [{ goto: 'rescue' }] })).toEqual([]);
  });
});
