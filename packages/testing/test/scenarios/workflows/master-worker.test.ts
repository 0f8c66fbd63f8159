import { describe, expect, it } from 'vitest';
import type { AgentDef } from '@agentflow/dsl';
import { failWith, maximalAnswer, reply, simulate, type AgentMocks, type AgentRequest, type Answer, type MockContext, type MockFn, type SimulationResult, type TaskMocks, largestPayload } from '@agentflow/testing';
import masterWorker, { aggregator, analysisWorker, coordinator, researchWorker, writingWorker } from '../../../../../workflows/master-worker.js';

const LIMIT = 262_144;
// What the largest value of a maximal run reaches at least (the coordinator's 20-task plan, which stays inline whatever
// else gets offloaded), so a shrunken answer cannot pass.
const FLOOR = { escapes: 150_000, cjk: 80_000, quotes: 50_000 };

type Output<A> = A extends AgentDef<infer T> ? T : never;
type Plan = Output<typeof coordinator>;
type Task = Plan['tasks'][number];
type WorkResult = Output<typeof researchWorker>;
type Kind = Task['worker'];

const REQUEST = 'Compare three CRM vendors for our 40-person sales team and recommend one.';
const OFFLOADED = 's3://agentflow-artifacts-dev/agentflow/master-worker/sim-1/aggregate.json';
const DELIVERABLE = { deliverable: 'Recommendation: Vendor B, for its pipeline analytics at a mid-range price.', gaps: [] };

const task = (id: string, worker: Kind): Task => ({ id, worker, instructions: `Do ${id}.` });
const PLAN: Plan = {
  goal: 'Recommend a CRM vendor',
  tasks: [
    { id: 'gather-pricing', worker: 'research', instructions: 'Collect list prices for vendors A, B and C.' },
    { id: 'score-features', worker: 'analysis', instructions: 'Score the three vendors on pipeline analytics.' },
    { id: 'draft-summary', worker: 'writing', instructions: 'Draft a one-page summary for the sales director.' },
  ],
};

const workerPrompt = (plan: Plan, t: Task) => `Overall goal: ${plan.goal}\nYour task (${t.id}): ${t.instructions}\nReport the task id ${t.id} in your answer.`;
const aggregatePrompt = (results: WorkResult[]) =>
  `Assemble the workers' results into one deliverable for this request: ${REQUEST}\nList anything a task left partial or blocked under gaps.\n\nResults: ${JSON.stringify(results)}`;

interface WorkerCall {
  readonly kind: Kind;
  readonly index: number;
  readonly at: number;
  readonly request: AgentRequest;
}

const WORKERS = { research: researchWorker, analysis: analysisWorker, writing: writingWorker } as const;
const KINDS = ['research', 'analysis', 'writing'] as const;

/** A worker's answer for the task at `index`; default: done, naming the task. */
type Work = (plan: Plan, index: number, kind: Kind, req: AgentRequest, ctx: MockContext) => WorkResult | Promise<WorkResult>;
const doneResult = (t: Task): WorkResult => ({ taskId: t.id, status: 'done', output: `${t.worker} result for ${t.id}` });
const done: Work = (plan, index) => doneResult(plan.tasks[index]!);

const taken = new Set<string>();

interface Options {
  readonly plan?: MockFn<AgentRequest, Answer>;
  readonly work?: Work;
  readonly aggregate?: Output<typeof aggregator>;
  /** Replaces the coordinator's adapter call with a raw lambda:invoke result. */
  readonly tasks?: TaskMocks;
}

async function runPlan(plan: Plan, options: Options = {}) {
  const calls: WorkerCall[] = [];
  const aggregateCalls: AgentRequest[] = [];
  const work = options.work ?? done;
  const workers = Object.fromEntries(
    KINDS.map((kind) => [
      `${kind}-worker`,
      reply(WORKERS[kind], async (req, ctx) => {
        const index = ctx.mapIndex[0]!;
        calls.push({ kind, index, at: (Date.parse(ctx.now) - Date.parse('2026-01-01T00:00:00.000Z')) / 1000, request: req });
        return work(plan, index, kind, req, ctx);
      }),
    ]),
  );
  const agents: AgentMocks = {
    'plan-work': options.plan ?? reply(coordinator, plan),
    ...workers,
    aggregate: reply(aggregator, (req) => (aggregateCalls.push(req), options.aggregate ?? DELIVERABLE)),
  };
  const run = await simulate(masterWorker, { input: { request: REQUEST }, agents, ...(options.tasks ? { tasks: options.tasks } : {}) });
  for (const key of Object.keys(run.coverage.choiceRules)) taken.add(key);
  return { run, calls, aggregateCalls };
}

