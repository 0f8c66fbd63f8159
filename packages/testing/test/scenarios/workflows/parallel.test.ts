import { describe, expect, it } from 'vitest';
import type { AgentDef } from '@agentflow/dsl';
import { failWith, maximalAnswer, reply, simulate, type AgentRequest, type SimulateOptions, type SimulationResult, largestPayload } from '@agentflow/testing';
import parallel, { consolidator, dataAgent, policyAgent, researchAgent } from '../../../../../workflows/parallel.js';

const BUCKET = 's3://agentflow-artifacts-dev/agentflow/parallel/sim-1';
const LIMIT = 262_144;
// What the largest value of a maximal run reaches, so a shrunken answer cannot pass.
const FLOOR = { escapes: 55_000, cjk: 27_000, quotes: 25_000 };

const INPUT = { vendor: 'Acme Data', website: 'https://acme.example', engagement: 'Host our analytics pipeline.', dataClassification: 'confidential' };
const DATA = { annualRevenueUsd: 12_500_000, employees: 85, creditRating: 'BBB' as const, uptimeLast12Months: 99.95, notes: ['Audited accounts for 2024.'] };
const RESEARCH = {
  summary: 'Small, well regarded; one outage in 2024.',
  incidents: [{ date: '2024-03-02', description: 'Four-hour outage.', severity: 'medium' as const, source: 'https://status.acme.example' }],
};
const POLICY = { compliant: true, violations: [], requiredControls: ['SOC 2 Type II report'] };
const DECISION = { decision: 'approve-with-conditions' as const, rationale: 'Sound finances; one control missing.', conditions: ['Provide a SOC 2 Type II report.'] };

type Output<A> = A extends AgentDef<infer T> ? T : never;
type Data = Output<typeof dataAgent>;
type Policy = Output<typeof policyAgent>;

interface Calls {
  data: AgentRequest[];
  research: AgentRequest[];
  policy: AgentRequest[];
  consolidate: AgentRequest[];
}

/** Mocks for the three checks and the consolidator, recording their requests; `agents` replaces any of them. */
function scenario(agents: SimulateOptions['agents'] = {}, answers: { data?: Data; policy?: Policy } = {}) {
  const calls: Calls = { data: [], research: [], policy: [], consolidate: [] };
  const options: SimulateOptions = {
    input: INPUT,
    agents: {
      'vendor-data': reply(dataAgent, (req) => (calls.data.push(req), answers.data ?? DATA)),
      'vendor-research': reply(researchAgent, (req) => (calls.research.push(req), RESEARCH)),
      'vendor-policy': reply(policyAgent, (req) => (calls.policy.push(req), answers.policy ?? POLICY)),
      consolidate: reply(consolidator, (req) => (calls.consolidate.push(req), DECISION)),
      ...agents,
    },
  };
  return { calls, options };
}

const states = (r: SimulationResult) => r.trace.map((t) => t.state);


const consolidatePrompt = (data: unknown, research: unknown, policy: unknown) =>
  'Recommend whether to engage Acme Data for: Host our analytics pipeline.\nWeigh the three assessments below; any critical policy violation means reject.\n\n' +
  `Financial and operational data: ${JSON.stringify(data)}\nPublic research: ${JSON.stringify(research)}\nPolicy check: ${JSON.stringify(policy)}`;

describe('parallel: happy path', () => {
  it('runs the three checks and consolidates their typed results', async () => {
    const { calls, options } = scenario();
    const r = await simulate(parallel, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ vendor: 'Acme Data', ...DECISION, policyCompliant: true });
    // No Start Pass: each branch reads the input from its own input, and the Parallel's Assign stores it.
    expect(states(r)).toEqual(['Vendor Data', 'Vendor Research', 'Vendor Policy', 'Vendor Checks', 'Consolidate']);
    expect(r.transitions).toBe(5);
    expect(r.coverage.choiceRules).toEqual({});

    expect(calls.data[0]!.prompt).toBe('Collect financial and operational figures for the vendor Acme Data (https://acme.example).\nLeave a figure out rather than guess it.');
    expect(calls.research[0]!.prompt).toBe(
      'Research public information about Acme Data (https://acme.example): reputation, security\nincidents, outages, lawsuits and regulatory actions in the last five years. Cite a source for every incident.',
    );
    expect(calls.policy[0]!.prompt).toBe(
      'Check this engagement with Acme Data against our procurement and information-security\npolicies. The vendor will handle confidential data.\n\nEngagement: Host our analytics pipeline.',
    );
    expect([calls.data, calls.research, calls.policy].map((c) => c[0]!.sessionId)).toEqual(['sim-1:vendor-data', 'sim-1:vendor-research', 'sim-1:vendor-policy']);

    // Research and policy answers are offloaded; the consolidator reads all three, expanded, in their record order.
    expect(JSON.parse(r.s3.get(`${BUCKET}/vendor-research.json`)!)).toEqual(RESEARCH);
    expect(JSON.parse(r.s3.get(`${BUCKET}/vendor-policy.json`)!)).toEqual(POLICY);
    expect(calls.consolidate.map((c) => c.prompt)).toEqual([consolidatePrompt(DATA, RESEARCH, POLICY)]);
  });

  it('runs the checks concurrently: wall time is the slowest branch', async () => {
    const { options } = scenario({
      'vendor-data': reply(dataAgent, async (_req, ctx) => (await ctx.sleep({ minutes: 3 }), DATA)),
      'vendor-research': reply(researchAgent, async (_req, ctx) => (await ctx.sleep({ minutes: 8 }), RESEARCH)),
      'vendor-policy': reply(policyAgent, async (_req, ctx) => (await ctx.sleep({ minutes: 4 }), POLICY)),
    });
    const r = await simulate(parallel, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.durationSeconds).toBe(8 * 60);
    expect(r.output).toEqual({ vendor: 'Acme Data', ...DECISION, policyCompliant: true });
  });

  it('consolidates figures the data agent left out, and a failed policy check', async () => {
    const sparse: Data = { creditRating: 'unrated', notes: [] };
    const failed: Policy = { compliant: false, violations: [{ policy: 'SEC-7', finding: 'No encryption at rest.', severity: 'critical' }], requiredControls: [] };
    const { calls, options } = scenario({ consolidate: reply(consolidator, (req) => (calls.consolidate.push(req), { decision: 'reject' as const, rationale: 'Critical violation.', conditions: [] })) }, { data: sparse, policy: failed });
    const r = await simulate(parallel, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ vendor: 'Acme Data', decision: 'reject', rationale: 'Critical violation.', conditions: [], policyCompliant: false });
    expect(calls.consolidate[0]!.prompt).toBe(consolidatePrompt(sparse, RESEARCH, failed));
  });
});

