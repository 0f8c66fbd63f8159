import { readFileSync } from 'node:fs';
import { answerTurn, type AgentCall, type AgentTurn } from '@agentflow/aws-fakes';
import { failWith, simulate, type AgentRequest, type Answer } from '@agentflow/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADAPTER_ERRORS, type AdapterHandler } from '../src/index.js';
import { lambdaContext, startRig, type Rig } from './support.js';

/**
 * The compiled `routing` seed workflow run by the simulator, with its agent steps answered by the real adapter
 * handler (real SDK client, h2c fake agent): the requests the emitter builds pass the adapter's schema check, and an
 * adapter error reaches the state as its error name, which the compiled Retry handles in the same session.
 * The simulator has no Lambda hook, so an agent mock hands the state's Lambda payload to the handler; it re-checks
 * the returned answer against outputSchema and maxOutputBytes, which a correct adapter answer passes.
 */
const ASL = readFileSync(new URL('../../../fixtures/workflows/routing.asl.json', import.meta.url), 'utf8');
const ROUTER = 'AU5BHXTPDP';
const BILLING = 'OAEDOECVE6';
const INPUT = { ticketId: 'T-000123', customerId: 'c-9', subject: 'Rechnung', body: 'Meine Rechnung ist falsch.', plan: 'pro' };

function agents(call: AgentCall): AgentTurn {
  if (call.agentId === ROUTER) return answerTurn('Classification: {"category":"billing","urgency":"high","language":"de","reason":"invoice question"} as asked.', { chunks: 3 });
  if (call.agentId === BILLING) return answerTurn('```json\n{"reply":"Die Rechnung wurde korrigiert.","status":"resolved"}\n```');
  return { refuse: { status: 404, type: 'ResourceNotFoundException', message: `no agent ${call.agentId} in this test` } };
}

let rig: Rig;
beforeEach(async () => {
  rig = await startRig({ respond: agents });
});
afterEach(async () => {
  await rig.close();
});

/** An agent mock that hands the state's Lambda payload to the adapter, as Lambda would. */
function throughAdapter(handler: AdapterHandler) {
  return async (request: AgentRequest): Promise<Answer> => {
    try {
      return (await handler(request.payload, lambdaContext())) as Answer;
    } catch (error) {
      // Lambda reports the thrown Error's name as the function error, which the state's Retry/Catch matches.
      throw failWith((error as Error).name, (error as Error).message);
    }
  };
}

describe('a compiled seed workflow with the real adapter playing its agent steps', () => {
  it('routes a ticket: throttled once, retried in the same session, answers found in prose and a code fence', async () => {
    rig.agent.script({ refuse: { status: 429, type: 'ThrottlingException', message: 'Rate exceeded' } });
    const mock = throughAdapter(rig.handler());
    const run = await simulate(ASL, {
      input: INPUT,
      executionName: 'e2e-1',
      agents: { 'route-ticket': mock, 'billing-support': mock },
      dynamodb: { 'agentflow-support-resolutions': { key: 'ticketId' } },
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(rig.agent.calls.map((c) => `${c.agentId} ${c.sessionId}`)).toEqual([`${ROUTER} e2e-1:route-ticket`, `${ROUTER} e2e-1:route-ticket`, `${BILLING} e2e-1:billing-support`]);
    expect(rig.agent.calls[0]!.inputText).toMatch(/^Classify this support ticket[\s\S]*Subject: Rechnung\nMeine Rechnung ist falsch\.\n\nAnswer with one JSON value/);
    expect(run.trace.find((t) => t.state === 'Route Ticket')).toMatchObject({ retries: 1 });
    expect(run.dynamodb.get('agentflow-support-resolutions')).toEqual([
      expect.objectContaining({ ticketId: { S: 'T-000123' }, category: { S: 'billing' }, handledBy: { S: 'billing' }, reply: { S: 'Die Rechnung wurde korrigiert.' } }),
    ]);
    expect(rig.logs.map((l) => [l['step'], l['outcome']])).toEqual([
      ['route-ticket', ADAPTER_ERRORS.AgentThrottled],
      ['route-ticket', 'ok'],
      ['billing-support', 'ok'],
    ]);
  });

  it('fails the execution with the adapter error name when the answer never validates', async () => {
    rig.agent.script(answerTurn('{"category":"sales"}'), answerTurn('{"category":"sales"}'));
    const run = await simulate(ASL, { input: INPUT, executionName: 'e2e-2', agents: { 'route-ticket': throughAdapter(rig.handler()) } });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe(ADAPTER_ERRORS.InvalidAgentOutput);
    expect(run.cause).toContain('/category must be equal to one of the allowed values');
  });
});
