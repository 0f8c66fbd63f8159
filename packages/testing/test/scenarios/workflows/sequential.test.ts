import { describe, expect, it } from 'vitest';
import { failWith, maximalAnswer, reply, simulate, type AgentRequest, type SimulateOptions, type SimulationResult, largestPayload } from '@agentflow/testing';
import sequential, { analyst, researcher, summarizer } from '../../../../../workflows/sequential.js';

const BUCKET = 's3://agentflow-artifacts-dev/agentflow/sequential/sim-1';
const LIMIT = 262_144;
// What the largest value of a maximal run reaches (the summarizer's request with the inline risks, or the output
// that returns them; the offloaded insights travel as S3 pointers), so a shrunken answer cannot pass.
const FLOOR = { escapes: 80_000, cjk: 40_000, quotes: 30_000 };

const QUESTION = 'Should we launch e-bike rentals in Lisbon next spring?';
const INPUT = { question: QUESTION, market: 'Portuguese micromobility', audience: 'executive' };
const finding = (i: number) => ({ claim: `Claim ${i}`, evidence: `Evidence ${i}`, source: `https://src.example/${i}`, confidence: 'medium' as const });
const ANALYSIS = {
  insights: [{ insight: 'Tourist demand peaks in spring.', impact: 'high' as const }],
  risks: ['Municipal permit caps'],
  openQuestions: ['What do insurers charge?'],
};
const SUMMARY = { headline: 'Launch in a pilot district', summary: 'Demand is strong; permits are the constraint.', recommendation: 'investigate-further' as const };

interface Calls {
  research: AgentRequest[];
  analysis: AgentRequest[];
  summarization: AgentRequest[];
}

/** Mocks for all three agents, recording their requests; `agents` replaces any of them. */
function scenario(agents: SimulateOptions['agents'] = {}, answers: { findings?: number; analysis?: typeof ANALYSIS } = {}) {
  const calls: Calls = { research: [], analysis: [], summarization: [] };
  const findings = Array.from({ length: answers.findings ?? 2 }, (_, i) => finding(i));
  const options: SimulateOptions = {
    input: INPUT,
    agents: {
      research: reply(researcher, (req) => (calls.research.push(req), { findings })),
      analysis: reply(analyst, (req) => (calls.analysis.push(req), answers.analysis ?? ANALYSIS)),
      summarization: reply(summarizer, (req) => (calls.summarization.push(req), SUMMARY)),
      ...agents,
    },
  };
  return { calls, options, findings };
}

const states = (r: SimulationResult) => r.trace.map((t) => t.state);


const summaryPrompt = (analysis: typeof ANALYSIS) =>
  `Write a summary for executive readers answering: ${QUESTION}\nBase it only on this analysis and end with a recommendation.\n\n` +
  `Insights: ${JSON.stringify(analysis.insights)}\nRisks: ${JSON.stringify(analysis.risks)}\nOpen questions: ${JSON.stringify(analysis.openQuestions)}`;

describe('sequential: happy path', () => {
  it('researches, analyses the findings and summarizes the analysis', async () => {
    const { calls, options, findings } = scenario();
    const r = await simulate(sequential, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ...SUMMARY, risks: ['Municipal permit caps'] });
    expect(states(r)).toEqual(['Research', 'Analysis', 'Summarization']);
    expect(r.transitions).toBe(3);
    expect(r.coverage.choiceRules).toEqual({});

    expect(calls.research.map((c) => [c.prompt, c.sessionId])).toEqual([
      [`Research this question about the Portuguese micromobility market: ${QUESTION}\nReturn up to 20 findings. Cite a source for each and rate your confidence in it.`, 'sim-1:research'],
    ]);
    // Both earlier answers are offloaded; the prompts carry the selected fields expanded from S3.
    expect(JSON.parse(r.s3.get(`${BUCKET}/research.json`)!)).toEqual({ findings });
    expect(JSON.parse(r.s3.get(`${BUCKET}/analysis.json`)!)).toEqual(ANALYSIS);
    expect(calls.analysis[0]!.prompt).toBe(
      `Analyse these research findings on "${QUESTION}" (Portuguese micromobility market).\nSeparate insights from risks, rate each insight's impact, and list what the research leaves open.\n\n` +
        `Findings: ${JSON.stringify(findings)}`,
    );
    expect(calls.summarization[0]!.prompt).toBe(summaryPrompt(ANALYSIS));
  });

  it('passes all 20 findings (the schema maximum) to the analyst', async () => {
    const { calls, options, findings } = scenario({}, { findings: 20 });
    const r = await simulate(sequential, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(calls.analysis[0]!.prompt.endsWith(`Findings: ${JSON.stringify(findings)}`)).toBe(true);
    expect(findings).toHaveLength(20);
  });

  it('carries empty insights, risks and open questions through as empty lists', async () => {
    const empty = { insights: [], risks: [], openQuestions: [] };
    const { calls, options } = scenario({}, { analysis: empty });
    const r = await simulate(sequential, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ...SUMMARY, risks: [] });
    expect(calls.summarization[0]!.prompt).toBe(summaryPrompt(empty));
  });
});

