import { describe, expect, it } from 'vitest';
import { failWith, maximalAnswer, reply, simulate, type AgentRequest, type CoverageRecord, type Json, type SimulateOptions, type SimulationResult, largestPayload } from '@agentflow/testing';
import routing, { billing, escalation, general, router, technical } from '../../../../../workflows/routing.js';

const EXECUTION_ARN = 'arn:aws:states:us-east-1:111122223333:execution:routing:sim-1';
const LIMIT = 262_144;
// What the largest value of a maximal run reaches (a support agent's request with a 20,000-character body).
const FLOOR = { escapes: 120_000, cjk: 60_000, quotes: 40_000 };

type Category = 'technical' | 'billing' | 'general';
type Urgency = 'low' | 'normal' | 'high' | 'critical';
type Plan = 'free' | 'pro' | 'enterprise';

const TICKET = { ticketId: 'T-0012345', customerId: 'cus-77', subject: 'API returns 500', body: 'Since this morning every call fails.', plan: 'pro' as Plan };
const route = (category: Category, urgency: Urgency = 'normal') => ({ category, urgency, language: 'en', reason: 'Mentions failing API calls.' });
const ANSWER = { reply: 'We are on it; please retry in ten minutes.', status: 'resolved' as const };

const ask = (plan: Plan = 'pro') => `Ticket T-0012345 from a ${plan} customer, written in en. Answer in that language.\n\nSubject: API returns 500\nSince this morning every call fails.`;

/** Every run of this file, so the last test can check that each route was taken somewhere. */
const coverage: CoverageRecord[] = [];

interface Calls {
  router: AgentRequest[];
  handlers: Record<string, AgentRequest[]>;
  recorded: Json[];
}

/** The router answers `routed`; every handler answers ANSWER; the DynamoDB write succeeds. */
function scenario(routed: ReturnType<typeof route>, plan: Plan = 'pro', override: SimulateOptions['agents'] = {}) {
  const calls: Calls = { router: [], handlers: {}, recorded: [] };
  const handler = (id: string, def: typeof technical) =>
    reply(def, (req) => ((calls.handlers[id] ??= []).push(req), ANSWER));
  const options: SimulateOptions = {
    input: { ...TICKET, plan },
    agents: {
      'route-ticket': reply(router, (req) => (calls.router.push(req), routed)),
      'escalate-critical': handler('escalate-critical', escalation),
      'technical-support': handler('technical-support', technical),
      'billing-support': handler('billing-support', billing),
      'general-support': handler('general-support', general),
      escalate: handler('escalate', escalation),
      ...override,
    },
    tasks: { 'record-resolution': (args) => (calls.recorded.push(args), {}) },
  };
  return { calls, options };
}

async function run(options: SimulateOptions): Promise<SimulationResult> {
  const result = await simulate(routing, options);
  coverage.push(result.coverage);
  return result;
}

const states = (r: SimulationResult) => r.trace.map((t) => t.state);


/** The DynamoDB item the run wrote. */
const item = (fields: { category: string; urgency: string; handledBy: string }) => ({
  TableName: 'agentflow-support-resolutions',
  Item: {
    ticketId: { S: 'T-0012345' },
    customerId: { S: 'cus-77' },
    category: { S: fields.category },
    urgency: { S: fields.urgency },
    handledBy: { S: fields.handledBy },
    status: { S: 'resolved' },
    reply: { S: ANSWER.reply },
    executionId: { S: EXECUTION_ARN },
    triageStartedAt: { S: '2026-01-01T00:00:00.000Z' },
  },
});

