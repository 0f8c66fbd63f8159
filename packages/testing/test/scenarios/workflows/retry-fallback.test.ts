import { describe, expect, it } from 'vitest';
import { failWith, maximalAnswer, reply, simulate, type AgentRequest, type Answer, type MockContext, type MockFn, type SimulationResult, largestPayload } from '@agentflow/testing';
import retryFallback, { fallback, primary } from '../../../../../workflows/retry-fallback.js';

const LIMIT = 262_144;
// What the largest value of a maximal run reaches (the agent's result), so a shrunken answer cannot pass.
const FLOOR = { escapes: 175_000, cjk: 85_000, quotes: 55_000 };

type Input = NonNullable<(typeof retryFallback)['__input']>;

const INPUT: Input = { question: 'How do I rotate my API key?', product: 'api', locale: 'en-GB' };

const PRIMARY_PROMPT =
  'Answer this customer question about our api product, in the en-GB locale. Use the\n' +
  'knowledge base and cite the articles you rely on.\n\n' +
  'Question: How do I rotate my API key?';

const fallbackPrompt = (error: string) =>
  'Answer this customer question about our api product, in the en-GB locale, as well as\n' +
  `you can without the knowledge base (it failed with ${error}). Say so if you are unsure, and set confidence\n` +
  'accordingly.\n\n' +
  'Question: How do I rotate my API key?';

const KB_ANSWER = {
  answer: 'Open Settings → API keys and choose Rotate. The old key stays valid for 24 hours.',
  citations: [{ title: 'Rotating API keys', url: 'https://docs.example.com/api/keys#rotate' }],
  confidence: 'high' as const,
};
const LITE_ANSWER = { answer: 'You can most likely rotate it under Settings → API keys.', citations: [], confidence: 'low' as const };

interface Call {
  readonly at: number;
  readonly attempt: number;
  readonly request: AgentRequest;
}

type Step = MockFn<AgentRequest, Answer>;
const throttled: Step = () => {
  throw failWith('Agentflow.AgentThrottled', 'Rate exceeded');
};

/** Seconds since the start of the run, from the mock context's virtual clock. */
const secondsOf = (ctx: MockContext) => (Date.parse(ctx.now) - Date.parse('2026-01-01T00:00:00.000Z')) / 1000;

async function ask(primarySteps: Step[], fallbackSteps: Step[] = [reply(fallback, LITE_ANSWER)], input: Input = INPUT) {
  const primaryCalls: Call[] = [];
  const fallbackCalls: Call[] = [];
  const recorded = (calls: Call[], steps: Step[]): Step => (request, ctx) => {
    calls.push({ at: secondsOf(ctx), attempt: ctx.attempt, request });
    return steps[Math.min(ctx.call, steps.length - 1)]!(request, ctx);
  };
  const run = await simulate(retryFallback, {
    input,
    agents: { primary: recorded(primaryCalls, primarySteps), fallback: recorded(fallbackCalls, fallbackSteps) },
  });
  return { run, primaryCalls, fallbackCalls };
}

const states = (run: SimulationResult) => run.trace.map((t) => t.state);