describe('sequential: failures', () => {
  it('rejects a research answer with no findings (at least one required)', async () => {
    const { calls, options } = scenario({ research: () => ({ findings: [] }) });
    const r = await simulate(sequential, options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.InvalidAgentOutput');
    expect(states(r)).toEqual(['Research']);
    expect(calls.analysis).toHaveLength(0);
  });

  it('retries a summarizer that fails three times with a Lambda error (2 + 4 + 8 s)', async () => {
    const attempts: number[] = [];
    const { options } = scenario({
      summarization: reply(summarizer, (_req, ctx) => {
        attempts.push(ctx.attempt);
        if (ctx.attempt < 3) throw failWith('Lambda.AWSLambdaException', 'Rate exceeded.');
        return SUMMARY;
      }),
    });
    const r = await simulate(sequential, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ...SUMMARY, risks: ['Municipal permit caps'] });
    expect(attempts).toEqual([0, 1, 2, 3]);
    expect(r.trace.at(-1)).toMatchObject({ state: 'Summarization', retries: 3 });
    expect(r.durationSeconds).toBe(14);
    expect(r.transitions).toBe(6);
  });

  it('fails on an analyst that stays throttled through its 5 throttle retries', async () => {
    const { calls, options } = scenario({ analysis: () => Promise.reject(failWith('Agentflow.AgentThrottled', 'Too many requests.')) });
    const r = await simulate(sequential, options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.AgentThrottled');
    expect(r.trace.at(-1)).toMatchObject({ state: 'Analysis', retries: 5, error: 'Agentflow.AgentThrottled' });
    expect(calls.summarization).toHaveLength(0);
  });

  it('times out a researcher that never answers after its 10 minutes', async () => {
    const { calls, options } = scenario({ research: (_req, ctx) => ctx.never() });
    const r = await simulate(sequential, options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Timeout');
    expect(r.durationSeconds).toBe(600);
    expect(calls.analysis).toHaveLength(0);
  });

  it('succeeds when each agent takes most of its time budget', async () => {
    const { options } = scenario({
      research: reply(researcher, async (_req, ctx) => (await ctx.sleep({ minutes: 9 }), { findings: [finding(0)] })),
      analysis: reply(analyst, async (_req, ctx) => (await ctx.sleep({ minutes: 4 }), ANALYSIS)),
      summarization: reply(summarizer, async (_req, ctx) => (await ctx.sleep({ minutes: 4 }), SUMMARY)),
    });
    const r = await simulate(sequential, options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ ...SUMMARY, risks: ['Municipal permit caps'] });
    expect(r.durationSeconds).toBe(17 * 60);
  });

  it('times the whole execution out at 1 hour when the researcher keeps failing slowly', async () => {
    // Seven attempts of 9 minutes plus 126 s of back-off would take 65 minutes: the workflow's 1 h cap comes first.
    const { calls, options } = scenario({
      research: async (_req, ctx) => {
        await ctx.sleep({ minutes: 9 });
        throw failWith('Lambda.ServiceException', 'Internal error.');
      },
    });
    const r = await simulate(sequential, options);

    expect(r.status).toBe('TIMED_OUT');
    expect(r.durationSeconds).toBe(3600);
    expect(r.events.at(-1)!.type).toBe('ExecutionTimedOut');
    expect(calls.analysis).toHaveLength(0);
  });
});

describe('sequential: maximum-size answers', () => {
  for (const text of ['escapes', 'cjk', 'quotes'] as const) {
    it(`fits the payload limit with every answer at its schema maxima (${text})`, async () => {
      const analysis = maximalAnswer(analyst, { text });
      const summary = maximalAnswer(summarizer, { text });
      const fill = summary.summary;
      const { calls, options } = scenario({
        research: reply(researcher, maximalAnswer(researcher, { text })),
        analysis: reply(analyst, analysis),
        summarization: reply(summarizer, (req) => (calls.summarization.push(req), summary)),
      });
      const input = { question: fill.slice(0, 1000), market: fill.slice(0, 200), audience: 'executive' };
      const r = await simulate(sequential, { ...options, input });

      expect(r.error).toBeUndefined();
      expect(r.status).toBe('SUCCEEDED');
      expect(r.output).toEqual({ ...summary, risks: analysis.risks });
      expect(calls.summarization[0]!.prompt).toContain(`\nRisks: ${JSON.stringify(analysis.risks)}\n`);
      expect(largestPayload(r)).toBeGreaterThan(FLOOR[text]);
      expect(largestPayload(r)).toBeLessThanOrEqual(LIMIT);
    });
  }
});
