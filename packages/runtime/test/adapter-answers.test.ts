import { answerTurn } from '@agentflow/aws-fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADAPTER_ERRORS } from '../src/index.js';
import { failure, lambdaContext, PLAN_SCHEMA, request, startRig, type Rig } from './support.js';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

describe('adapter answers (real SDK against the h2c fake)', () => {
  it('joins a chunked plain-text answer cut inside multi-byte characters, with the session id unchanged and traces on', async () => {
    rig.agent.script(answerTurn('Grüße — a draft ✓ with ünïcödé', { chunks: 9, usage: { inputTokens: 40, outputTokens: 12 } }));
    const answer = await rig.handler()(request(), lambdaContext());
    expect(answer).toBe('Grüße — a draft ✓ with ünïcödé');
    expect(rig.agent.calls.map((c) => [c.sessionId, c.inputText, c.enableTrace])).toEqual([['exec-1:write-draft', 'Write the draft.', true]]);
    expect(rig.logs).toEqual([
      expect.objectContaining({ level: 'INFO', execution: 'exec-1', step: 'write-draft', sessionId: 'exec-1:write-draft', outcome: 'ok', turns: 1, repairs: 0, inputTokens: 40, outputTokens: 12, returnedBytes: Buffer.byteLength(JSON.stringify(answer)) }),
    ]);
  });

  it('hashes a session id Bedrock would refuse, the same way on every attempt', async () => {
    const long = `exec-${'x'.repeat(90)}:step:3`;
    rig.agent.script(answerTurn('a'), answerTurn('b'));
    const handler = rig.handler();
    await handler(request({ sessionId: long }), lambdaContext());
    await handler(request({ sessionId: long }), lambdaContext());
    const [first, second] = rig.agent.calls.map((c) => c.sessionId);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
  });

  it('asks for JSON matching outputSchema and finds it in prose or in a code fence', async () => {
    rig.agent.script(
      answerTurn('Sure! Here is the plan: {"title":"T","tasks":["a","b"]} — let me know.', { chunks: 4 }),
      answerTurn('```json\n{"title":"U","tasks":[]}\n```\nDone.'),
    );
    const handler = rig.handler({ enableTrace: false });
    expect(await handler(request({ outputSchema: PLAN_SCHEMA }), lambdaContext())).toEqual({ title: 'T', tasks: ['a', 'b'] });
    expect(await handler(request({ outputSchema: PLAN_SCHEMA }), lambdaContext())).toEqual({ title: 'U', tasks: [] });
    expect(rig.agent.calls[0]!.inputText).toBe(`Write the draft.\n\nAnswer with one JSON value that matches this JSON Schema (2020-12), and nothing before or after it:\n${JSON.stringify(PLAN_SCHEMA)}`);
    expect(rig.agent.calls[0]!.enableTrace).toBe(false);
    // Without traces Bedrock reports no tokens, and the log says nothing rather than zero.
    expect(rig.logs[0]).not.toHaveProperty('inputTokens');
  });

  it('repairs an invalid answer in the same session, sending the validation errors', async () => {
    rig.agent.script(answerTurn('{"title": 7}'), answerTurn('{"title":"Fixed","tasks":["x"]}'));
    const answer = await rig.handler()(request({ sessionId: 'exec-1:plan:2', outputSchema: PLAN_SCHEMA }), lambdaContext());
    expect(answer).toEqual({ title: 'Fixed', tasks: ['x'] });
    expect(rig.agent.calls.map((c) => c.sessionId)).toEqual(['exec-1:plan:2', 'exec-1:plan:2']);
    expect(rig.agent.calls[1]!.inputText).toContain("/ must have required property 'tasks'; /title must be string");
    expect(rig.logs[0]).toMatchObject({ outcome: 'ok', turns: 2, repairs: 1 });
  });

  it('fails with Agentflow.InvalidAgentOutput and the errors in the cause once the repairs are spent', async () => {
    rig.agent.script(answerTurn('no json here'), answerTurn('{"title":"T","tasks":"not a list"}'));
    const error = await failure(rig.handler()(request({ outputSchema: PLAN_SCHEMA }), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.InvalidAgentOutput);
    expect(error.message).toBe("The agent's answer does not match outputSchema after 2 turn(s) (1 repair(s)): /tasks must be array.");
    expect(error.cause).toEqual({ errors: ['/tasks must be array'] });
    expect(rig.agent.calls).toHaveLength(2);
    expect(rig.agent.calls[1]!.inputText).toContain('no JSON value found in the answer (12 characters)');
  });

  it('makes as many repair turns as configured, and none with repairs: 0', async () => {
    rig.agent.script(answerTurn('x'), answerTurn('y'), answerTurn('{"title":"T","tasks":[]}'));
    expect(await rig.handler({ repairs: 2 })(request({ outputSchema: PLAN_SCHEMA }), lambdaContext())).toEqual({ title: 'T', tasks: [] });
    rig.agent.script(answerTurn('x'));
    const error = await failure(rig.handler({ repairs: 0 })(request({ outputSchema: PLAN_SCHEMA }), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.InvalidAgentOutput);
    expect(rig.agent.calls).toHaveLength(4);
  });

  it('validates a plain-text answer against its string schema too', async () => {
    rig.agent.script(answerTurn('far too long'), answerTurn('short'));
    expect(await rig.handler()(request({ outputSchema: { type: 'string', maxLength: 5 } }), lambdaContext())).toBe('short');
    expect(rig.agent.calls[1]!.inputText).toContain('/ must NOT have more than 5 characters');
  });

  it('refuses an outputSchema that is not a JSON Schema with Agentflow.InvalidRequest', async () => {
    rig.agent.script(answerTurn('{}'));
    const error = await failure(rig.handler()(request({ outputSchema: { type: 'object', properties: { a: { type: 'nonsense' } } } }), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.InvalidRequest);
    expect(error.message).toMatch(/^The request's outputSchema is not a valid JSON Schema \(2020-12\)/);
  });

  it('reads only chunks as the answer: files events, failure traces and event types unknown to the SDK are skipped', async () => {
    rig.agent.script({
      events: [
        { chunk: 'one ' },
        { event: 'files', body: { files: [{ name: 'chart.png', type: 'image/png', bytes: Buffer.from('png').toString('base64') }] } },
        { trace: { trace: { failureTrace: { failureReason: 'tool failed' } } } },
        { event: 'someFutureEvent', body: { anything: true } },
        { chunk: 'two' },
      ],
    });
    expect(await rig.handler()(request(), lambdaContext())).toBe('one two');
    expect(rig.logs[0]).not.toHaveProperty('inputTokens');
  });

  it('names an agent that returns control Agentflow.ReturnControlUnhandled', async () => {
    rig.agent.script({ events: [{ returnControl: { invocationId: 'inv-1', invocationInputs: [{ functionInvocationInput: { actionGroup: 'tools', function: 'lookup' } }] } }] });
    const error = await failure(rig.handler()(request(), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.ReturnControlUnhandled);
    expect(error.message).toContain('invocation inv-1');
  });
});
