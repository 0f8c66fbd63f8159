/**
 * Conformance corpus: what the simulated integrations return and raise (docs/simulator.md §6, §12).
 */
import { describe, expect, it } from 'vitest';
import { failWith } from '../../src/index.js';
import { machine, one, run, task } from './helpers.js';

/** An agent step as agentflow compiles it: lambda:invoke of the adapter with an adapter request. */
const agentStep = machine({
  Ask: task({
    Arguments: { FunctionName: 'adapter', Payload: { agentId: 'A', agentAliasId: 'L', sessionId: 's', inputText: 'hi', outputSchema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] } } },
    Output: '{% $states.result.Payload %}',
  }),
});

describe('lambda:invoke (the agent adapter)', () => {
  // REC/services/test_lambda_task_service: the function's return is wrapped as {ExecutedVersion, Payload,
  // SdkHttpMetadata, SdkResponseMetadata, StatusCode}.
  it("wraps the function's answer in the lambda:invoke result", async () => {
    const r = await run(machine({ Ask: task({ Arguments: (agentStep.States['Ask'] as { Arguments: unknown }).Arguments }) }), { agents: { Ask: [{ title: 'T' }] } });
    expect(Object.keys(r.output as object)).toEqual(['ExecutedVersion', 'Payload', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StatusCode']);
    expect(r.output).toMatchObject({ ExecutedVersion: '$LATEST', Payload: { title: 'T' }, StatusCode: 200 });
  });

  // REC/error_handling/test_task_service_lambda: a function error has error = errorType and cause = the JSON
  // payload {errorMessage, errorType, requestId, stackTrace}.
  it('reports an error the agent raises as a Lambda function error', async () => {
    const r = await run(agentStep, { agents: { Ask: () => { throw failWith('Agentflow.AgentThrottled', 'Rate exceeded.'); } } });
    expect(r.error).toBe('Agentflow.AgentThrottled');
    expect(JSON.parse(r.cause!)).toEqual({ errorMessage: 'Rate exceeded.', errorType: 'Agentflow.AgentThrottled', requestId: 'sim-request-1', stackTrace: [] });
    expect(Object.keys(JSON.parse(r.cause!) as object)).toEqual(['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    expect(one(r, 'TaskFailed')['taskFailedEventDetails']).toMatchObject({ error: 'Agentflow.AgentThrottled', cause: r.cause });
  });

  // docs/agent-adapter.md: the adapter's own rejection of an answer is a function error as well.
  it("reports the adapter's own Agentflow.InvalidAgentOutput as a function error", async () => {
    const r = await run(agentStep, { agents: { Ask: [{ nope: 1 }] } });
    expect(r.error).toBe('Agentflow.InvalidAgentOutput');
    expect(JSON.parse(r.cause!)).toMatchObject({ errorType: 'Agentflow.InvalidAgentOutput', errorMessage: expect.stringMatching(/title/) });
  });

  // DG "bp-lambda-serviceexception"; REC (`test_no_such_function`): Lambda service errors keep their own cause.
  it('keeps Lambda.* service errors as they are', async () => {
    const r = await run(agentStep, { agents: { Ask: () => { throw failWith('Lambda.ServiceException', 'The service is unavailable.'); } } });
    expect(r).toMatchObject({ error: 'Lambda.ServiceException', cause: 'The service is unavailable.' });
  });

  // A Retry on the function error name still matches it.
  it('lets Retry match the function error by its type', async () => {
    const def = machine({ Ask: task({ ...(agentStep.States['Ask'] as object), Retry: [{ ErrorEquals: ['Agentflow.AgentThrottled'], IntervalSeconds: 3 }] }) });
    const r = await run(def, { agents: { Ask: (_req, ctx) => { if (ctx.call === 0) throw failWith('Agentflow.AgentThrottled', 'slow'); return { title: 'ok' }; } } });
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: { title: 'ok' }, durationSeconds: 3 });
  });
});

describe('sns:publish.waitForTaskToken (approvals)', () => {
  // REC/callback/test_callback: TaskSubmitted.output is the Publish response {MessageId, SdkHttpMetadata,
  // SdkResponseMetadata}; the task's result is the SendTaskSuccess output.
  it('records the Publish response as TaskSubmitted and returns the responder output', async () => {
    const def = machine({
      Approve: task({ Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', Arguments: { TopicArn: 't', Message: { taskToken: '{% $states.context.Task.Token %}', message: 'ok?' } } }),
    });
    const r = await run(def, { approvals: { Approve: [{ approved: true, reviewer: 'ana' }] } });
    expect(r.output).toEqual({ approved: true, reviewer: 'ana' });
    const submitted = JSON.parse(String((one(r, 'TaskSubmitted')['taskSubmittedEventDetails'] as { output: string }).output)) as object;
    expect(Object.keys(submitted)).toEqual(['MessageId', 'SdkHttpMetadata', 'SdkResponseMetadata']);
  });
});
