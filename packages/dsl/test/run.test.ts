import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isDslError, workflow, type TaskStep, type WorkflowDef } from '@agentflow/dsl';

const Input = z.object({ topic: z.string().max(100) });

function dslError(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isDslError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a DslError');
}

describe('flow.run', () => {
  it('builds a startExecution .sync:2 task whose value is the child result, typed by its schema', () => {
    let builds = 0;
    const child = workflow('child', { input: Input, timeout: { minutes: 2 } }, (flow) => {
      builds++;
      return { echoed: flow.input.topic };
    });
    const parent = workflow('parent', { input: Input }, (flow) => {
      flow.run(child, { topic: flow.input.topic });
      flow.run(child, { topic: 'again' }, { id: 'second', timeout: { minutes: 5 }, retry: [{ errors: ['States.TaskFailed'], maxAttempts: 1 }] });
    });
    const ir = parent.build();
    const [first, second] = ir.body as TaskStep[];
    expect(first).toMatchObject({ kind: 'task', id: 'child', timeoutSeconds: 180, defaultRetry: false, retry: [] });
    expect(first!.integration).toMatchObject({ resource: 'states:startExecution', pattern: 'run-job', resultPath: 'Output', isLambda: false });
    expect(first!.integration.output.safeParse({ echoed: 'x'.repeat(100) }).success).toBe(true);
    expect(first!.integration.output.safeParse({ echoed: 'x'.repeat(101) }).success).toBe(false);
    expect(second).toMatchObject({ id: 'second', timeoutSeconds: 300, retry: [{ errors: ['States.TaskFailed'], maxAttempts: 1 }] });
    // Built once per build of the parent, however often it is run; built again by the next build.
    expect(builds).toBe(1);
    parent.build();
    expect(builds).toBe(2);
  });

  it('refuses a workflow that runs itself, naming the chain', () => {
    const self: WorkflowDef<{ topic: string }, unknown> = workflow('self', { input: Input, timeout: { minutes: 1 } }, (flow) => {
      flow.run(self, { topic: flow.input.topic });
    });
    expect(dslError(() => self.build())).toEqual({ code: 'workflow-cycle', message: expect.stringContaining("'self' → 'self'") });
    // The failed build leaves nothing behind: a workflow that is not part of the cycle still builds.
    const other = workflow('other', { input: Input }, (flow) => {
      flow.succeed('done');
    });
    expect(other.build().body).toHaveLength(1);
  });

  it('refuses a child that is not a workflow, and an input that lacks a required field', () => {
    expect(dslError(() => workflow('p', { input: Input }, (flow) => void flow.run({} as never, {})).build()).code).toBe('invalid-run');
    const child = workflow('child', { input: z.object({ topic: z.string(), note: z.string().optional() }), timeout: { minutes: 1 } }, () => undefined);
    const lacking = workflow('p', { input: z.object({ note: z.string() }) }, (flow) => void flow.run(child as never, flow.input as never));
    expect(dslError(() => lacking.build())).toEqual({ code: 'run-input-mismatch', message: expect.stringContaining("without 'topic'") });
  });
});
