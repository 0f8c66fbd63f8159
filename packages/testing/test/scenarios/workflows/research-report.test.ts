import { describe, expect, it } from 'vitest';
import { failWith, maximalAnswer, reply, simulate, type AgentRequest, type ApprovalAnswer, type ApprovalRequest, type CoverageRecord, type Json, type SimulateOptions, type SimulationResult, largestPayload } from '@agentflow/testing';
import researchReport, { reviser, search, summarize, writer } from '../../../../../workflows/research-report.js';

const BUCKET = 's3://agentflow-artifacts-dev/agentflow/research-report/sim-1';
const EXECUTION_ARN = 'arn:aws:states:us-east-1:111122223333:execution:research-report:sim-1';
const PUT_EVENTS_RESULT = { Entries: [{ EventId: 'e1' }], FailedEntryCount: 0 };
const LIMIT = 262_144;
// What the largest value of a maximal run reaches (the search answer at its 64,000-byte budget: 16, 21 or 23 maximal
// sources), so a shrunken answer cannot pass.
const FLOOR = { escapes: 62_000, cjk: 62_000, quotes: 61_000 };

const sources = (n: number) => Array.from({ length: n }, (_, i) => ({ url: `https://src.example/${i}`, title: `Source ${i}` }));
const DRAFT = { title: 'Tides', body: 'Tides rise twice a day.' };
const REVISED = { title: 'Tides, revised', body: 'Tides rise twice a day (2019 survey).' };
const APPROVE: ApprovalAnswer = { approved: true, reviewer: 'ana' };
const REJECT: ApprovalAnswer = { approved: false, comments: 'Cite the 2019 survey.', reviewer: 'ana' };

/** Every run of this file, so the last test can check that each choice rule was taken somewhere. */
const coverage: CoverageRecord[] = [];

interface Calls {
  search: AgentRequest[];
  summarize: AgentRequest[];
  write: AgentRequest[];
  revise: AgentRequest[];
  approvals: ApprovalRequest[];
  published: Json[];
}

/** Mocks for an ordinary run, recording what each step received; `override` replaces any of them. */
function scenario(opts: { sources?: number; approvals?: readonly ApprovalAnswer[] } = {}, override: Partial<Pick<SimulateOptions, 'agents' | 'approvals'>> = {}) {
  const calls: Calls = { search: [], summarize: [], write: [], revise: [], approvals: [], published: [] };
  const answers = opts.approvals ?? [APPROVE];
  const options: SimulateOptions = {
    input: { topic: 'tides', audience: 'sailors' },
    agents: {
      search: reply(search, (req) => (calls.search.push(req), { sources: sources(opts.sources ?? 2) })),
      summarize: reply(summarize, (req, ctx) => (calls.summarize.push(req), { url: `https://src.example/${ctx.mapIndex[0]}`, summary: `Summary ${ctx.mapIndex[0]}` })),
      'write-draft': reply(writer, (req) => (calls.write.push(req), DRAFT)),
      'revise-draft': reply(reviser, (req) => (calls.revise.push(req), REVISED)),
      ...override.agents,
    },
    approvals: { 'approve-draft': (req, ctx) => (calls.approvals.push(req), answers[Math.min(ctx.call, answers.length - 1)]!), ...override.approvals },
    tasks: { publish: (args) => (calls.published.push(args), PUT_EVENTS_RESULT) },
  };
  return { calls, options };
}

async function run(options: SimulateOptions): Promise<SimulationResult> {
  const result = await simulate(researchReport, options);
  coverage.push(result.coverage);
  return result;
}

const states = (r: SimulationResult) => r.trace.map((t) => t.state);


