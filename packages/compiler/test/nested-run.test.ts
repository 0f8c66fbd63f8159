import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, text, workflow } from '@agentflow/dsl';
import { compileWorkflow, EnvironmentSchema } from '../src/index.js';
import { stateMachinePatternProblem } from '../src/config/state-machine-name.js';
import { TEST_ENV } from './test-env.js';

const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ summary: z.string().max(1000) }) });
const child = workflow('child', { input: z.object({ topic: z.string().max(100) }), timeout: { minutes: 10 } }, (flow) => {
  const found = flow.invoke(worker, { prompt: text`About ${flow.input.topic}` });
  return { summary: found.summary };
});

type State = { Resource: string; Arguments: { StateMachineArn: string; Input: unknown }; TimeoutSeconds: number; Output: string };
const stateOf = (definition: Record<string, unknown> | undefined, name: string) => (definition?.['States'] as Record<string, State>)[name]!;

describe('flow.run', () => {
  it('starts the child by the ARN the environment names it with, sending the lineage field, keeping Output', () => {
    const parent = workflow('parent', { input: z.object({ topic: z.string().max(100) }) }, (flow) => flow.run(child, { topic: flow.input.topic }).summary);
    const prod = compileWorkflow(parent, { env: { ...TEST_ENV, stateMachineName: 'agentflow-{workflow}-prod' }, envName: 'prod' });
    expect(prod.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const state = stateOf(prod.definition, 'Child');
    expect(state.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
    expect(state.Arguments.StateMachineArn).toBe('arn:aws:states:us-west-2:123456789012:stateMachine:agentflow-child-prod');
    expect(state.Arguments.Input).toEqual({ topic: '{% $states.input.topic %}', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: '{% $states.context.Execution.Id %}' });
    // The child's own 10 minutes, plus the margin that lets its own timeout report first.
    expect(state.TimeoutSeconds).toBe(660);
    // `.sync:2` returns the child's output as JSON under Output: the workflow's result reads straight into it.
    expect(state.Output).toBe('{% $states.result.Output.summary %}');
    // The same pattern names the parent's own state machine in its IAM artifact.
    expect(prod.iam?.stateMachineArn).toBe('arn:aws:states:us-west-2:123456789012:stateMachine:agentflow-parent-prod');
    const statements = prod.iam!.roles.stateMachine.policy!.Statement;
    expect(statements.find((s) => s.Sid === 'StartChildStateMachines')?.Resource).toEqual(['arn:aws:states:us-west-2:123456789012:stateMachine:agentflow-child-prod']);
    expect(statements.find((s) => s.Sid === 'ManageSyncChildExecutions')?.Resource).toEqual(['arn:aws:states:us-west-2:123456789012:execution:agentflow-child-prod:*']);
  });

  it('merges the lineage field into an input passed as a whole reference', () => {
    const parent = workflow('parent', { input: z.object({ topic: z.string().max(100) }) }, (flow) => {
      flow.run(child, flow.input, { timeout: { minutes: 20 } });
    });
    const out = compileWorkflow(parent, { env: TEST_ENV, envName: 'test' });
    const state = stateOf(out.definition, 'Child');
    expect(state.Arguments.Input).toBe("{% $merge([$states.input, {'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID': $states.context.Execution.Id}]) %}");
    expect(state.TimeoutSeconds).toBe(1200);
  });

  it('bounds the step result by the child input and output it carries', () => {
    const big = workflow('big', { input: z.object({ doc: z.string().max(30_000) }), timeout: { minutes: 10 } }, (flow) => {
      const found = flow.invoke(worker, { prompt: flow.input.doc });
      return { summary: found.summary };
    });
    const parent = workflow('parent', { input: z.object({ doc: z.string().max(30_000) }) }, (flow) => flow.run(big, { doc: flow.input.doc }).summary);
    const out = compileWorkflow(parent, { env: TEST_ENV, envName: 'test' });
    const row = out.payload!.states.find((r) => r.state === 'Big' && r.measure === 'result')!;
    // Both the 30,000-character input (escaped: up to 6 bytes each) and the output count.
    expect(row.bytes).toBeGreaterThan(6 * 30_000 + 6 * 1000);
    expect(row.dominant).toBe('states:startExecution response');
    // A child whose input and output fit alone but not together in the response: refused at compile time.
    const writer = agent('writer', { agentName: 'worker', alias: 'live', output: z.object({ text: z.string().max(20_000) }) });
    const echo = workflow('echo', { input: z.object({ doc: z.string().max(20_000) }), timeout: { minutes: 10 } }, (flow) => ({ text: flow.invoke(writer, { prompt: flow.input.doc }).text }));
    const over = compileWorkflow(workflow('over', { input: z.object({ doc: z.string().max(20_000) }) }, (flow) => flow.run(echo, { doc: flow.input.doc }).text), { env: TEST_ENV, envName: 'test' });
    expect(over.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ code: 'payload-over-budget', path: 'over/echo' })]);
  });

  it('refuses a state machine name pattern without {workflow}, and a name that grows past 80 characters', () => {
    expect(stateMachinePatternProblem('{workflow}-prod')).toBeUndefined();
    expect(stateMachinePatternProblem('shared')).toMatch(/must contain \{workflow\}/);
    expect(stateMachinePatternProblem('{workflow}.prod')).toMatch(/letters, digits/);
    expect(stateMachinePatternProblem('{workflow}-{env}')).toMatch(/only the placeholder/);
    expect(EnvironmentSchema.safeParse({ ...TEST_ENV, stateMachineName: 'shared' }).success).toBe(false);
    const parent = workflow('parent', { input: z.object({ topic: z.string().max(100) }) }, (flow) => flow.run(child, { topic: flow.input.topic }).summary);
    const out = compileWorkflow(parent, { env: { ...TEST_ENV, stateMachineName: `${'x'.repeat(76)}-{workflow}` }, envName: 'long' });
    expect(out.definition).toBeUndefined();
    expect(out.diagnostics).toEqual([expect.objectContaining({ code: 'invalid-state-machine-name', path: 'parent/child', loc: expect.objectContaining({ line: expect.any(Number) }) })]);
  });

  it('compiles a workflow that runs itself into a workflow-cycle error at the run', () => {
    const self: ReturnType<typeof workflow<z.ZodObject<{ n: z.ZodNumber }>>> = workflow('self', { input: z.object({ n: z.number() }), timeout: { minutes: 1 } }, (flow) => {
      flow.run(self, { n: flow.input.n });
    });
    const out = compileWorkflow(self, { env: TEST_ENV, envName: 'test' });
    expect(out.diagnostics).toEqual([expect.objectContaining({ code: 'workflow-cycle', message: expect.stringContaining("'self' → 'self'") })]);
  });
});
