import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, isPresent, orElse, sns, text, when, workflow, type Flow, type WorkflowFlow } from '@agentflow/dsl';
import { compileWorkflow } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ answer: z.string().max(200) }) });
const Input = z.object({ q: z.string().max(100), note: z.string().max(100).optional(), list: z.array(z.string().max(10)).max(3).optional(), at: z.string().max(40).optional() });

/** Error codes of a workflow whose body bypasses the types (as plain JavaScript would) with `as never`. */
function errors(body: (flow: WorkflowFlow<z.infer<typeof Input>>) => unknown) {
  const result = compileWorkflow(workflow('opt', { input: Input }, body as never), { env: TEST_ENV, envName: 'test' });
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

describe('optional-value: an optional value used where a value is required', () => {
  const cases: [string, (flow: WorkflowFlow<z.infer<typeof Input>>) => unknown, string][] = [
    ['a set value', (flow) => void flow.set('keep', flow.input.note as never), "the value of step 'keep'"],
    ['a list item', (flow) => void flow.set('keep', [flow.input.q, flow.input.note as never]), "the value of step 'keep'"],
    ['a prompt', (flow) => void flow.invoke(worker, { prompt: flow.input.note as never }), "the prompt of step 'worker'"],
    ['an SNS subject', (flow) => void flow.task('tell', sns.publish({ topic: 'reviewers', message: 'm', subject: flow.input.note as never })), "the arguments of step 'tell'"],
    ['a fail cause', (flow) => flow.fail('stop', { error: 'E', cause: flow.input.note as never }), "the cause of step 'stop'"],
    ['a wait timestamp', (flow) => flow.wait('until', { until: flow.input.at as never }), "the until of step 'until'"],
    ['a branch result', (flow) => void flow.parallel('both', { a: (b: Flow) => (b.wait('wa', { seconds: 1 }), flow.input.note as never), b: (b: Flow) => b.wait('wb', { seconds: 1 }) }), "the branch 'a' result of step 'both'"],
    ['an iteration result', (flow) => void flow.map('per-item', flow.input.list, { maxConcurrency: 1 }, (_, f) => (f.wait('w', { seconds: 1 }), { note: flow.input.note as never })), "the iteration result of step 'per-item'"],
    ['the workflow result', (flow) => (flow.wait('w', { seconds: 1 }), { note: flow.input.note as never }), 'the workflow result'],
    ['an orElse fallback', (flow) => void flow.set('keep', orElse(flow.input.note, flow.input.at as never)), "the value of step 'keep'"],
  ];
  it.each(cases)('is an error in %s', (_, body, where) => {
    expect(errors(body)).toEqual([expect.stringMatching(new RegExp(`^optional-value: In ${where.replace(/[()]/g, '\\$&')}, '(note|at)' of the workflow input is used as a value`))]);
  });

  it('is fine with orElse, in a template, in a condition, as map items, and in JSON text', () => {
    expect(
      errors((flow) => {
        flow.set('keep', { note: orElse(flow.input.note, ''), text: text`${flow.input.note}` });
        flow.choice('has-note', [when(isPresent(flow.input.note), (b) => b.wait('w', { seconds: 1 }))], { otherwise: 'continue' });
        flow.map('per-item', flow.input.list, { maxConcurrency: 1 }, (item, f) => (f.wait('pause', { seconds: 1 }), item));
        flow.task('tell', sns.publish({ topic: 'reviewers', message: { note: flow.input.note as never } }));
      }),
    ).toEqual([]);
  });
});