describe('research-report: happy path', () => {
  it('searches, summarizes each source, drafts, gets approval and publishes the draft', async () => {
    const { calls, options } = scenario();
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ title: 'Tides' });
    // Map iterations are recorded when they end, so they precede their Map state in the trace.
    expect(states(r)).toEqual(['Search', 'Summarize', 'Summarize', 'Summarize Sources', 'Write Draft', 'Approve Draft', 'Approved', 'Publish']);
    // The draft and the review counter start in Write Draft's Assign: no Pass states (the folds of plan-folds.ts).
    expect(r.transitions).toBe(8);
    expect(r.durationSeconds).toBe(0);

    expect(calls.search.map((c) => [c.prompt, c.sessionId])).toEqual([['Find up to 25 recent, citable sources about: tides', 'sim-1:search']]);
    expect(calls.summarize.map((c) => [c.prompt, c.sessionId])).toEqual([
      ['Summarize Source 0 (https://src.example/0) in at most 300 words.', 'sim-1:summarize:0'],
      ['Summarize Source 1 (https://src.example/1) in at most 300 words.', 'sim-1:summarize:1'],
    ]);
    // The summaries were offloaded to S3; the writer's prompt carries them expanded, in source order.
    expect(calls.write).toHaveLength(1);
    expect(calls.write[0]!.prompt).toBe(
      'Write a report on tides for sailors from these summaries: ' +
        JSON.stringify([
          { url: 'https://src.example/0', summary: 'Summary 0' },
          { url: 'https://src.example/1', summary: 'Summary 1' },
        ]),
    );

    // The draft body lives in S3; the request carries its pointer in messageParts, and the responder reads it, so
    // the reviewers (and the approval mock) get the body itself. The subject reads the inline title.
    expect(calls.approvals).toHaveLength(1);
    expect(calls.approvals[0]).toMatchObject({
      workflow: 'research-report',
      step: 'approve-draft',
      execution: EXECUTION_ARN,
      subject: 'Review: Tides',
      message: 'Please review the report "Tides".\n\nTides rise twice a day.',
    });
    expect((calls.approvals[0]!.arguments as { Payload: { messageParts: Json[] } }).Payload.messageParts).toEqual([
      'Please review the report "Tides".\n\n',
      { expand: { $s3: `${BUCKET}/write-draft.json` }, path: ['body'] },
    ]);
    expect(JSON.parse(r.s3.get(`${BUCKET}/write-draft.json`)!)).toEqual(DRAFT);

    expect(calls.revise).toHaveLength(0);
    // An offloaded value passed on whole travels as its pointer (docs/payload.md).
    expect(calls.published).toEqual([
      {
        Entries: [
          {
            EventBusName: 'arn:aws:events:us-east-1:111122223333:event-bus/research-reports',
            Source: 'agentflow.research-report',
            DetailType: 'ReportApproved',
            Detail: { topic: 'tides', report: { title: 'Tides', $s3: `${BUCKET}/write-draft.json` } },
          },
        ],
      },
    ]);
  });
});

describe('research-report: what the reviewers read', () => {
  it('gets the draft body read from S3, whole, however large the writer made it', async () => {
    const body = maximalAnswer(writer, { text: 'quotes' }).body;
    const { calls, options } = scenario({}, { agents: { 'write-draft': reply(writer, { title: 'Tides', body }) } });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(calls.approvals[0]!.message).toBe(`Please review the report "Tides".\n\n${body}`);
    expect(String(calls.approvals[0]!.message)).not.toContain('s3://');
  });
});

describe('research-report: summarize map', () => {
  it('with no sources, summarizes nothing and drafts from an empty list', async () => {
    const { calls, options } = scenario({ sources: 0 });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ title: 'Tides' });
    expect(states(r)).toEqual(['Search', 'Summarize Sources', 'Write Draft', 'Approve Draft', 'Approved', 'Publish']);
    expect(calls.summarize).toHaveLength(0);
    expect(calls.write[0]!.prompt).toBe('Write a report on tides for sailors from these summaries: []');
  });

  it('with one source, summarizes it once', async () => {
    const { calls, options } = scenario({ sources: 1 });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(states(r).filter((s) => s === 'Summarize')).toHaveLength(1);
    expect(calls.summarize.map((c) => c.sessionId)).toEqual(['sim-1:summarize:0']);
    expect(calls.write[0]!.prompt).toBe(`Write a report on tides for sailors from these summaries: ${JSON.stringify([{ url: 'https://src.example/0', summary: 'Summary 0' }])}`);
  });

  it('with 25 sources, runs at most 10 summaries at once and keeps source order', async () => {
    let active = 0;
    let peak = 0;
    const { calls, options } = scenario(
      { sources: 25 },
      {
        agents: {
          // Every summary takes a virtual minute, answered in reverse index order within a wave.
          summarize: reply(summarize, async (req, ctx) => {
            calls.summarize.push(req);
            peak = Math.max(peak, ++active);
            await ctx.sleep(60 - ctx.mapIndex[0]! / 100);
            active--;
            return { url: `https://src.example/${ctx.mapIndex[0]}`, summary: `Summary ${ctx.mapIndex[0]}` };
          }),
        },
      },
    );
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(peak).toBe(10);
    expect(states(r).filter((s) => s === 'Summarize')).toHaveLength(25);
    // Parallel iterations never share a Bedrock session.
    expect(calls.summarize.map((c) => c.sessionId).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `sim-1:summarize:${i}`).sort());
    // 10 + 10 + 5 in three waves: items 20-24 start together at 119.81 s, the slowest of them (20) takes 59.8 s.
    expect(r.durationSeconds).toBeCloseTo(179.61, 6);
    expect(r.transitions).toBe(6 + 25);
    const expected = Array.from({ length: 25 }, (_, i) => ({ url: `https://src.example/${i}`, summary: `Summary ${i}` }));
    expect(calls.write[0]!.prompt).toBe(`Write a report on tides for sailors from these summaries: ${JSON.stringify(expected)}`);
    expect(r.s3.get(`${BUCKET}/summarize/24.json`)).toBe(JSON.stringify(expected[24]));
  });
});