describe('routing: routes', () => {
  it('sends a technical ticket to technical support and records the resolution', async () => {
    const { calls, options } = scenario(route('technical'));
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ticketId: 'T-0012345', handledBy: 'technical', ...ANSWER });
    expect(states(r)).toEqual(['Route Ticket', 'Route', 'Technical Support', 'Record Resolution']);
    // The default resolution starts in Route Ticket's Assign, each handler's in the handler's own (plan-folds.ts).
    expect(r.transitions).toBe(4);
    expect(r.coverage.choiceRules).toEqual({ 'Route#1': 1 });

    expect(calls.router.map((c) => [c.prompt, c.sessionId])).toEqual([
      ['Classify this support ticket as technical, billing or general, rate its urgency and detect its language.\n\nSubject: API returns 500\nSince this morning every call fails.', 'sim-1:route-ticket'],
    ]);
    expect(Object.keys(calls.handlers)).toEqual(['technical-support']);
    expect(calls.handlers['technical-support']!.map((c) => c.prompt)).toEqual([ask()]);
    expect(calls.recorded).toEqual([item({ category: 'technical', urgency: 'normal', handledBy: 'technical' })]);
  });

  it('sends a billing ticket to billing support', async () => {
    const { calls, options } = scenario(route('billing', 'high'));
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ticketId: 'T-0012345', handledBy: 'billing', ...ANSWER });
    expect(states(r).slice(2, 4)).toEqual(['Billing Support', 'Record Resolution']);
    expect(Object.keys(calls.handlers)).toEqual(['billing-support']);
    expect(calls.recorded).toEqual([item({ category: 'billing', urgency: 'high', handledBy: 'billing' })]);
  });

  it('sends a general ticket to general support', async () => {
    const { calls, options } = scenario(route('general', 'low'), 'free');
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ticketId: 'T-0012345', handledBy: 'general', ...ANSWER });
    expect(states(r).slice(2, 4)).toEqual(['General Support', 'Record Resolution']);
    expect(calls.handlers['general-support']!.map((c) => c.prompt)).toEqual([ask('free')]);
  });

  it('escalates a critical enterprise ticket whatever its category', async () => {
    const { calls, options } = scenario(route('billing', 'critical'), 'enterprise');
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ticketId: 'T-0012345', handledBy: 'escalation', ...ANSWER });
    expect(states(r)).toEqual(['Route Ticket', 'Route', 'Escalate Critical', 'Record Resolution']);
    expect(r.coverage.choiceRules).toEqual({ 'Route#0': 1 });
    expect(Object.keys(calls.handlers)).toEqual(['escalate-critical']);
    expect(calls.handlers['escalate-critical']![0]!.prompt).toBe(`URGENT. ${ask('enterprise')}`);
    expect(calls.handlers['escalate-critical']![0]!.sessionId).toBe('sim-1:escalate-critical');
    expect(calls.recorded).toEqual([item({ category: 'billing', urgency: 'critical', handledBy: 'escalation' })]);
  });

  it('does not escalate a critical ticket from a pro customer', async () => {
    const { calls, options } = scenario(route('technical', 'critical'), 'pro');
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ handledBy: 'technical' });
    expect(Object.keys(calls.handlers)).toEqual(['technical-support']);
  });

  it('escalates a ticket the router could not place (an answer outside its enum)', async () => {
    // The adapter rejects such an answer (next test), so the otherwise arm is reached only by replacing the whole
    // router Lambda call: a task mock answers with the integration result itself.
    const { calls, options } = scenario(route('technical'));
    const r = await run({
      ...options,
      tasks: {
        ...options.tasks,
        'route-ticket': [{ Payload: { category: 'sales', urgency: 'normal', language: 'en', reason: 'Asks for a quote' } }],
      },
    });

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ticketId: 'T-0012345', handledBy: 'escalation', ...ANSWER });
    expect(states(r)).toEqual(['Route Ticket', 'Route', 'Escalate', 'Record Resolution']);
    expect(r.coverage.choiceRules).toEqual({ 'Route#default': 1 });
    expect(calls.router).toHaveLength(0);
    expect(Object.keys(calls.handlers)).toEqual(['escalate']);
    expect(calls.handlers['escalate']![0]!.prompt).toBe(`The router could not classify this ticket (Asks for a quote). ${ask()}`);
    expect(calls.recorded).toEqual([item({ category: 'sales', urgency: 'normal', handledBy: 'escalation' })]);
  });
});

