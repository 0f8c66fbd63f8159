/**
 * Conformance corpus: what the simulated integrations return and raise (docs/simulator.md §6, §12).
 */
import { describe, expect, it } from 'vitest';
import { failWith, type ApprovalRequest } from '../../src/index.js';
import { machine, one, run, task } from './helpers.js';

/** An agent step as agentflow compiles it: lambda:invoke of the adapter with an adapter request. */
const request = {
  agentId: 'AGENT00001',
  agentAliasId: 'ALIAS00001',
  sessionId: 's',
  inputText: 'hi',
  outputSchema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
  maxOutputBytes: 100,
};
const agentStep = machine({
  Ask: task({ Arguments: { FunctionName: 'adapter', Payload: request }, Output: '{% $states.result.Payload %}' }),
});
/** The agent step with its request changed; `catchAll` routes every error to a Pass state that returns it. */
const askWith = (payload: Record<string, unknown>, catchAll = false) =>
  machine({
    Ask: task({
      Arguments: { FunctionName: 'adapter', Payload: payload },
      Output: '{% $states.result.Payload %}',
      ...(catchAll ? { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught', Output: '{% $states.errorOutput %}' }] } : {}),
    }),
    ...(catchAll ? { Caught: { Type: 'Pass', End: true } } : {}),
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

// docs/agent-adapter.md, "Request" and "Sizes": the request is checked against its JSON Schema, and what the adapter
// returns must fit maxOutputBytes.
describe('the agent adapter contract', () => {
  it('rejects a request with a field the contract does not define, before calling the agent', async () => {
    let called = 0;
    const r = await run(askWith({ ...request, temperature: 0.2 }), { agents: { Ask: () => (called++, { title: 'T' }) } });
    expect(r.error).toBe('Agentflow.InvalidRequest');
    expect(JSON.parse(r.cause!).errorMessage).toMatch(/must NOT have additional properties \('temperature'\)/);
    expect(called).toBe(0);
  });

  it('rejects a request without maxOutputBytes, and an offload directive with an undefined field', async () => {
    const { maxOutputBytes: _, ...unbudgeted } = request;
    expect((await run(askWith(unbudgeted), { agents: { Ask: [{ title: 'T' }] } })).error).toBe('Agentflow.InvalidRequest');
    const offload = { bucket: 'bkt', key: 'k.json', inline: [], compress: true };
    expect((await run(askWith({ ...request, offload }), { agents: { Ask: [{ title: 'T' }] } })).error).toBe('Agentflow.InvalidRequest');
  });

  it('returns an answer whose JSON is exactly maxOutputBytes, and fails one byte more with Agentflow.AnswerTooLarge', async () => {
    // {"title":"…"} is 12 bytes around the title.
    const fits = await run(agentStep, { agents: { Ask: [{ title: 'x'.repeat(88) }] } });
    expect(fits).toMatchObject({ status: 'SUCCEEDED', output: { title: 'x'.repeat(88) } });
    const over = await run(agentStep, { agents: { Ask: [{ title: 'x'.repeat(89) }] } });
    expect(over.error).toBe('Agentflow.AnswerTooLarge');
    expect(JSON.parse(over.cause!).errorMessage).toBe("The agent's answer takes 101 bytes of JSON, over the request's maxOutputBytes of 100.");
  });

  it('counts escaped and multi-byte characters as the JSON carries them', async () => {
    // 16 control characters: 96 bytes escaped, though 16 characters long.
    const r = await run(agentStep, { agents: { Ask: [{ title: '\u0001'.repeat(16) }] } });
    expect(r.error).toBe('Agentflow.AnswerTooLarge');
    expect(JSON.parse(r.cause!).errorMessage).toMatch(/takes 108 bytes/);
  });

  it('lets a Catch handle Agentflow.AnswerTooLarge', async () => {
    const r = await run(askWith(request, true), { agents: { Ask: [{ title: 'x'.repeat(500) }] } });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ Error: 'Agentflow.AnswerTooLarge' });
  });

  it('offloads an answer over its budget when the request says so, and returns only the pointer', async () => {
    const offload = { bucket: 'bkt', key: 'runs/x/ask.json', inline: [] };
    const title = 'x'.repeat(5000);
    const r = await run(askWith({ ...request, offload }), { agents: { Ask: [{ title }] } });
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: { $s3: 's3://bkt/runs/x/ask.json' } });
    expect(JSON.parse(r.s3.get('s3://bkt/runs/x/ask.json')!)).toEqual({ title });
  });

  it('fails, writing nothing, when even the inline fields of an offloaded answer exceed the budget', async () => {
    const offload = { bucket: 'bkt', key: 'runs/x/ask.json', inline: ['title'] };
    const r = await run(askWith({ ...request, offload }), { agents: { Ask: [{ title: 'x'.repeat(500) }] } });
    expect(r.error).toBe('Agentflow.AnswerTooLarge');
    expect(JSON.parse(r.cause!).errorMessage).toMatch(/^The inline fields and pointer returned for the offloaded answer take \d+ bytes/);
    expect(r.s3.size).toBe(0);
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

describe('lambda:invoke.waitForTaskToken to the approval responder (compiled approvals)', () => {
  const approvalRequest = {
    kind: 'agentflow.approval-request',
    version: 1,
    taskToken: '{% $states.context.Task.Token %}',
    workflow: 'wf',
    step: 'approve',
    execution: '{% $states.context.Execution.Id %}',
    topicArn: 'arn:aws:sns:us-east-1:111122223333:reviewers',
    subject: 'Review',
    message: { draft: 'ok?' },
    timeoutSeconds: 3600,
  };
  const approveWith = (payload: Record<string, unknown>) =>
    machine({
      Approve: task({
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Arguments: { FunctionName: 'arn:aws:lambda:us-east-1:111122223333:function:agentflow-approval-responder-wf', Payload: payload },
        TimeoutSeconds: 3600,
      }),
    });

  it('gives the approval mock the request, records the Lambda response as TaskSubmitted and returns the decision', async () => {
    const seen: unknown[] = [];
    const r = await run(approveWith(approvalRequest), { approvals: { Approve: [(req, ctx) => (seen.push(req, ctx.taskToken), { approved: false, comments: 'no' })] } });
    expect(r.output).toEqual({ approved: false, comments: 'no' });
    const [req, token] = seen as [Record<string, unknown>, string];
    expect(req).toMatchObject({ workflow: 'wf', step: 'approve', subject: 'Review', message: { draft: 'ok?' } });
    expect(req['execution']).toMatch(/^arn:aws:states:.*:execution:/);
    expect((req['arguments'] as { Payload: { taskToken: string } }).Payload.taskToken).toBe(token);
    // What `agentflow approve` reads: the scheduled parameters carry the token in Payload.taskToken.
    const scheduled = one(r, 'TaskScheduled')['taskScheduledEventDetails'] as { resourceType: string; resource: string; parameters: string };
    expect([scheduled.resourceType, scheduled.resource]).toEqual(['lambda', 'invoke.waitForTaskToken']);
    expect((JSON.parse(scheduled.parameters) as { Payload: { taskToken: string } }).Payload.taskToken).toBe(token);
    const submitted = JSON.parse(String((one(r, 'TaskSubmitted')['taskSubmittedEventDetails'] as { output: string }).output)) as { StatusCode: number };
    expect(submitted.StatusCode).toBe(200);
  });

  it('fails a request that breaks approval-request.schema.json as a function error of the responder, before any mock runs', async () => {
    let called = false;
    const approvals = { Approve: [() => ((called = true), { approved: true })] };
    const extra = await run(approveWith({ ...approvalRequest, reviewers: ['ana'] }), { approvals });
    expect(extra.error).toBe('Agentflow.InvalidRequest');
    expect(JSON.parse(extra.cause!).errorMessage).toContain("/ must NOT have additional properties ('reviewers')");
    const { timeoutSeconds: _, ...untimed } = approvalRequest;
    const missing = await run(approveWith(untimed), { approvals });
    expect(JSON.parse(missing.cause!).errorMessage).toContain("must have required property 'timeoutSeconds'");
    expect(called).toBe(false);
  });

  it('refuses a request whose taskToken is not the waiting task\'s token', async () => {
    await expect(run(approveWith({ ...approvalRequest, taskToken: 'not-the-token' }), { approvals: { Approve: [{ approved: true }] } })).rejects.toThrow(/taskToken is not that token/);
  });

  it('gives the approval mock the text of messageParts, read from S3 as the responder reads it, so the mock sees what reviewers see', async () => {
    const DRAFT = 's3://offload/agentflow/wf/exec/draft.json';
    const { message: _, ...rest } = approvalRequest;
    const parts = { ...rest, messageParts: ['Review "', { expand: { $s3: DRAFT }, path: ['title'] }, '":\n', { expand: { $s3: DRAFT }, path: ['body'] }, '\nTags: ', { expand: { $s3: DRAFT }, path: ['tags'] }] };
    const seen: ApprovalRequest[] = [];
    const approvals = { Approve: [(req: ApprovalRequest) => (seen.push(req), { approved: true })] };
    const r = await run(approveWith(parts), { approvals, s3: { [DRAFT]: { title: 'Tides', body: 'Tides rise twice a day.', tags: ['sea', 'moon'] } } });
    expect(r.output).toEqual({ approved: true });
    expect(seen[0]!.message).toBe('Review "Tides":\nTides rise twice a day.\nTags: ["sea","moon"]');
    // The arguments stay as sent: the pointer, not the value.
    expect((seen[0]!.arguments as { Payload: { messageParts: unknown[] } }).Payload.messageParts[1]).toEqual({ expand: { $s3: DRAFT }, path: ['title'] });
  });

  it('fails the responder with Agentflow.ApprovalNotifyFailed naming the object when a messageParts object is missing, before any mock runs', async () => {
    let called = false;
    const { message: _, ...rest } = approvalRequest;
    const parts = { ...rest, messageParts: ['Review: ', { expand: { $s3: 's3://offload/gone.json' }, path: ['body'] }] };
    const r = await run(approveWith(parts), { approvals: { Approve: [() => ((called = true), { approved: true })] } });
    expect(r.error).toBe('Agentflow.ApprovalNotifyFailed');
    expect(JSON.parse(r.cause!).errorMessage).toBe(
      "The reviewers were not notified: the approval message splices an object that could not be read (s3://offload/gone.json does not exist (NoSuchKey)). The responder role needs s3:GetObject on it (Sid ReadOffloadedPayloadsToShowReviewers, on the workflow's offload prefix).",
    );
    expect(called).toBe(false);
    // Both message and messageParts break the contract.
    const both = await run(approveWith({ ...parts, message: 'text' }), { approvals: { Approve: [{ approved: true }] } });
    expect(both.error).toBe('Agentflow.InvalidRequest');
    expect(JSON.parse(both.cause!).errorMessage).toContain('must match exactly one schema in oneOf');
  });

  it('auto-mocks recognise the compiled approval by its Payload kind', async () => {
    const r = await run(approveWith(approvalRequest), { autoMock: { approvals: 'reject' } });
    expect(r.output).toEqual({ approved: false });
  });
});