describe('research-report: transitions', () => {
  it('with five sources approved at once, takes the transitions of the hand-written machine: 11, no Pass state', async () => {
    // Search, the Map and its 5 iterations, Write Draft, Approve Draft, the Approved Choice, Publish.
    const { options } = scenario({ sources: 5 });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.transitions).toBe(11);
    expect(states(r)).toEqual(['Search', ...Array(5).fill('Summarize'), 'Summarize Sources', 'Write Draft', 'Approve Draft', 'Approved', 'Publish']);
    const types = Object.values((r.definition as { States: Record<string, { Type: string }> }).States).map((s) => s.Type);
    expect(types).not.toContain('Pass');
  });
});

describe('research-report: review loop', () => {
  it('rejected once, revises with the reviewer comments and publishes the revision', async () => {
    const { calls, options } = scenario({ approvals: [REJECT, APPROVE] });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ title: 'Tides, revised' });
    expect(states(r).slice(4)).toEqual([
      'Write Draft',
      'Approve Draft', 'Approved', 'Revise Draft',
      'Approve Draft', 'Approved', 'Publish',
    ]);
    expect(r.transitions).toBe(11);

    expect(calls.revise).toHaveLength(1);
    expect(calls.revise[0]!.prompt).toBe(`Revise this report. Reviewer comments: Cite the 2019 survey.\n\nReport: ${JSON.stringify(DRAFT)}`);
    // The revision of round 0 (the first round) gets a session and an object of its own (docs/agent-adapter.md).
    expect(calls.revise[0]!.sessionId).toBe('sim-1:revise-draft:0');
    expect(calls.approvals.map((a) => [a.subject, a.message])).toEqual([
      ['Review: Tides', 'Please review the report "Tides".\n\nTides rise twice a day.'],
      ['Review: Tides, revised', 'Please review the report "Tides, revised".\n\nTides rise twice a day (2019 survey).'],
    ]);
    expect(calls.published).toHaveLength(1);
    expect((calls.published[0] as { Entries: { Detail: unknown }[] }).Entries[0]!.Detail).toEqual({
      topic: 'tides',
      report: { title: 'Tides, revised', $s3: `${BUCKET}/revise-draft/0.json` },
    });
  });

  it('rejected without comments (they are optional), revises from the draft alone', async () => {
    const { calls, options } = scenario({ approvals: [{ approved: false }, APPROVE] });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ title: 'Tides, revised' });
    expect(calls.revise.map((c) => c.prompt)).toEqual([`Revise this report. Reviewer comments: \n\nReport: ${JSON.stringify(DRAFT)}`]);
  });

  it('rejected three times: asks three times, revises only twice, then fails with LoopExhausted and publishes nothing', async () => {
    const { calls, options } = scenario(
      { approvals: [{ approved: false, comments: 'Round 1: too short.' }, { approved: false, comments: 'Round 2: no sources.' }, { approved: false, comments: 'Round 3: still no.' }] },
      { agents: { 'revise-draft': reply(reviser, (req, ctx) => (calls.revise.push(req), { title: `Tides r${ctx.call + 1}`, body: `Body r${ctx.call + 1}` })) } },
    );
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.LoopExhausted');
    expect(r.cause).toBe("Loop 'review' ran 3 rounds without its exit condition holding.");
    expect(calls.approvals).toHaveLength(3);
    expect(calls.published).toHaveLength(0);
    expect(states(r)).not.toContain('Publish');
    // The third rejection is the last check: the loop is exhausted at once, with no revision nobody would review.
    expect(states(r).slice(5)).toEqual([
      'Approve Draft', 'Approved', 'Revise Draft',
      'Approve Draft', 'Approved', 'Revise Draft',
      'Approve Draft', 'Approved', 'Review Exhausted',
    ]);
    // Each round revises the previous round's revision with that round's comments.
    expect(calls.revise.map((c) => c.prompt)).toEqual([
      `Revise this report. Reviewer comments: Round 1: too short.\n\nReport: ${JSON.stringify(DRAFT)}`,
      `Revise this report. Reviewer comments: Round 2: no sources.\n\nReport: ${JSON.stringify({ title: 'Tides r1', body: 'Body r1' })}`,
    ]);
    // The second approval reviews the first revision, the third the second.
    expect(calls.approvals.map((a) => a.subject)).toEqual(['Review: Tides', 'Review: Tides r1', 'Review: Tides r2']);
    // Each round's revision is a new conversation with the reviser, and its own object: round 1 does not overwrite
    // the revision round 0 wrote.
    expect(calls.revise.map((c) => c.sessionId)).toEqual(['sim-1:revise-draft:0', 'sim-1:revise-draft:1']);
    expect(calls.approvals.map((a) => String(a.message).split('\n\n')[1])).toEqual(['Tides rise twice a day.', 'Body r1', 'Body r2']);
    const pointers = calls.approvals.map((a) => ((a.arguments as { Payload: { messageParts: { expand?: { $s3: string } }[] } }).Payload.messageParts[1]!.expand!.$s3));
    expect(pointers).toEqual([`${BUCKET}/write-draft.json`, `${BUCKET}/revise-draft/0.json`, `${BUCKET}/revise-draft/1.json`]);
    expect(JSON.parse(r.s3.get(`${BUCKET}/revise-draft/0.json`)!)).toEqual({ title: 'Tides r1', body: 'Body r1' });
    expect(JSON.parse(r.s3.get(`${BUCKET}/revise-draft/1.json`)!)).toEqual({ title: 'Tides r2', body: 'Body r2' });
    expect(r.coverage.choiceRules).toEqual({ 'Approved#default': 2, 'Approved#1': 1 });
  });

  it('approved in the last allowed round: revised twice, publishes the second revision', async () => {
    const { calls, options } = scenario(
      { approvals: [REJECT, REJECT, APPROVE] },
      { agents: { 'revise-draft': reply(reviser, (req, ctx) => (calls.revise.push(req), { title: `Tides r${ctx.call + 1}`, body: `Body r${ctx.call + 1}` })) } },
    );
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ title: 'Tides r2' });
    expect(calls.approvals).toHaveLength(3);
    expect(calls.revise).toHaveLength(2);
    expect(calls.published).toHaveLength(1);
    expect(states(r).slice(-3)).toEqual(['Approve Draft', 'Approved', 'Publish']);
    expect(r.coverage.choiceRules).toEqual({ 'Approved#default': 2, 'Approved#0': 1 });
  });

  it('approved after 30 hours with heartbeats every 11 hours', async () => {
    const { calls, options } = scenario({}, {
      approvals: {
        'approve-draft': async (_req, ctx) => {
          await ctx.sleep({ hours: 11 });
          ctx.heartbeat();
          await ctx.sleep({ hours: 11 });
          ctx.heartbeat();
          await ctx.sleep({ hours: 8 });
          return APPROVE;
        },
      },
    });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.durationSeconds).toBe(30 * 3600);
    expect(calls.published).toHaveLength(1);
  });

  it('times out after 2 days when the reviewer heartbeats but never answers', async () => {
    const { calls, options } = scenario({}, {
      approvals: {
        'approve-draft': async (_req, ctx) => {
          // Heartbeats until 44 h keep HeartbeatSeconds (12 h) from firing before TimeoutSeconds (48 h).
          for (let i = 0; i < 4; i++) {
            await ctx.sleep({ hours: 11 });
            ctx.heartbeat();
          }
          return ctx.never();
        },
      },
    });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.Timeout');
    expect(r.durationSeconds).toBe(2 * 86400);
    expect(states(r).at(-1)).toBe('Approve Draft');
    expect(r.events.find((e) => e.type === 'TaskTimedOut')).toMatchObject({ taskTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(calls.published).toHaveLength(0);
    expect(calls.revise).toHaveLength(0);
  });

  it('times out after 12 hours when the approval task never heartbeats', async () => {
    const { calls, options } = scenario({}, { approvals: { 'approve-draft': (_req, ctx) => ctx.never() } });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    // AWS reports a heartbeat expiry as States.Timeout (docs/simulator.md §4).
    expect(r.error).toBe('States.Timeout');
    expect(r.events.find((e) => e.type === 'TaskTimedOut')).toMatchObject({ taskTimedOutEventDetails: { error: 'States.Timeout' } });
    expect(r.durationSeconds).toBe(12 * 3600);
    expect(states(r).at(-1)).toBe('Approve Draft');
    expect(calls.published).toHaveLength(0);
  });
});

