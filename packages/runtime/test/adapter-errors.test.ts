import { answerTurn } from '@agentflow/aws-fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADAPTER_ERRORS } from '../src/index.js';
import { failure, lambdaContext, request, startRig, type Rig } from './support.js';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

describe('adapter errors as Step Functions error names', () => {
  it('names HTTP 429 ThrottlingException before the stream Agentflow.AgentThrottled', async () => {
    rig.agent.script({ refuse: { status: 429, type: 'ThrottlingException', message: 'Your request rate is too high.' } });
    const error = await failure(rig.handler()(request(), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.AgentThrottled);
    expect(error.message).toBe('Bedrock throttled the agent invocation (ThrottlingException: Your request rate is too high.).');
    expect(rig.logs[0]).toMatchObject({ level: 'ERROR', outcome: ADAPTER_ERRORS.AgentThrottled, turns: 0 });
  });

  it.each([
    ['throttlingException', ADAPTER_ERRORS.AgentThrottled],
    ['serviceQuotaExceededException', ADAPTER_ERRORS.AgentThrottled],
    ['modelNotReadyException', ADAPTER_ERRORS.AgentThrottled],
    ['internalServerException', ADAPTER_ERRORS.AgentUnavailable],
    ['dependencyFailedException', ADAPTER_ERRORS.AgentUnavailable],
    ['badGatewayException', ADAPTER_ERRORS.AgentUnavailable],
    ['accessDeniedException', ADAPTER_ERRORS.AgentFailed],
    ['validationException', ADAPTER_ERRORS.AgentFailed],
  ])('names a %s frame in the middle of the stream %s', async (exception, name) => {
    rig.agent.script({ events: [{ chunk: 'The first half of' }, { exception, message: 'stopped' }] });
    const error = await failure(rig.handler()(request(), lambdaContext()));
    expect(error.name).toBe(name);
    expect(error.message).toContain(': stopped');
  });

  it('names an access denial before the stream Agentflow.AgentFailed, with what to check', async () => {
    rig.agent.faults.add({ operation: 'InvokeAgent', kind: 'access-denied' });
    const error = await failure(rig.handler()(request(), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.AgentFailed);
    expect(error.message).toContain("adapter role's bedrock:InvokeAgent grant");
  });

  it('names a stream reset in the middle of the answer, and a call reset before any reply, Agentflow.AgentUnavailable', async () => {
    rig.agent.script({ events: [{ chunk: 'The first half' }, { reset: true }] });
    const cut = await failure(rig.handler()(request(), lambdaContext()));
    expect(cut.name).toBe(ADAPTER_ERRORS.AgentUnavailable);
    rig.agent.faults.add({ operation: 'InvokeAgent', kind: 'drop' });
    const dropped = await failure(rig.handler()(request(), lambdaContext()));
    expect(dropped.name).toBe(ADAPTER_ERRORS.AgentUnavailable);
    expect(rig.agent.calls).toHaveLength(2);
  });

  it('aborts an agent that has not answered before the remaining time, less the margin, runs out', async () => {
    rig.agent.script({ delayMs: 3_000, events: [{ chunk: 'late' }] });
    const started = Date.now();
    const error = await failure(rig.handler({ marginMs: 200 })(request(), lambdaContext(600)));
    const took = Date.now() - started;
    expect(error.name).toBe(ADAPTER_ERRORS.AgentTimeout);
    expect(error.message).toContain('keeps 200 ms to return');
    expect(took).toBeGreaterThanOrEqual(350);
    expect(took).toBeLessThan(1_500);
  });

  it('aborts a stream that stalls after its first chunk', async () => {
    rig.agent.script({ events: [{ chunk: 'start…' }, { pauseMs: 3_000 }, { chunk: 'never seen' }] });
    const started = Date.now();
    const error = await failure(rig.handler({ marginMs: 100 })(request(), lambdaContext(500)));
    expect(error.name).toBe(ADAPTER_ERRORS.AgentTimeout);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('calls no agent when the remaining time is already within the margin', async () => {
    rig.agent.script(answerTurn('unused'));
    const error = await failure(rig.handler({ marginMs: 5_000 })(request(), lambdaContext(3_000)));
    expect(error.name).toBe(ADAPTER_ERRORS.AgentTimeout);
    expect(rig.agent.calls).toEqual([]);
  });

  it('refuses a request the contract schema does not allow, before calling the agent', async () => {
    const error = await failure(rig.handler()(request({ temperature: 0, agentId: 'short', maxOutputBytes: undefined }), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.InvalidRequest);
    expect(error.message).toBe(
      "The adapter request breaks the contract (docs/agent-adapter.md): / must have required property 'maxOutputBytes'; / must NOT have additional properties ('temperature'); /agentId must match pattern \"^[0-9a-zA-Z]{10}$\". Compile the workflow again with this agentflow version, or send only the fields of agent-adapter-request.schema.json.",
    );
    expect(rig.agent.calls).toEqual([]);
    const both = await failure(rig.handler()(request({ inputParts: ['x'] }), lambdaContext()));
    expect(both.message).toContain('/ must match exactly one schema in oneOf');
  });
});