describe('routing: failures', () => {
  it('fails with InvalidAgentOutput when the router answers outside its enum', async () => {
    const { calls, options } = scenario(route('technical'), 'pro', { 'route-ticket': () => ({ ...route('technical'), category: 'sales' }) });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.InvalidAgentOutput');
    expect(states(r)).toEqual(['Route Ticket']);
    expect(calls.recorded).toHaveLength(0);
  });

  it('fails on a router that stays throttled through its 5 throttle retries', async () => {
    let tries = 0;
    const { calls, options } = scenario(route('technical'), 'pro', { 'route-ticket': () => (tries++, Promise.reject(failWith('Agentflow.AgentThrottled', 'Too many requests.'))) });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.AgentThrottled');
    expect(tries).toBe(6);
    expect(calls.recorded).toHaveLength(0);
  });

  it('retries a transient Lambda error on the router', async () => {
    const { calls, options } = scenario(route('technical'), 'pro', {
      'route-ticket': reply(router, (req, ctx) => {
        calls.router.push(req);
        if (ctx.attempt < 2) throw failWith('Lambda.ServiceException', 'Internal error.');
        return route('general');
      }),
    });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ handledBy: 'general' });
    expect(calls.router).toHaveLength(3);
    expect(r.durationSeconds).toBe(2 + 4);
    expect(r.transitions).toBe(4 + 2);
  });

  it('times out a support agent that never answers after 5 minutes, recording nothing', async () => {
    const { calls, options } = scenario(route('billing'), 'pro', { 'billing-support': (_req, ctx) => ctx.never() });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Timeout');
    expect(r.durationSeconds).toBe(300);
    expect(states(r).at(-1)).toBe('Billing Support');
    expect(calls.recorded).toHaveLength(0);
  });

  it('retries a throttled DynamoDB write (1 s, then 2 s) and records once', async () => {
    const { calls, options } = scenario(route('technical'));
    const r = await run({
      ...options,
      tasks: {
        'record-resolution': [
          () => Promise.reject(failWith('DynamoDB.ProvisionedThroughputExceededException', 'Slow down.')),
          () => Promise.reject(failWith('DynamoDB.InternalServerErrorException', 'Try again.')),
          (args: Json) => (calls.recorded.push(args), {}),
        ],
      },
    });

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ticketId: 'T-0012345', handledBy: 'technical', ...ANSWER });
    expect(calls.recorded).toHaveLength(1);
    expect(r.coverage.retriers).toEqual({ 'Record Resolution#0': 2 });
    expect(r.durationSeconds).toBe(3);
    expect(r.transitions).toBe(4 + 2);
  });

  it('fails on a DynamoDB error its retrier does not name', async () => {
    const { options } = scenario(route('technical'));
    const r = await run({ ...options, tasks: { 'record-resolution': () => Promise.reject(failWith('DynamoDB.ResourceNotFoundException', 'No such table.')) } });

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('DynamoDB.ResourceNotFoundException');
    expect(r.trace.at(-1)).toMatchObject({ state: 'Record Resolution', retries: 0 });
  });
});

describe('routing: maximum-size answers', () => {
  for (const text of ['escapes', 'cjk', 'quotes'] as const) {
    // The maximal router answer is 'technical' / 'critical' (the longest enum values): with an enterprise ticket it
    // takes the critical escalation, with a pro ticket technical support.
    for (const plan of ['enterprise', 'pro'] as const) {
      it(`fits the payload limit at the schema maxima (${text}, ${plan})`, async () => {
        const answer = maximalAnswer(escalation, { text });
        const fill = answer.reply;
        const { options } = scenario(route('technical'), plan, {
          'route-ticket': reply(router, maximalAnswer(router, { text })),
          'escalate-critical': reply(escalation, answer),
          'technical-support': reply(technical, answer),
        });
        const input = { ticketId: 'T-123456789012', customerId: fill.slice(0, 64), subject: fill.slice(0, 300), body: fill.repeat(3).slice(0, 20_000), plan };
        const r = await run({ ...options, input });

        expect(r.error).toBeUndefined();
        expect(r.status).toBe('SUCCEEDED');
        expect(r.output).toEqual({ ticketId: 'T-123456789012', handledBy: plan === 'enterprise' ? 'escalation' : 'technical', reply: answer.reply, status: answer.status });
        expect(largestPayload(r)).toBeGreaterThan(FLOOR[text]);
        expect(largestPayload(r)).toBeLessThanOrEqual(LIMIT);
      });
    }
  }

  it('fits the payload limit on the otherwise arm at the schema maxima (escapes)', async () => {
    const answer = maximalAnswer(escalation, { text: 'escapes' });
    const routed = { ...maximalAnswer(router, { text: 'escapes' }), category: 'unknown' };
    const { options } = scenario(route('technical'), 'pro', { escalate: reply(escalation, answer) });
    const input = { ...TICKET, subject: answer.reply.slice(0, 300), body: answer.reply.repeat(3).slice(0, 20_000) };
    const r = await run({ ...options, input, tasks: { ...options.tasks, 'route-ticket': [{ Payload: routed }] } });

    expect(r.error).toBeUndefined();
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({ handledBy: 'escalation', reply: answer.reply });
    expect(largestPayload(r)).toBeGreaterThan(FLOOR.escapes);
    expect(largestPayload(r)).toBeLessThanOrEqual(LIMIT);
  });
});

describe('routing: coverage', () => {
  it('took every rule of Route and its default across the scenarios above', () => {
    const taken: Record<string, number> = {};
    for (const c of coverage) for (const [rule, n] of Object.entries(c.choiceRules)) taken[rule] = (taken[rule] ?? 0) + n;
    expect(Object.keys(taken).sort()).toEqual(['Route#0', 'Route#1', 'Route#2', 'Route#3', 'Route#default']);
  });
});