describe('research-report: agent failures', () => {
  it('retries a transient Lambda error on the writer with 2 s then 4 s back-off', async () => {
    const attempts: number[] = [];
    const { options } = scenario({}, {
      agents: {
        'write-draft': reply(writer, (_req, ctx) => {
          attempts.push(ctx.attempt);
          if (ctx.call < 2) throw failWith('Lambda.ServiceException', 'The service is unavailable.');
          return DRAFT;
        }),
      },
    });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ title: 'Tides' });
    expect(attempts).toEqual([0, 1, 2]);
    expect(r.trace.find((t) => t.state === 'Write Draft')!.retries).toBe(2);
    expect(r.coverage.retriers).toEqual({ 'Write Draft#0': 2 });
    expect(r.durationSeconds).toBe(6);
    expect(r.transitions).toBe(8 + 2);
  });

  it('fails with the Lambda error once its six retries are spent', async () => {
    let calls = 0;
    const { options } = scenario({}, {
      agents: {
        'write-draft': () => {
          calls++;
          throw failWith('Lambda.ServiceException', 'The service is unavailable.');
        },
      },
    });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Lambda.ServiceException');
    expect(calls).toBe(7);
    expect(r.durationSeconds).toBe(2 + 4 + 8 + 16 + 32 + 64);
    expect(states(r).at(-1)).toBe('Write Draft');
  });

  it('retries a throttled search 5 times with jittered back-off, then fails with the throttle', async () => {
    let calls = 0;
    const { calls: seen, options } = scenario({}, {
      agents: {
        search: () => {
          calls++;
          throw failWith('Agentflow.AgentThrottled', 'Rate exceeded.');
        },
      },
    });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.AgentThrottled');
    // A Lambda function error's cause is its error JSON (docs/simulator.md §12).
    expect(JSON.parse(r.cause!)).toMatchObject({ errorType: 'Agentflow.AgentThrottled', errorMessage: 'Rate exceeded.' });
    // The compiled default throttle retrier: 5 retries, FULL jitter under 5, 10, 20, 40 and (capped) 60 s.
    expect(calls).toBe(6);
    expect(r.trace.find((t) => t.state === 'Search')!.retries).toBe(5);
    expect(r.durationSeconds).toBeLessThanOrEqual(5 + 10 + 20 + 40 + 60);
    expect(states(r)).toEqual(['Search']);
    expect(seen.write).toHaveLength(0);
  });

  it('carries on once a throttled search answers', async () => {
    let throttles = 2;
    const { calls, options } = scenario({}, {
      agents: {
        search: (req) => {
          if (throttles-- > 0) throw failWith('Agentflow.AgentThrottled', 'Rate exceeded.');
          calls.search.push(req);
          return { sources: sources(2) };
        },
      },
    });
    const r = await run(options);

    expect(r.status).toBe('SUCCEEDED');
    expect(r.trace.find((t) => t.state === 'Search')!.retries).toBe(2);
    expect(calls.search).toHaveLength(1);
    expect(calls.summarize).toHaveLength(2);
  });

  it('fails the map, and the run, when one summary breaks its schema', async () => {
    const { calls, options } = scenario({ sources: 3 }, {
      agents: {
        // A plain function, so the adapter's schema check (not the mock's) rejects the 4,001-character summary.
        summarize: (_req, ctx) => ({ url: 'https://src.example/x', summary: 'x'.repeat(ctx.mapIndex[0] === 1 ? 4001 : 10) }),
      },
    });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.InvalidAgentOutput');
    expect(states(r)).not.toContain('Write Draft');
    expect(calls.write).toHaveLength(0);
    expect(calls.published).toHaveLength(0);
  });
});