const states = (run: SimulationResult) => run.trace.map((t) => t.state);
// The default task result rides on Dispatch (each rule's Assign and Default's), each worker's answer on the worker's
// own Assign (plan-folds.ts): no Pass state in an iteration.
const ITERATION = (worker: string) => ['Dispatch', `${worker} Worker`, 'Run Tasks Done'];

describe('master-worker: coordinator plans, a Map dispatches each task to its worker, an aggregator assembles', () => {
  it('dispatches one task of each kind to its worker and offloads the deliverable', async () => {
    const { run, calls, aggregateCalls } = await runPlan(PLAN);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ result: { $s3: OFFLOADED }, tasks: PLAN.tasks });
    // The adapter wrote the whole answer and returned only the pointer (offload with no inline fields).
    expect(JSON.parse(run.s3.get(OFFLOADED)!)).toEqual(DELIVERABLE);

    // Plan Work, Run Tasks (Map), 3 states per iteration, Aggregate.
    expect(run.transitions).toBe(12);
    expect(run.trace).toHaveLength(run.transitions);
    expect(states(run).filter((s) => s.endsWith(' Worker'))).toEqual(['Research Worker', 'Analysis Worker', 'Writing Worker']);
    for (const [i, worker] of ['Research', 'Analysis', 'Writing'].entries()) {
      expect(run.trace.filter((t) => t.scope.join('/') === `Run Tasks/${i}`).map((t) => t.state)).toEqual(ITERATION(worker));
    }
    expect(run.trace.filter((t) => t.scope.length === 0).map((t) => t.state)).toEqual(['Plan Work', 'Run Tasks', 'Aggregate']);

    // Each task went to the worker its plan entry names, in its own session.
    expect(calls.map((c) => [c.kind, c.index, c.request.sessionId, c.request.prompt]).sort()).toEqual([
      ['analysis', 1, 'sim-1:analysis-worker:1', workerPrompt(PLAN, PLAN.tasks[1]!)],
      ['research', 0, 'sim-1:research-worker:0', workerPrompt(PLAN, PLAN.tasks[0]!)],
      ['writing', 2, 'sim-1:writing-worker:2', workerPrompt(PLAN, PLAN.tasks[2]!)],
    ]);
    // The aggregator sees the results in plan order.
    expect(aggregateCalls.map((r) => r.prompt)).toEqual([aggregatePrompt(PLAN.tasks.map(doneResult))]);
    expect(run.coverage.choiceRules).toEqual({ 'Dispatch#0': 1, 'Dispatch#1': 1, 'Dispatch#2': 1 });
  });

  it('runs a one-task plan through a single iteration', async () => {
    const plan: Plan = { goal: 'Summarise', tasks: [task('write-up', 'writing')] };
    const { run, calls, aggregateCalls } = await runPlan(plan);

    expect(run.status).toBe('SUCCEEDED');
    expect(run.output).toEqual({ result: { $s3: OFFLOADED }, tasks: plan.tasks });
    expect(states(run)).toEqual(['Plan Work', ...ITERATION('Writing'), 'Run Tasks', 'Aggregate']);
    expect(run.transitions).toBe(6);
    expect(calls.map((c) => [c.kind, c.index])).toEqual([['writing', 0]]);
    expect(aggregateCalls[0]!.prompt).toBe(aggregatePrompt([{ taskId: 'write-up', status: 'done', output: 'writing result for write-up' }]));
  });

  it('runs the maximum plan of 20 tasks five at a time, keeping plan order', async () => {
    const plan: Plan = { goal: 'Big job', tasks: Array.from({ length: 20 }, (_, i) => task(`t-${i}`, KINDS[i % 3]!)) };
    let running = 0;
    let peak = 0;
    const { run, calls, aggregateCalls } = await runPlan(plan, {
      work: async (p, index, kind, req, ctx) => {
        peak = Math.max(peak, ++running);
        await ctx.sleep({ minutes: 1 });
        running--;
        return done(p, index, kind, req, ctx);
      },
    });

    expect(run.status).toBe('SUCCEEDED');
    expect(peak).toBe(5);
    // Four waves of five one-minute tasks.
    expect(run.durationSeconds).toBe(240);
    expect(calls).toHaveLength(20);
    for (const c of calls) expect(c.kind).toBe(KINDS[c.index % 3]);
    expect(calls.map((c) => c.at).sort((a, b) => a - b)).toEqual([...Array(5).fill(0), ...Array(5).fill(60), ...Array(5).fill(120), ...Array(5).fill(180)]);
    expect(aggregateCalls[0]!.prompt).toBe(aggregatePrompt(plan.tasks.map(doneResult)));
    expect(run.coverage.choiceRules).toEqual({ 'Dispatch#0': 7, 'Dispatch#1': 7, 'Dispatch#2': 6 });
    expect(run.transitions).toBe(3 + 20 * 3);
  });

  it('passes partial and blocked worker results to the aggregator unchanged', async () => {
    const { run, aggregateCalls } = await runPlan(PLAN, {
      work: (plan, index, kind) =>
        index === 1 ? { taskId: plan.tasks[1]!.id, status: 'blocked', output: '', notes: 'No access to the analytics trial.' } : { taskId: plan.tasks[index]!.id, status: 'partial', output: `${kind} draft` },
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(aggregateCalls[0]!.prompt).toBe(
      aggregatePrompt([
        { taskId: 'gather-pricing', status: 'partial', output: 'research draft' },
        { taskId: 'score-features', status: 'blocked', output: '', notes: 'No access to the analytics trial.' },
        { taskId: 'draft-summary', status: 'partial', output: 'writing draft' },
      ]),
    );
  });

  it('fails with Agentflow.InvalidAgentOutput when the coordinator plans 0 tasks (minItems 1)', async () => {
    // A plain function: reply() would reject this answer as a test mistake; the adapter's schema check is under test.
    const { run, calls, aggregateCalls } = await runPlan(PLAN, { plan: () => ({ goal: 'Nothing to do', tasks: [] }) });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Agentflow.InvalidAgentOutput');
    expect(states(run)).toEqual(['Plan Work']);
    expect(run.transitions).toBe(1);
    expect(calls).toEqual([]);
    expect(aggregateCalls).toEqual([]);
  });

  it('fails with Agentflow.InvalidAgentOutput when the coordinator plans 21 tasks (maxItems 20)', async () => {
    const tasks = Array.from({ length: 21 }, (_, i) => task(`t-${i}`, 'research'));
    const { run, calls } = await runPlan(PLAN, { plan: () => ({ goal: 'Too much', tasks }) });
    expect(run.error).toBe('Agentflow.InvalidAgentOutput');
    expect(calls).toEqual([]);
  });

  it('fails with MasterWorker.UnknownWorker when a plan names a worker the workflow does not know', async () => {
    // The adapter's enum check makes this unreachable through an agent; a raw lambda:invoke result stands for an
    // adapter that let it through, to exercise the Dispatch default.
    const plan = { goal: 'Review', tasks: [task('gather-pricing', 'research'), { id: 'check-contract', worker: 'legal', instructions: 'Read the MSA.' }] };
    const { run, calls, aggregateCalls } = await runPlan(PLAN, { tasks: { 'plan-work': [{ Payload: plan }] } });

    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('MasterWorker.UnknownWorker');
    expect(run.cause).toBe('The plan assigned a task to a worker this workflow does not know.');
    expect(run.trace.filter((t) => t.scope.join('/') === 'Run Tasks/1').map((t) => t.state)).toEqual(['Dispatch', 'Dispatch No Match']);
    expect(run.coverage.choiceRules['Dispatch#default']).toBe(1);
    expect(calls.map((c) => c.index)).not.toContain(1);
    expect(aggregateCalls).toEqual([]);
  });

  it('fails the whole Map with a worker’s error: no aggregation', async () => {
    const { run, aggregateCalls } = await runPlan(PLAN, {
      work: (plan, index, kind) => {
        if (kind === 'analysis') throw failWith('Agentflow.InvalidAgentOutput', 'not JSON');
        return doneResult(plan.tasks[index]!);
      },
    });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('Agentflow.InvalidAgentOutput');
    // The adapter Lambda's function error: the cause is its JSON error payload.
    expect(JSON.parse(run.cause!)).toMatchObject({ errorMessage: 'not JSON', errorType: 'Agentflow.InvalidAgentOutput' });
    expect(aggregateCalls).toEqual([]);
    expect(states(run)).not.toContain('Aggregate');
  });

  it('fails with States.Timeout when a worker runs past its 10 minutes', async () => {
    const { run, aggregateCalls } = await runPlan(PLAN, {
      work: (plan, index, kind, req, ctx) => (kind === 'writing' ? ctx.never() : done(plan, index, kind, req, ctx)),
    });
    expect(run.status).toBe('FAILED');
    expect(run.error).toBe('States.Timeout');
    expect(run.durationSeconds).toBe(600);
    expect(aggregateCalls).toEqual([]);
  });

  it('retries a worker’s Lambda service errors and carries on', async () => {
    const { run, calls } = await runPlan(PLAN, {
      work: (plan, index, kind, req, ctx) => {
        if (kind === 'research' && ctx.attempt < 2) throw failWith('Lambda.ServiceException', 'try again');
        return done(plan, index, kind, req, ctx);
      },
    });
    expect(run.status).toBe('SUCCEEDED');
    expect(calls.filter((c) => c.kind === 'research').map((c) => c.at)).toEqual([0, 2, 6]);
    expect(run.coverage.retriers).toEqual({ 'Research Worker#0': 2 });
    expect(run.transitions).toBe(12 + 2);
  });

  describe('maximum-size plan, worker results and deliverable fit the payload limit', () => {
    const maximalRun = async (style: 'escapes' | 'cjk' | 'quotes') => {
      const maximal = maximalAnswer(coordinator, { text: style });
      // Every worker kind gets tasks (maximalAnswer picks one enum value for all).
      const plan: Plan = { ...maximal, tasks: maximal.tasks.map((t, i) => ({ ...t, worker: KINDS[i % 3]! })) };
      expect(plan.tasks).toHaveLength(20);
      const results = Object.fromEntries(KINDS.map((k) => [k, maximalAnswer(WORKERS[k], { text: style })]));
      return runPlan(plan, { work: (_p, _i, kind) => results[kind]!, aggregate: maximalAnswer(aggregator, { text: style }) });
    };

    it('cjk text', async () => {
      const { run } = await maximalRun('cjk');
      expect(run.error).toBeUndefined();
      expect(run.status).toBe('SUCCEEDED');
      expect(largestPayload(run)).toBeGreaterThan(FLOOR.cjk);
      expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
    });
    it('escapes text (control characters)', async () => {
      const { run } = await maximalRun('escapes');
      expect(run.error).toBeUndefined();
      expect(run.status).toBe('SUCCEEDED');
      expect(largestPayload(run)).toBeGreaterThan(FLOOR.escapes);
      expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
    });
    it('quotes text', async () => {
      const { run } = await maximalRun('quotes');
      expect(run.error).toBeUndefined();
      expect(run.status).toBe('SUCCEEDED');
      expect(largestPayload(run)).toBeGreaterThan(FLOOR.quotes);
      expect(largestPayload(run)).toBeLessThanOrEqual(LIMIT);
    });
  });

  // Runs last (tests in a file run in order): the scenarios above took every route of the Dispatch choice.
  it('covers every route of the Dispatch choice', () => {
    expect([...taken].sort()).toEqual(['Dispatch#0', 'Dispatch#1', 'Dispatch#2', 'Dispatch#default']);
  });
});