describe('retry-fallback: knowledge-base answer with retries, then a lighter fallback', () => {
  it('answers from the primary agent', async () => {
    const { run, primaryCalls, fallbackCalls } = await ask([reply(primary, KB_ANSWER)]);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ answer: KB_ANSWER, answeredBy: 'primary' });
    // The attempt ends the execution on the primary's own state: one transition (two before flow.attempt, with a
    // Succeed state after it).
    expect(states(run)).toEqual(['Primary']);
    expect(run.transitions).toBe(1);
    expect(run.trace).toHaveLength(run.transitions);
    expect(run.durationSeconds).toBe(0);
    expect(primaryCalls.map((c) => [c.request.prompt, c.request.sessionId])).toEqual([[PRIMARY_PROMPT, 'sim-1:primary']]);
    expect(fallbackCalls).toEqual([]);
  });

  it('retries a throttled primary after 2, 4 and 8 s and uses its answer on the 4th attempt', async () => {
    const { run, primaryCalls, fallbackCalls } = await ask([throttled, throttled, throttled, reply(primary, KB_ANSWER)]);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ answer: KB_ANSWER, answeredBy: 'primary' });
    expect(primaryCalls.map((c) => [c.at, c.attempt])).toEqual([
      [0, 0],
      [2, 1],
      [6, 2],
      [14, 3],
    ]);
    // A retried step continues the same agent session.
    expect(new Set(primaryCalls.map((c) => c.request.sessionId))).toEqual(new Set(['sim-1:primary']));
    expect(run.durationSeconds).toBe(14);
    expect(run.trace[0]).toMatchObject({ state: 'Primary', retries: 3, enteredAt: 0, exitedAt: 14 });
    // The States.TaskFailed retrier (the second one) did the retrying; each retry is billed.
    expect(run.coverage.retriers).toEqual({ 'Primary#1': 3 });
    expect(run.transitions).toBe(4);
    expect(fallbackCalls).toEqual([]);
  });

  it('falls back after the primary is throttled on all 4 attempts (14 s of back-off)', async () => {
    const { run, primaryCalls, fallbackCalls } = await ask([throttled]);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ answer: LITE_ANSWER, answeredBy: 'fallback' });
    expect(states(run)).toEqual(['Primary', 'Fallback']);
    expect(primaryCalls.map((c) => c.at)).toEqual([0, 2, 6, 14]);
    expect(fallbackCalls.map((c) => [c.at, c.request.prompt, c.request.sessionId])).toEqual([[14, fallbackPrompt('Agentflow.AgentThrottled'), 'sim-1:fallback']]);
    expect(run.durationSeconds).toBe(14);
    expect(run.coverage.catchers).toEqual({ 'Primary#0': 1 });
    // Primary + 3 retries, Fallback.
    expect(run.transitions).toBe(5);
    // The caught error (a function error of the adapter Lambda) is the fallback's input.
    const caught = run.trace[1]!.input as { Error: string; Cause: string };
    expect(caught.Error).toBe('Agentflow.AgentThrottled');
    expect(JSON.parse(caught.Cause)).toMatchObject({ errorMessage: 'Rate exceeded', errorType: 'Agentflow.AgentThrottled' });
  });

  it('retries Lambda service errors with the adapter retrier only (6 retries, 126 s), then falls back', async () => {
    const fault: Step = () => {
      throw failWith('Lambda.ServiceException', 'Lambda is unavailable');
    };
    const { run, primaryCalls, fallbackCalls } = await ask([fault]);

    expect(run.output).toEqual({ answer: LITE_ANSWER, answeredBy: 'fallback' });
    // The first matching retrier decides; once it is used up the catch applies, not the States.TaskFailed retrier.
    expect(primaryCalls.map((c) => c.at)).toEqual([0, 2, 6, 14, 30, 62, 126]);
    expect(run.coverage.retriers).toEqual({ 'Primary#0': 6 });
    expect(fallbackCalls.map((c) => c.request.prompt)).toEqual([fallbackPrompt('Lambda.ServiceException')]);
    expect(run.durationSeconds).toBe(126);
  });

  it('falls back at once when the primary times out (3 minutes): States.Timeout is not retried', async () => {
    const { run, primaryCalls, fallbackCalls } = await ask([(_req, ctx) => ctx.never()]);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ answer: LITE_ANSWER, answeredBy: 'fallback' });
    expect(primaryCalls).toHaveLength(1);
    expect(run.coverage.retriers).toEqual({});
    expect(run.coverage.catchers).toEqual({ 'Primary#0': 1 });
    expect(fallbackCalls.map((c) => [c.at, c.request.prompt])).toEqual([[180, fallbackPrompt('States.Timeout')]]);
    expect(run.durationSeconds).toBe(180);
    expect(run.events.some((e) => e.type === 'TaskTimedOut')).toBe(true);
  });

  it('retries an answer that fails the output schema (States.TaskFailed) and falls back with Agentflow.InvalidAgentOutput', async () => {
    // A plain function: reply() would reject this answer as a test mistake; the adapter's check is under test.
    const { run, primaryCalls, fallbackCalls } = await ask([() => ({ answer: 'Rotate it.', citations: [], confidence: 'certain' })]);

    expect(primaryCalls).toHaveLength(4);
    expect(run.output).toEqual({ answer: LITE_ANSWER, answeredBy: 'fallback' });
    expect(fallbackCalls.map((c) => c.request.prompt)).toEqual([fallbackPrompt('Agentflow.InvalidAgentOutput')]);
  });

  it('fails with States.Timeout when the fallback does not answer within its minute', async () => {
    const { run, fallbackCalls } = await ask([throttled], [(_req, ctx) => ctx.never()]);

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.Timeout');
    expect(fallbackCalls).toHaveLength(1);
    expect(run.durationSeconds).toBe(14 + 60);
    expect(states(run)).toEqual(['Primary', 'Fallback']);
  });

  it('fails with the fallback’s error when both agents fail permanently', async () => {
    const invalid: Step = () => {
      throw failWith('Agentflow.InvalidAgentOutput', 'not JSON');
    };
    const { run, fallbackCalls } = await ask([throttled], [invalid]);

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Agentflow.InvalidAgentOutput');
    // The adapter Lambda's function error: the cause is its JSON error payload.
    expect(JSON.parse(run.cause!)).toMatchObject({ errorMessage: 'not JSON', errorType: 'Agentflow.InvalidAgentOutput' });
    // The fallback retries only Lambda service errors.
    expect(fallbackCalls).toHaveLength(1);
  });

  it('retries the fallback’s Lambda SDK errors 6 times before failing with them', async () => {
    const fault: Step = () => {
      throw failWith('Lambda.SdkClientException', 'connection reset');
    };
    const { run, fallbackCalls } = await ask([throttled], [fault]);
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Lambda.SdkClientException');
    expect(fallbackCalls.map((c) => c.at)).toEqual([14, 16, 20, 28, 44, 76, 140]);
    expect(run.durationSeconds).toBe(140);
  });

  it('retries Lambda.TooManyRequestsException in the fallback 5 times (the default throttle retrier), then fails with it', async () => {
    const fault: Step = () => {
      throw failWith('Lambda.TooManyRequestsException', 'Rate exceeded');
    };
    const { run, fallbackCalls } = await ask([throttled], [fault]);
    expect(run.error).toBe('Lambda.TooManyRequestsException');
    expect(fallbackCalls).toHaveLength(6);
    expect(run.trace.find((t) => t.state === 'Fallback')).toMatchObject({ retries: 5, error: 'Lambda.TooManyRequestsException' });
  });

  describe('maximum-size answers fit the payload limit', () => {
    // The same characters maximalAnswer fills answers with: control characters (6 JSON bytes each), CJK (3 UTF-8 bytes), quotes.
    const fills = { escapes: '\u0001\u001f\u0007', cjk: '漢字測試', quotes: '"' } as const;
    const fill = (style: keyof typeof fills, n: number) => fills[style].repeat(Math.ceil(n / fills[style].length)).slice(0, n);

    for (const style of ['escapes', 'cjk', 'quotes'] as const) {
      const input: Input = { question: fill(style, 4000), product: 'billing-portal', locale: fill(style, 10) };

      it(`${style} text, answered by the primary`, async () => {
        const answer = maximalAnswer(primary, { text: style });
        expect(answer.citations).toHaveLength(10);
        const { run } = await ask([reply(primary, answer)], undefined, input);
        expect(run.error).toBeUndefined();
        expect(run.status).toBe('SUCCEEDED');
        expect(run.output).toEqual({ answer, answeredBy: 'primary' });
        expect(largestPayload(run)).toBeGreaterThan(FLOOR[style]);
        expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
      });

      it(`${style} text, answered by the fallback after a timeout`, async () => {
        const answer = maximalAnswer(primary, { text: style });
        const { run } = await ask([(_req, ctx) => ctx.never()], [reply(fallback, answer)], input);
        expect(run.error).toBeUndefined();
        expect(run.status).toBe('SUCCEEDED');
        expect(run.output).toEqual({ answer, answeredBy: 'fallback' });
        expect(largestPayload(run)).toBeGreaterThan(FLOOR[style]);
        expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
      });
    }
  });
});