/** search declares maxOutputBytes: 64,000, under its schema's bound (25 maximal sources: 97,516 bytes at worst). */
const SEARCH_BUDGET = 64_000;
const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** The largest search answer the adapter returns: maximal sources, as many as fit the search's budget. */
function largestSearch(text: 'escapes' | 'cjk' | 'quotes') {
  const sources = [...maximalAnswer(search, { text }).sources];
  while (jsonBytes({ sources }) > SEARCH_BUDGET) sources.pop();
  return { sources };
}

describe('research-report: the search budget', () => {
  it('fails a schema-valid search answer over its 64,000-byte budget with Agentflow.AnswerTooLarge, before anything else runs', async () => {
    const answer = maximalAnswer(search, { text: 'escapes' });
    const bytes = jsonBytes(answer);
    expect(bytes).toBeGreaterThan(96_000);
    const { calls, options } = scenario({}, { agents: { search: reply(search, (req) => (calls.search.push(req), answer)) } });
    const r = await run(options);

    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('Agentflow.AnswerTooLarge');
    expect(JSON.parse(r.cause!).errorMessage).toBe(`The agent's answer takes ${bytes} bytes of JSON, over the request's maxOutputBytes of 64000.`);
    expect(calls.search[0]!.payload['maxOutputBytes']).toBe(SEARCH_BUDGET);
    expect(states(r)).toEqual(['Search']);
  });

  it('returns the largest answer within the budget and summarizes each of its sources', async () => {
    const answer = largestSearch('escapes');
    const { options } = scenario({}, { agents: { search: reply(search, answer) } });
    const r = await run(options);
    expect(jsonBytes(answer)).toBeGreaterThan(SEARCH_BUDGET - 4_000);
    expect(r.status).toBe('SUCCEEDED');
    expect(states(r).filter((s) => s === 'Summarize')).toHaveLength(answer.sources.length);
  });
});