describe('parallel: failures', () => {
  it('retries a transient Lambda error inside a branch', async () => {
    const { calls, options } = scenario({
      'vendor-data': reply(dataAgent, (req, ctx) => {
        calls.data.push(req);
        if (ctx.call === 0) throw failWith('Lambda.ClientExecutionTimeoutException', 'Timed out.');
        return DATA;
      }),
    });
    const r = await simulate(parallel, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(calls.data).toHaveLength(2);
    expect(r.trace.find((t) => t.state === 'Vendor Data')!.retries).toBe(1);
    expect(r.coverage.retriers).toEqual({ 'Vendor Data#0': 1 });
    expect(r.durationSeconds).toBe(2);
    expect(r.transitions).toBe(6);
  });

  it('fails the whole run when one branch stays throttled after its retries, stopping the others and skipping consolidation', async () => {
    const { calls, options } = scenario({
      'vendor-research': () => Promise.reject(failWith('Agentflow.AgentThrottled', 'Too many requests.')),
      'vendor-policy': reply(policyAgent, async (_req, ctx) => (await ctx.sleep({ minutes: 4 }), POLICY)),
    });
    const r = await simulate(parallel, options);

    expect(r.status).toBe('FAILED');
    // The branch's error passes through the Parallel state unchanged (docs/simulator.md §8).
    expect(r.error).toBe('Agentflow.AgentThrottled');
    // 5 throttle retries with FULL jitter under 5, 10, 20, 40 and 60 s: over before the 4-minute policy check ends.
    expect(r.durationSeconds).toBeLessThanOrEqual(135);
    expect(r.trace.find((t) => t.state === 'Vendor Research')!.retries).toBe(5);
    expect(states(r)).not.toContain('Consolidate');
    expect(calls.consolidate).toHaveLength(0);
    // The policy branch, still running, is aborted; the data branch had already finished.
    expect(r.events.map((e) => e.type).slice(-3)).toEqual(['TaskStateAborted', 'ParallelStateFailed', 'ExecutionFailed']);
    expect(r.trace.map((t) => [t.state, t.error ?? null])).toEqual([
      ['Vendor Data', null],
      ['Vendor Research', 'Agentflow.AgentThrottled'],
      ['Vendor Checks', 'Agentflow.AgentThrottled'],
    ]);
  });

  it('fails with States.Timeout when research runs past its 10 minutes', async () => {
    const { calls, options } = scenario({ 'vendor-research': (_req, ctx) => ctx.never() });
    const r = await simulate(parallel, options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Timeout');
    expect(r.durationSeconds).toBe(600);
    expect(calls.data).toHaveLength(1);
    expect(calls.consolidate).toHaveLength(0);
  });

  it('fails with InvalidAgentOutput when the data agent reports uptime over 100 %', async () => {
    const { calls, options } = scenario({ 'vendor-data': () => ({ ...DATA, uptimeLast12Months: 100.5 }) });
    const r = await simulate(parallel, options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.InvalidAgentOutput');
    expect(calls.consolidate).toHaveLength(0);
  });
});

describe('parallel: maximum-size answers', () => {
  for (const text of ['escapes', 'cjk', 'quotes'] as const) {
    it(`fits the payload limit with every answer at its schema maxima (${text})`, async () => {
      const decision = maximalAnswer(consolidator, { text });
      const policy = maximalAnswer(policyAgent, { text });
      const fill = decision.rationale;
      const { calls, options } = scenario({
        'vendor-data': reply(dataAgent, maximalAnswer(dataAgent, { text })),
        'vendor-research': reply(researchAgent, maximalAnswer(researchAgent, { text })),
        'vendor-policy': reply(policyAgent, policy),
        consolidate: reply(consolidator, (req) => (calls.consolidate.push(req), decision)),
      });
      const input = { vendor: fill.slice(0, 200), website: `https://acme.example/${'a'.repeat(2048 - 20)}`, engagement: fill.slice(0, 2000), dataClassification: 'confidential' };
      const r = await simulate(parallel, { ...options, input });

      expect(r.error).toBeUndefined();
      expect(r.status).toBe('SUCCEEDED');
      expect(r.output).toEqual({ vendor: input.vendor, ...decision, policyCompliant: policy.compliant });
      expect(calls.consolidate[0]!.prompt).toContain(`\nPolicy check: ${JSON.stringify(policy)}`);
      expect(largestPayload(r)).toBeGreaterThan(FLOOR[text]);
      expect(largestPayload(r)).toBeLessThanOrEqual(LIMIT);
    });
  }
});