describe('research-report: maximum-size answers', () => {
  for (const text of ['escapes', 'cjk', 'quotes'] as const) {
    it(`fits the payload limit with every answer at the most its schema and budget allow (${text})`, async () => {
      const fill = maximalAnswer(reviser, { text }).body;
      const found = largestSearch(text);
      const comments = fill.slice(0, 4000);
      const { calls, options } = scenario(
        { approvals: [{ approved: false, comments, reviewer: fill.slice(0, 256) }, APPROVE] },
        {
          agents: {
            search: reply(search, found),
            summarize: reply(summarize, maximalAnswer(summarize, { text })),
            'write-draft': reply(writer, maximalAnswer(writer, { text })),
            'revise-draft': reply(reviser, (req) => (calls.revise.push(req), maximalAnswer(reviser, { text }))),
          },
        },
      );
      const r = await run({ ...options, input: { topic: fill.slice(0, 500), audience: fill.slice(0, 200) } });

      expect(r.error).toBeUndefined();
      expect(r.status).toBe('SUCCEEDED');
      expect(r.output).toEqual({ title: maximalAnswer(reviser, { text }).title });
      expect(states(r).filter((s) => s === 'Summarize')).toHaveLength(found.sources.length);
      expect(calls.revise[0]!.prompt.startsWith(`Revise this report. Reviewer comments: ${comments}\n\nReport: `)).toBe(true);
      expect(largestPayload(r)).toBeGreaterThan(FLOOR[text]);
      expect(largestPayload(r)).toBeLessThanOrEqual(LIMIT);
    });
  }
});

describe('research-report: coverage', () => {
  it('took every choice rule and default across the scenarios above', () => {
    const taken: Record<string, number> = {};
    for (const c of coverage) for (const [rule, n] of Object.entries(c.choiceRules)) taken[rule] = (taken[rule] ?? 0) + n;
    expect(Object.keys(taken).sort()).toEqual(['Approved#0', 'Approved#1', 'Approved#default']);
  });
});
