import { z } from 'zod';
import type { CondExpr, Expr } from '../ir/expr.js';
import type {
  AgentSession,
  AgentSpec,
  Branch,
  ChoiceCase,
  ExitLoopStep,
  LoopExhausted,
  Otherwise,
  Step,
  VoteRule,
} from '../ir/nodes.js';
import { freezeNode } from '../ir/nodes.js';
import { resultSchemaOf } from '../ir/result-schema.js';
import { toSeconds, type Duration } from '../duration.js';
import { DslError } from '../errors.js';
import { callerLocation, type SourceLocation } from '../source-location.js';
import { createRef, refExprOf, type Ref } from '../refs/ref.js';
import { requireSchema } from '../refs/require-schema.js';
import { INDEX_SCHEMA, roundSchema, STEP_ERROR_SCHEMA, UNKNOWN_SCHEMA } from '../refs/shared-schemas.js';
import { elementSchema } from '../refs/schema-shape.js';
import { toCondition, type Condition } from '../refs/conditions.js';
import { schemaOfExpr, toExpr, type AnyInput, type Computed, type Input, type Resolve, type TextInput } from '../refs/value.js';
import { agentSpecOf, type AgentDef } from './agent.js';
import { agentCache, type AgentCacheOptions } from './agent-cache.js';
import { modelSpecOf, type ModelDef } from './model.js';
import { snsSubject, taskSpecOf, type TaskSpec } from '../integrations/task-spec.js';
import { ApprovalOutcome, tallySchema, type Ballot, type VoteTally } from './outcomes.js';
import { checkStepId, normalizeCatch, normalizeRetry, type TaskStepOptions } from './step-options.js';
import { s3ItemsOf, type S3Items } from './s3-items.js';
import { attemptHandlers, attemptSchema, CaughtErrorSchema, type AttemptCatch, type AttemptOptions, type AttemptValue, type BuiltBlock, type CaughtError } from './attempt.js';
import { runIntegration, type ChildWorkflow, type RunOptions } from './run.js';
import type { WorkflowDef } from './workflow.js';

/** What a branch or iteration body may return as its result: a computed value or a record/list of them. */
export type BodyResult = AnyInput | void;
/** The run-time value of a body's result; a body that returns nothing yields `unknown`. */
export type BodyValue<R> = [R] extends [void] ? unknown : Resolve<R>;

export interface InvokeAgentOptions extends TaskStepOptions {
  /** What to ask the agent. */
  readonly prompt: TextInput;
  /**
   * Inside a loop: `'per-round'` (the default) starts a new Bedrock session in every round, so an agent asked about
   * round 2's step does not continue the conversation about round 1's; `'across-rounds'` keeps one session for all
   * rounds (of every enclosing loop), so the agent remembers its earlier rounds. Each map iteration has its own
   * session either way. Outside a loop both are the same (the compiler warns about `'across-rounds'` there).
   */
  readonly session?: AgentSession;
  /**
   * Reuse answers stored in a DynamoDB table for `ttl`: look up first, invoke the agent only on a miss, then store
   * the answer. Best-effort: a failed lookup counts as a miss and a failed store does not fail the step
   * (docs/agent-cache.md).
   */
  readonly cache?: AgentCacheOptions;
}

export interface InvokeModelOptions extends TaskStepOptions {
  /** The model's request body (model-specific JSON, e.g. Anthropic messages). */
  readonly body: AnyInput;
}

export interface MapOptions extends Omit<TaskStepOptions, 'id' | 'timeout' | 'defaultRetry'> {
  /** Iterations running at once (0 = as many as Step Functions allows). Keep it under the agents' quotas. */
  readonly maxConcurrency: number;
  /** Fail the map only when more than this percentage of iterations fail (0–100). Makes the map distributed. */
  readonly toleratedFailurePercentage?: number;
  /** Fail the map only when more than this many iterations fail. Makes the map distributed. */
  readonly toleratedFailureCount?: number;
}

export interface ApprovalOptions extends Omit<TaskStepOptions, 'defaultRetry' | 'id'> {
  /** Logical SNS topic name from the config; the approval responder notifies the reviewers on it (never with the task token). */
  readonly notify: string;
  readonly subject?: TextInput;
  /** What the reviewer is asked. */
  readonly message: TextInput;
  /** Required: how long to wait for a decision before failing with States.Timeout. */
  readonly timeout: Duration;
  /** Optional: fail with States.Timeout when the responder sends no heartbeat for this long. */
  readonly heartbeat?: Duration;
}

/** threshold: approvals / voters ≥ ratio; majority: more than half; unanimous: all; bft: at least 2f+1 of n ≥ 3f+1. */
export type VoteRuleInput = { readonly threshold: number } | 'majority' | 'unanimous' | { readonly bft: { readonly f: number } };

export interface VoteOptions extends Omit<TaskStepOptions, 'id' | 'defaultRetry'> {
  readonly voters: readonly AgentDef<Ballot>[];
  readonly proposal: TextInput;
  readonly rule: VoteRuleInput;
}

export type OtherwiseInput = ((flow: Flow) => unknown) | 'continue' | { readonly fail: { readonly error: string; readonly cause?: string } };

/**
 * What a loop does when its last allowed round ends without `exitWhen` firing: `'fail'` (the default) fails the
 * execution with `Agentflow.LoopExhausted`, `{ fail: { error, cause } }` with that error and cause (as a Fail
 * state's), and `'continue'` goes on after the loop.
 */
export type LoopExhaustedInput = 'fail' | 'continue' | { readonly fail: { readonly error: string; readonly cause: string } };

export interface LoopOptions {
  /**
   * How many rounds may run. With an `exitWhen` in the body, its condition is checked at most this many times, and
   * when the last check fails the loop is exhausted at once: the steps after `exitWhen` do not run in the last round
   * (a review loop of 3 rounds asks 3 times and revises at most twice). A loop whose last `exitWhen` is in a choice arm
   * (or has none, or has a catch that leads past it) runs whole rounds.
   */
  readonly maxIterations: number;
  /** What happens when the last round ends without `exitWhen` firing (default: `'fail'`). */
  readonly onExhausted?: LoopExhaustedInput;
  readonly comment?: string;
}

export type WaitOptions = { readonly seconds: Duration; readonly comment?: string } | { readonly until: Computed<string>; readonly comment?: string };

const CASE: unique symbol = Symbol.for('agentflow.case') as never;
/** One arm of a choice: a condition and the steps to run when it holds. */
export interface Case {
  readonly [CASE]: ChoiceCase;
}

/**
 * Builds one arm of a choice.
 *
 * @example
 * ```ts
 * import { eq, when, type Flow, type Ref } from '@agentflow/dsl';
 * declare const category: Ref<'billing' | 'technical'>;
 * const billing = when(eq(category, 'billing'), (f: Flow) => {
 *   f.succeed('billing-done');
 * });
 * ```
 */
export function when(condition: Condition | Computed<boolean | undefined>, body: (flow: Flow) => unknown): Case {
  const loc = callerLocation();
  const cond = toCondition(condition, 'when(...) condition');
  return Object.freeze({ [CASE]: Object.freeze({ when: cond, body: buildBlock(body, [], 'a when(...) arm', loc, true), loc }) }) as Case;
}

/**
 * The blocks whose bodies are running, innermost last. Only the innermost may add steps: a builder of an enclosing
 * block called from a nested body would put the step outside the arm, branch or iteration it is written in.
 */
const building: Flow[] = [];
/** Blocks whose body has returned: their steps are final. */
const closed = new WeakSet<Flow>();
/** Choice arms (`when` bodies and `otherwise` steps): an enclosing loop's `exitWhen` may add its step to them. */
const arms = new WeakSet<Flow>();

/**
 * Runs a block's body with `flow` as the block being built; afterwards the flow is closed. A body that returns a
 * promise (async, await) is refused: its steps after the first await would be added after the block was built.
 * @internal
 */
export function inBlock<R>(flow: Flow, body: () => R, loc: SourceLocation | undefined): R {
  building.push(flow);
  let value: R;
  try {
    value = body();
  } finally {
    building.pop();
    closed.add(flow);
  }
  if (value instanceof Promise) {
    // The rest of the body runs later and throws (its builders are closed); the error below already says why.
    value.catch(() => undefined);
    throw new DslError('async-body', `The body of ${flow.label} is async (it returns a Promise): builders run once, while the workflow is built, so steps after an await would be lost.`, {
      loc,
      hint: 'Remove async/await from the body: flow.invoke(...) and the other builders return references at once, without waiting for the step to run.',
    });
  }
  return value;
}

/** Mutable state of one block while its body runs; frozen into IR when the body returns. */
function buildBlock(body: (flow: Flow) => unknown, loops: readonly string[], label: string, loc: SourceLocation | undefined, arm = false): Step[] {
  const flow = new Flow(loops, label);
  if (arm) arms.add(flow);
  inBlock(flow, () => body(flow), loc);
  return Object.freeze(flow.steps) as Step[];
}

function buildBlockWithResult<R>(body: (flow: Flow) => R, loops: readonly string[], label: string, loc: SourceLocation | undefined): { steps: Step[]; result: Expr } {
  const flow = new Flow(loops, label);
  const value = inBlock(flow, () => body(flow), loc);
  // A body that returns nothing yields `{}`, so a branch or iteration never carries its last state's payload along.
  const result = value === undefined ? ({ kind: 'record', fields: [] } as const) : toExpr(value, 'the value the body returns');
  return { steps: Object.freeze(flow.steps) as Step[], result };
}

/** A block whose returned value is kept as is: undefined when the body returns nothing. */
function buildBlockWithValue(body: (flow: Flow) => unknown, loops: readonly string[], label: string, loc: SourceLocation | undefined): BuiltBlock {
  const flow = new Flow(loops, label);
  const value = inBlock(flow, () => body(flow), loc);
  return { steps: Object.freeze(flow.steps) as Step[], result: value === undefined ? undefined : toExpr(value, 'the value the body returns') };
}

/**
 * The steps of a workflow, branch, iteration or loop body, added in order by the methods below. Each body gets its
 * own flow, usable only while that body runs: calling an enclosing body's flow from inside a nested body
 * (`builder-of-outer-block`) or a flow after its body returned (`builder-after-body-returned`) is an error.
 */
export class Flow {
  /** @internal */
  readonly steps: Step[] = [];
  /** @internal */
  readonly loops: readonly string[];
  /** @internal What the block is, for diagnostics: "workflow 'x'", "map 'y'", "a when(...) arm". */
  readonly label: string;

  /** @internal */
  constructor(loops: readonly string[], label: string) {
    this.loops = loops;
    this.label = label;
  }

  /**
   * Invokes a Bedrock agent (through the adapter Lambda) or a model (bedrock:invokeModel); returns its typed result.
   *
   * @example
   * ```ts
   * import { agent, text, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * const search = agent('search', { agentName: 'research-search', alias: 'live', output: z.object({ urls: z.array(z.string().max(2048)).max(25) }), maxOutputTokens: 4000 });
   * export default workflow('find', { input: z.object({ topic: z.string().max(200) }) }, (flow) => {
   *   const found = flow.invoke(search, { prompt: text`Find sources about ${flow.input.topic}` });
   *   return found.urls;
   * });
   * ```
   */
  invoke<T>(target: AgentDef<T>, options: InvokeAgentOptions): Ref<T>;
  invoke<T>(target: ModelDef<T>, options: InvokeModelOptions): Ref<T>;
  invoke(target: AgentDef<unknown> | ModelDef<unknown>, options: InvokeAgentOptions | InvokeModelOptions): Ref<unknown> {
    const loc = callerLocation();
    const agentSpec = agentSpecOf(target);
    const modelSpec = modelSpecOf(target);
    if (!agentSpec && !modelSpec) {
      throw new DslError('invalid-invoke', 'flow.invoke(...) takes an agent(...) or model(...) definition.', { loc });
    }
    const spec = (agentSpec ?? modelSpec)!;
    const id = checkStepId(options?.id ?? spec.name);
    const common = this.taskCommon(id, options, spec.timeoutSeconds, spec.retry, loc);
    if (agentSpec) {
      if (!('prompt' in options)) throw new DslError('invalid-invoke', `Invoking agent '${spec.name}' needs a prompt.`, { loc });
      const session = sessionOf(options.session, id, loc);
      const cache = (options as InvokeAgentOptions).cache;
      this.push(
        freezeNode({
          kind: 'agent',
          ...common,
          agent: agentSpec,
          prompt: toExpr(options.prompt, 'prompt'),
          ...(session ? { session } : {}),
          ...(cache !== undefined ? { cache: agentCache(cache, id, loc) } : {}),
        }),
      );
    } else {
      if (!('body' in options)) throw new DslError('invalid-invoke', `Invoking model '${spec.name}' needs a body.`, { loc });
      if ('cache' in options) throw new DslError('invalid-cache', `Invoking model '${spec.name}': cache is only available on agent invocations.`, { loc });
      this.push(freezeNode({ kind: 'model', ...common, model: modelSpec!, body: toExpr(options.body, 'body') }));
    }
    return createRef({ kind: 'step-result', stepId: id }, spec.output);
  }

  /**
   * Runs another AWS service call (SNS, SQS, DynamoDB, EventBridge, Lambda, any `aws-sdk` action).
   *
   * @example
   * ```ts
   * import { events, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('announce', { input: z.object({ id: z.string().max(64) }) }, (flow) => {
   *   flow.task('announce', events.putEvents({ entries: [{ source: 'reports', detailType: 'Published', detail: { id: flow.input.id } }] }));
   * });
   * ```
   */
  task<T>(id: string, spec: TaskSpec<T>, options: Omit<TaskStepOptions, 'id'> = {}): Ref<T> {
    const loc = callerLocation();
    const integration = taskSpecOf(spec);
    if (!integration) throw new DslError('invalid-task', 'flow.task(id, spec) takes a spec such as sns.publish({...}).', { loc });
    checkStepId(id);
    const common = this.taskCommon(id, options, 60, [], loc);
    this.push(freezeNode({ kind: 'task', ...common, defaultRetry: common.defaultRetry && integration.isLambda, integration }));
    return createRef({ kind: 'step-result', stepId: id }, integration.output);
  }

  /**
   * Runs another workflow as a child execution and waits for it (`states:startExecution.sync:2`); returns its result.
   * `input` is checked against the child's input type and the result is typed as the child's result. The step id
   * defaults to the child's name; the timeout to the child's own execution timeout plus a minute (a child without one
   * needs `timeout`). A failed child fails the step with `States.TaskFailed`, which `retry` and `catch` handle.
   *
   * @example
   * ```ts
   * import { agent, text, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * const writer = agent('writer', { agentName: 'writer', alias: 'live', output: z.object({ body: z.string().max(20000) }) });
   * const draft = workflow('draft', { input: z.object({ topic: z.string().max(500) }), timeout: { hours: 1 } }, (flow) => {
   *   const written = flow.invoke(writer, { prompt: text`Write about ${flow.input.topic}` });
   *   return { body: written.body };
   * });
   * export default workflow('publish', { input: z.object({ topic: z.string().max(500) }) }, (flow) => {
   *   const done = flow.run(draft, { topic: flow.input.topic });
   *   return done.body;
   * });
   * ```
   */
  run<I, O>(child: WorkflowDef<I, O>, input: Input<I>, options: RunOptions = {}): Ref<O> {
    const loc = callerLocation();
    if (!isChildWorkflow(child)) throw new DslError('invalid-run', 'flow.run(child, input) takes a workflow(...) definition as the child.', { loc });
    const id = checkStepId(options?.id ?? child.name);
    const { integration, timeoutSeconds } = runIntegration(child, input, id, loc);
    if (options.timeout === undefined && timeoutSeconds === undefined) {
      throw new DslError('run-without-timeout', `run '${id}' needs a timeout: workflow '${child.name}' declares none, so a stuck child would hold this step for up to a year.`, {
        loc,
        hint: `Give the child a timeout (workflow('${child.name}', { timeout: { hours: 1 }, … })), or this step one (flow.run(…, { timeout: { hours: 1 } })).`,
      });
    }
    const common = this.taskCommon(id, options, timeoutSeconds, [], loc);
    this.push(freezeNode({ kind: 'task', ...common, defaultRetry: false, integration }));
    return createRef({ kind: 'step-result', stepId: id }, integration.output);
  }

  /**
   * Runs branches at the same time and returns their results as a record keyed like `branches`.
   *
   * @example
   * ```ts
   * import { agent, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * const data = agent('data', { agentName: 'data', alias: 'live', maxOutputBytes: 8000 });
   * const policy = agent('policy', { agentName: 'policy', alias: 'live', maxOutputBytes: 8000 });
   * export default workflow('gather', { input: z.object({ q: z.string().max(500) }) }, (flow) => {
   *   const both = flow.parallel('gather', {
   *     data: (b) => b.invoke(data, { prompt: flow.input.q }),
   *     policy: (b) => b.invoke(policy, { prompt: flow.input.q }),
   *   });
   *   return both.policy;
   * });
   * ```
   */
  parallel<B extends Record<string, (flow: Flow) => BodyResult>>(
    id: string,
    branches: B,
    options: Omit<TaskStepOptions, 'id' | 'defaultRetry' | 'timeout'> = {},
  ): Ref<{ [K in keyof B]: BodyValue<ReturnType<B[K]>> }> {
    const loc = callerLocation();
    checkStepId(id);
    const names = Object.keys(branches ?? {});
    if (names.length === 0) throw new DslError('invalid-parallel', `parallel '${id}' needs at least one branch.`, { loc });
    const built: Branch[] = names.map((name) => {
      const body = branches[name];
      if (typeof body !== 'function') throw new DslError('invalid-parallel', `parallel '${id}' branch '${name}' must be a function.`, { loc });
      const { steps, result } = buildBlockWithResult(body, [], `parallel '${id}' branch '${name}'`, loc);
      return Object.freeze({ name, body: steps, result });
    });
    const common = this.taskCommon(id, options, undefined, [], loc);
    return this.pushWithResult(freezeNode({ kind: 'parallel', ...common, defaultRetry: false, branches: built })) as never;
  }

  /**
   * Try/catch with a join: runs the body; when one of its steps fails with an error a catch clause lists (after that
   * step's own retries), the clause's handler runs instead, with the error. Either way the flow goes on after the
   * attempt, and the attempt's value is what the body returned, or what the handler returned. The body's steps run in
   * the enclosing scope at no extra cost (docs/catches-and-approvals.md).
   *
   * @example
   * ```ts
   * import { agent, text, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * const Answer = z.object({ text: z.string().max(4000) });
   * const primary = agent('primary', { agentName: 'primary', alias: 'live', output: Answer, maxOutputBytes: 8000 });
   * const backup = agent('backup', { agentName: 'backup', alias: 'live', output: Answer, maxOutputBytes: 8000 });
   * export default workflow('answer', { input: z.object({ q: z.string().max(500) }) }, (flow) => {
   *   const answer = flow.attempt('answer', (f) => f.invoke(primary, { prompt: flow.input.q }).text, {
   *     catch: [{ errors: ['States.ALL'], handler: (error, f) => f.invoke(backup, { prompt: text`${error.error}: ${flow.input.q}` }).text }],
   *   });
   *   return answer;
   * });
   * ```
   */
  attempt<R, const C extends readonly AttemptCatch<Flow>[]>(
    id: string,
    body: (flow: Flow) => R,
    options: AttemptOptions<C>,
  ): Ref<AttemptValue<R> | AttemptValue<ReturnType<C[number]['handler']>>> {
    const loc = callerLocation();
    checkStepId(id);
    if (typeof body !== 'function') throw new DslError('invalid-attempt', `attempt '${id}' body must be a function (flow) => value.`, { loc });
    // A retried body is a scope of its own: loops outside it cannot be left from inside.
    const built = buildBlockWithValue(body, options?.retry === undefined ? this.loops : [], `attempt '${id}'`, loc);
    const error = createRef<CaughtError>({ kind: 'step-error', stepId: id }, CaughtErrorSchema);
    const handlers = attemptHandlers<Flow>(id, options?.catch, error, (handler, label) => buildBlockWithValue(handler, this.loops, label, loc), loc);
    const retry = Object.freeze(options.retry === undefined ? [] : normalizeRetry(options.retry));
    this.push(freezeNode({ kind: 'attempt', id, loc, comment: options.comment, body: built.steps, result: built.result, handlers, retry }));
    return createRef({ kind: 'step-result', stepId: id }, attemptSchema([built.result, ...handlers.map((h) => h.result)])) as never;
  }

  /**
   * Runs the body once per item of an array (an inline Map state) and returns the results in order.
   * `items` must reference an array: anything else fails `tsc`. An optional array that is absent at run time
   * runs no iteration (the result is `[]`), as an empty one does. A list too large for a state can stay in S3:
   * pass `s3Items({ bucket, key, format, item })` and the map reads it itself (a Distributed Map's ItemReader).
   *
   * @example
   * ```ts
   * import { agent, text, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * const summarize = agent('summarize', { agentName: 'summary', alias: 'live', maxOutputBytes: 4000 });
   * export default workflow('digest', { input: z.object({ urls: z.array(z.string().max(2048)).max(25) }) }, (flow) =>
   *   flow.map('summaries', flow.input.urls, { maxConcurrency: 10 }, (url, f) => f.invoke(summarize, { prompt: text`Summarize ${url}` })),
   * );
   * ```
   */
  map<E, R extends BodyResult>(
    id: string,
    items: Ref<readonly E[] | undefined> | Ref<E[] | undefined> | S3Items<E>,
    options: MapOptions,
    body: (item: Ref<E>, flow: Flow, index: Ref<number>) => R,
  ): Ref<BodyValue<R>[]> {
    const loc = callerLocation();
    checkStepId(id);
    // Items stored in S3 are read by the Map itself (a Distributed Map's ItemReader), never held in a state.
    const fromS3 = s3ItemsOf(items);
    const itemsExpr = fromS3 ? undefined : refExprOf(items);
    if (!fromS3 && !itemsExpr) throw new DslError('invalid-map', `map '${id}' items must be a reference to an array or s3Items(...).`, { loc });
    const itemSchema = fromS3 ? fromS3.item : elementSchema(itemsExpr!.schema);
    if (itemSchema === undefined && !itemsExpr?.unknownField) {
      throw new DslError('map-over-non-array', `map '${id}' items do not reference an array.`, { loc, hint: 'Map over a field whose schema is z.array(...).' });
    }
    if (!options || !Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 0) {
      throw new DslError('invalid-map', `map '${id}' needs maxConcurrency, a whole number ≥ 0 (0 = unlimited).`, { loc });
    }
    const pct = options.toleratedFailurePercentage;
    if (pct !== undefined && !(pct >= 0 && pct <= 100)) {
      throw new DslError('invalid-map', `map '${id}' toleratedFailurePercentage must be between 0 and 100.`, { loc });
    }
    const count = options.toleratedFailureCount;
    if (count !== undefined && !(Number.isInteger(count) && count >= 0)) {
      throw new DslError('invalid-map', `map '${id}' toleratedFailureCount must be a whole number ≥ 0.`, { loc });
    }
    const elem = itemSchema ?? UNKNOWN_SCHEMA;
    const item = createRef<E>({ kind: 'map-item', mapId: id }, elem);
    const index = createRef<number>({ kind: 'map-index', mapId: id }, INDEX_SCHEMA);
    const { steps, result } = buildBlockWithResult((f) => body(item, f, index), [], `map '${id}'`, loc);
    const common = this.taskCommon(id, options, undefined, [], loc);
    return this.pushWithResult(
      freezeNode({
        kind: 'map',
        ...common,
        defaultRetry: false,
        items: itemsExpr,
        ...(fromS3 ? { itemsFrom: fromS3.source } : {}),
        itemSchema: elem,
        maxConcurrency: options.maxConcurrency,
        toleratedFailurePercentage: pct,
        toleratedFailureCount: count,
        // Step Functions applies failure thresholds only to Distributed Map states.
        ...(pct !== undefined || count !== undefined || fromS3 ? { distributed: { writer: false } } : {}),
        body: steps,
        result,
      }),
    ) as never;
  }

  /**
   * Routes on conditions, first match wins; `otherwise` is required: steps, `'continue'`, or an explicit fail.
   *
   * @example
   * ```ts
   * import { agent, eq, when, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * const billing = agent('billing', { agentName: 'billing', alias: 'live', maxOutputBytes: 4000 });
   * export default workflow('route', { input: z.object({ kind: z.enum(['billing', 'other']), text: z.string().max(4000) }) }, (flow) => {
   *   flow.choice('route', [when(eq(flow.input.kind, 'billing'), (b) => { b.invoke(billing, { prompt: flow.input.text }); })], {
   *     otherwise: { fail: { error: 'UnknownRequest', cause: 'No agent handles this kind of request.' } },
   *   });
   * });
   * ```
   */
  choice(id: string, cases: readonly Case[], options: { readonly otherwise: OtherwiseInput; readonly comment?: string }): void {
    const loc = callerLocation();
    checkStepId(id);
    if (!Array.isArray(cases) || cases.length === 0) throw new DslError('invalid-choice', `choice '${id}' needs at least one when(...) case.`, { loc });
    const arms = cases.map((c, i) => {
      const arm = (c as { [CASE]?: ChoiceCase })?.[CASE];
      if (!arm) throw new DslError('invalid-choice', `choice '${id}' case ${i + 1} must be built with when(condition, body).`, { loc });
      return arm;
    });
    const otherwise = this.otherwise(id, options?.otherwise, loc);
    this.push(freezeNode({ kind: 'choice', id, loc, comment: options?.comment, cases: arms, otherwise }));
  }

  /**
   * Repeats the body at most `maxIterations` times; `exitWhen` inside the body leaves the loop. The last round ends
   * at its (last) `exitWhen` when the condition does not hold: then the loop is exhausted, and `onExhausted` says
   * whether the execution fails (`'fail'`, the default, or `{ fail: { error, cause } }`) or goes on (`'continue'`).
   *
   * @example
   * ```ts
   * import { workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('review', { input: z.object({ doc: z.string().max(10000) }) }, (flow) => {
   *   flow.loop('review', { maxIterations: 3, onExhausted: { fail: { error: 'Review.Rejected', cause: 'Three rejections.' } } }, (loop) => {
   *     const verdict = loop.approval('approve', { notify: 'reviewers', message: flow.input.doc, timeout: { days: 1 } });
   *     loop.exitWhen(verdict.approved);
   *   });
   * });
   * ```
   */
  loop(id: string, options: LoopOptions, body: (loop: LoopFlow) => unknown): Ref<number> {
    const loc = callerLocation();
    checkStepId(id);
    const max = options?.maxIterations;
    if (!Number.isInteger(max) || max < 1) throw new DslError('invalid-loop', `loop '${id}' maxIterations must be a whole number ≥ 1.`, { loc });
    const onExhausted = loopExhausted(id, options.onExhausted, loc);
    const flow = new LoopFlow([...this.loops, id], id, max);
    inBlock(flow, () => body(flow), loc);
    this.push(freezeNode({ kind: 'loop', id, loc, comment: options.comment, maxIterations: max, onExhausted, body: Object.freeze(flow.steps) }));
    return createRef({ kind: 'loop-iteration', loopId: id }, roundSchema(max));
  }

  /**
   * Pauses for a human decision: hands the request and the task token to the workflow's approval responder
   * (`lambda:invoke.waitForTaskToken`), which notifies the reviewers on the `notify` topic with sealed approve/reject
   * links, and resumes when the responder calls back (docs/agent-adapter.md, "Approvals").
   *
   * @example
   * ```ts
   * import { workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('sign-off', { input: z.object({ doc: z.string().max(10000) }) }, (flow) => {
   *   const verdict = flow.approval('sign-off', { notify: 'reviewers', message: flow.input.doc, timeout: { days: 2 }, heartbeat: { hours: 12 } });
   *   return verdict.approved;
   * });
   * ```
   */
  approval(id: string, options: ApprovalOptions): Ref<ApprovalOutcome> {
    const loc = callerLocation();
    checkStepId(id);
    if (!options || options.timeout === undefined) {
      throw new DslError('approval-without-timeout', `approval '${id}' needs a timeout: a lost task token would otherwise hold the execution for a year.`, {
        loc,
        hint: 'Add e.g. timeout: { days: 3 }.',
      });
    }
    if (typeof options.notify !== 'string' || options.notify === '') throw new DslError('invalid-approval', `approval '${id}' needs notify: a topic name.`, { loc });
    const common = this.taskCommon(id, options, undefined, [], loc);
    const heartbeat = options.heartbeat === undefined ? undefined : toSeconds(options.heartbeat, `approval '${id}' heartbeat`);
    this.push(
      freezeNode({
        kind: 'approval',
        ...common,
        heartbeatSeconds: heartbeat,
        defaultRetry: false,
        topic: options.notify,
        subject: snsSubject(options.subject, `approval '${id}' subject`),
        message: toExpr(options.message, 'message'),
        outcome: ApprovalOutcome,
      }),
    );
    return createRef({ kind: 'step-result', stepId: id }, ApprovalOutcome);
  }

  /**
   * Asks several agents to vote on a proposal in parallel and tallies the ballots with the given rule.
   *
   * @example
   * ```ts
   * import { agent, Ballot, text, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * const judges = ['judge-a', 'judge-b', 'judge-c'].map((name) => agent(name, { agentName: name, alias: 'live', output: Ballot, maxOutputBytes: 4000 }));
   * export default workflow('decide', { input: z.object({ plan: z.string().max(8000) }) }, (flow) => {
   *   const tally = flow.vote('decide', { voters: judges, proposal: text`Approve this plan? ${flow.input.plan}`, rule: 'majority' });
   *   return tally.approved;
   * });
   * ```
   */
  vote(id: string, options: VoteOptions): Ref<VoteTally> {
    const loc = callerLocation();
    checkStepId(id);
    const specs = (options?.voters ?? []).map((v, i) => {
      const spec = agentSpecOf(v);
      if (!spec) throw new DslError('invalid-vote', `vote '${id}' voter ${i + 1} must be an agent(...) definition.`, { loc });
      return spec;
    });
    if (specs.length === 0) throw new DslError('invalid-vote', `vote '${id}' needs at least one voter.`, { loc });
    const rule = voteRule(id, options.rule, specs.length, loc);
    const common = this.taskCommon(id, options, maxTimeout(specs), [], loc);
    const seen = new Map<string, number>();
    const voters = specs.map((agent) => {
      const n = (seen.get(agent.name) ?? 0) + 1;
      seen.set(agent.name, n);
      const dupes = specs.filter((s) => s.name === agent.name).length;
      return Object.freeze({ id: dupes > 1 ? `${id}-${agent.name}-${n}` : `${id}-${agent.name}`, agent });
    });
    const tally = tallySchema(specs.length);
    this.push(freezeNode({ kind: 'vote', ...common, defaultRetry: true, voters, proposal: toExpr(options.proposal, 'proposal'), rule, tally }));
    return createRef({ kind: 'step-result', stepId: id }, tally);
  }

  /**
   * Waits for a duration or until a timestamp (RFC 3339).
   *
   * @example
   * ```ts
   * import { workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('cool-down', { input: z.object({}) }, (flow) => {
   *   flow.wait('cool-down', { seconds: { minutes: 5 } });
   * });
   * ```
   */
  wait(id: string, options: WaitOptions): void {
    const loc = callerLocation();
    checkStepId(id);
    const wait = 'seconds' in options ? { seconds: toSeconds(options.seconds, `wait '${id}'`) } : { until: toExpr(options.until, 'until') };
    this.push(freezeNode({ kind: 'wait', id, loc, comment: options.comment, wait }));
  }

  /**
   * Keeps a value in a new variable (a Pass state); `assign` can update it later, e.g. inside a loop.
   *
   * @example
   * ```ts
   * import { workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('keep', { input: z.object({ doc: z.string().max(1000) }) }, (flow) => {
   *   const current = flow.set('current', { text: flow.input.doc, round: 0 });
   *   return current.text;
   * });
   * ```
   */
  set<T>(id: string, value: AnyInput, options: { readonly schema: z.ZodType<T>; readonly comment?: string }): Ref<T>;
  set<V>(id: string, value: V & AnyInput, options?: { readonly comment?: string }): Ref<Resolve<V>>;
  set(id: string, value: AnyInput, options: { readonly schema?: z.ZodType; readonly comment?: string } = {}): Ref<unknown> {
    const loc = callerLocation();
    checkStepId(id);
    if (options.schema !== undefined) requireSchema(options.schema, `set '${id}'`, 'schema', loc);
    const expr = toExpr(value, `set '${id}' value`);
    // An explicit schema states what the variable may hold over its life (e.g. across loop rounds), not just its first value.
    const schema = options.schema ?? schemaOfExpr(expr);
    this.push(freezeNode({ kind: 'set', id, loc, comment: options.comment, value: expr, schema, declared: options.schema !== undefined }));
    return createRef({ kind: 'step-result', stepId: id }, schema);
  }

  /**
   * Gives a variable made by `set` a new value of the same type.
   *
   * @example
   * ```ts
   * import { workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('bump', { input: z.object({ a: z.string().max(10), b: z.string().max(10) }) }, (flow) => {
   *   const current = flow.set('current', flow.input.a);
   *   flow.assign('use-b', current, flow.input.b);
   * });
   * ```
   */
  assign<T>(id: string, target: Ref<T>, value: Input<T>, options: { readonly comment?: string } = {}): void {
    const loc = callerLocation();
    checkStepId(id);
    const ref = refExprOf(target);
    if (!ref || ref.root.kind !== 'step-result' || ref.path.length !== 0) {
      throw new DslError('invalid-assign', `assign '${id}' target must be the reference returned by flow.set(...).`, { loc });
    }
    this.push(freezeNode({ kind: 'assign', id, loc, comment: options.comment, target: ref.root.stepId, value: toExpr(value, `assign '${id}' value`) }));
  }

  /**
   * The error a step failed with, inside the step its `catch` leads to (`{ Error, Cause }`, from `$states.errorOutput`).
   *
   * @example
   * ```ts
   * import { agent, text, workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * const primary = agent('primary', { agentName: 'primary', alias: 'live' });
   * const backup = agent('backup', { agentName: 'backup', alias: 'live' });
   * export default workflow('answer', { input: z.object({ q: z.string().max(500) }) }, (flow) => {
   *   const first = flow.invoke(primary, { prompt: flow.input.q, catch: [{ goto: 'backup' }] });
   *   flow.succeed('answered', { output: first });
   *   flow.invoke(backup, { prompt: text`The primary failed (${flow.errorOf(first).Error}). ${flow.input.q}` });
   * });
   * ```
   */
  errorOf(step: Ref<unknown>): Ref<{ Error: string; Cause?: string }> {
    const ref = refExprOf(step);
    if (!ref || ref.root.kind !== 'step-result' || ref.path.length !== 0) {
      throw new DslError('invalid-error-ref', 'flow.errorOf(...) takes the reference a step returned (e.g. the result of flow.invoke).');
    }
    return createRef({ kind: 'step-error', stepId: ref.root.stepId }, STEP_ERROR_SCHEMA);
  }

  /**
   * Ends the workflow (or the current branch or iteration) successfully.
   *
   * @example
   * ```ts
   * import { workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('noop', { input: z.object({}) }, (flow) => {
   *   flow.succeed('done');
   * });
   * ```
   */
  succeed(id: string, options: { readonly output?: AnyInput; readonly comment?: string } = {}): void {
    const loc = callerLocation();
    checkStepId(id);
    const output = options.output === undefined ? undefined : toExpr(options.output, `succeed '${id}' output`);
    this.push(freezeNode({ kind: 'succeed', id, loc, comment: options.comment, output }));
  }

  /**
   * Ends the execution with an error name and cause.
   *
   * @example
   * ```ts
   * import { workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('stop', { input: z.object({}) }, (flow) => {
   *   flow.fail('rejected', { error: 'Report.Rejected', cause: 'The reviewer rejected the report.' });
   * });
   * ```
   */
  fail(id: string, options: { readonly error: string; readonly cause?: TextInput; readonly comment?: string }): void {
    const loc = callerLocation();
    checkStepId(id);
    if (typeof options?.error !== 'string' || options.error === '') throw new DslError('invalid-fail', `fail '${id}' needs an error name.`, { loc });
    const cause = options.cause === undefined ? undefined : toExpr(options.cause, `fail '${id}' cause`);
    this.push(freezeNode({ kind: 'fail', id, loc, comment: options.comment, error: options.error, cause }));
  }

  /** @internal */
  protected push(step: Step): void {
    checkBuilding(this, step);
    this.steps.push(step);
  }

  private pushWithResult(step: Step): Ref<unknown> {
    this.push(step);
    return createRef({ kind: 'step-result', stepId: step.id }, resultSchemaOf(step) ?? UNKNOWN_SCHEMA);
  }

  private taskCommon(id: string, options: TaskStepOptions | undefined, defaultTimeout: number | undefined, defaultRetry: readonly ReturnType<typeof normalizeRetry>[number][], loc: SourceLocation | undefined) {
    const timeout = options?.timeout === undefined ? defaultTimeout : toSeconds(options.timeout, `step '${id}' timeout`);
    return {
      id,
      loc,
      comment: options?.comment,
      timeoutSeconds: timeout as number,
      heartbeatSeconds: undefined as number | undefined,
      retry: Object.freeze(options?.retry === undefined ? [...defaultRetry] : normalizeRetry(options.retry)),
      defaultRetry: options?.defaultRetry ?? true,
      catch: Object.freeze(normalizeCatch(options?.catch)),
    };
  }

  private otherwise(id: string, value: OtherwiseInput | undefined, loc: SourceLocation | undefined): Otherwise {
    if (value === 'continue') return { kind: 'continue' };
    if (typeof value === 'function') return Object.freeze({ kind: 'steps', body: buildBlock(value, this.loops, `the otherwise of choice '${id}'`, loc, true) });
    if (value && typeof value === 'object' && 'fail' in value && typeof value.fail?.error === 'string') {
      return Object.freeze({ kind: 'fail', error: value.fail.error, cause: value.fail.cause });
    }
    throw new DslError('choice-without-default', `choice '${id}' needs otherwise: steps, 'continue', or { fail: { error } }.`, {
      loc,
      hint: 'Say what happens when no case matches; without a default the execution fails with States.NoChoiceMatched.',
    });
  }
}

const SESSIONS: readonly AgentSession[] = ['per-round', 'across-rounds'];

/** The invocation's session option; the default (`per-round`) is left out of the IR. */
function sessionOf(value: unknown, id: string, loc: SourceLocation | undefined): AgentSession | undefined {
  if (value === undefined || value === 'per-round') return undefined;
  if (value === 'across-rounds') return value;
  throw new DslError('invalid-invoke', `invoke '${id}' session must be ${SESSIONS.map((s) => `'${s}'`).join(' or ')}, not ${JSON.stringify(value) ?? String(value)}.`, {
    loc,
    hint: "Leave it out for a new session each loop round, or write session: 'across-rounds' to keep one session for all rounds.",
  });
}

/** A loop body: a flow that can also leave the loop. */
export class LoopFlow extends Flow {
  /** @internal */
  readonly loopId: string;
  /** The current round, counting from 0. */
  readonly iteration: Ref<number>;

  /** @internal */
  constructor(loops: readonly string[], loopId: string, maxIterations: number) {
    super(loops, `loop '${loopId}'`);
    this.loopId = loopId;
    this.iteration = createRef({ kind: 'loop-iteration', loopId }, roundSchema(maxIterations));
  }

  /**
   * Leaves the loop (continuing after it) when the condition holds. It may also be called in a choice arm of the
   * body (a `when` or `otherwise` body, at any depth of choices), where it checks only when that arm runs.
   *
   * @example
   * ```ts
   * import { workflow } from '@agentflow/dsl';
   * import { z } from 'zod';
   * export default workflow('poll', { input: z.object({}) }, (flow) => {
   *   flow.loop('poll', { maxIterations: 5 }, (loop) => {
   *     const verdict = loop.approval('check', { notify: 'reviewers', message: 'Ready?', timeout: { hours: 1 } });
   *     loop.exitWhen(verdict.approved);
   *   });
   * });
   * ```
   */
  exitWhen(condition: Condition | Computed<boolean | undefined>, options: { readonly id?: string; readonly comment?: string } = {}): void {
    const loc = callerLocation();
    const id = checkStepId(options.id ?? `${this.loopId}-exit`);
    const when: CondExpr = toCondition(condition, 'exitWhen(...) condition');
    const step = freezeNode<ExitLoopStep>({ kind: 'exit-loop', id, loc, comment: options.comment, loopId: this.loopId, when });
    const arm = armOf(this);
    if (arm) arm.steps.push(step);
    else this.push(step);
  }
}

/**
 * The choice arm being built inside `loop`'s body, when only choice arms lie between them. (An arm built in the body
 * but used by a choice outside the loop is the compiler's `exit-outside-loop`.)
 */
function armOf(loop: LoopFlow): Flow | undefined {
  const at = building.lastIndexOf(loop);
  if (at < 0 || at === building.length - 1 || closed.has(loop)) return undefined;
  const between = building.slice(at + 1);
  return between.every((f) => arms.has(f)) ? between[between.length - 1] : undefined;
}

/** Refuses a step added to a block that is not the one being built: it would run somewhere else than written. */
function checkBuilding(flow: Flow, step: Step): void {
  const current = building[building.length - 1];
  if (current === flow) return;
  const call = step.kind === 'exit-loop' ? 'exitWhen' : step.kind === 'agent' || step.kind === 'model' ? 'invoke' : step.kind;
  if (closed.has(flow)) {
    throw new DslError('builder-after-body-returned', `Step '${step.id}' (${call}(...)) is added to ${flow.label} after its body returned, so it would never be part of it.`, {
      loc: step.loc,
      hint: 'Call builders while the body runs, before it returns: not in callbacks, timers or after an await.',
    });
  }
  const inner = current?.label ?? 'another block';
  throw new DslError('builder-of-outer-block', `Step '${step.id}' (${call}(...)) is written inside ${inner} but added to ${flow.label}, so it would run outside ${inner}.`, {
    loc: step.loc,
    hint:
      step.kind === 'exit-loop'
        ? 'Call exitWhen(condition) in the loop body or in a choice arm of it (not in a map, parallel or nested loop), with the condition that should end the loop.'
        : `Call the builder on the flow that ${inner} receives, e.g. (b) => b.invoke(...) instead of flow.invoke(...).`,
  });
}

function loopExhausted(id: string, value: LoopExhaustedInput | undefined, loc: SourceLocation | undefined): LoopExhausted {
  if (value === undefined || value === 'fail' || value === 'continue') return value ?? 'fail';
  const fail = value && typeof value === 'object' && 'fail' in value ? value.fail : undefined;
  if (fail && typeof fail.error === 'string' && fail.error !== '' && typeof fail.cause === 'string') {
    return Object.freeze({ fail: Object.freeze({ error: fail.error, cause: fail.cause }) });
  }
  throw new DslError('invalid-loop', `loop '${id}' onExhausted must be 'fail', 'continue' or { fail: { error, cause } } with a non-empty error name.`, {
    loc,
    hint: "e.g. onExhausted: { fail: { error: 'Review.Rejected', cause: 'No approval after 3 rounds.' } }",
  });
}

function voteRule(id: string, rule: VoteRuleInput | undefined, voters: number, loc: SourceLocation | undefined): VoteRule {
  if (rule === 'majority') return { kind: 'majority' };
  if (rule === 'unanimous') return { kind: 'unanimous' };
  if (rule && typeof rule === 'object' && 'threshold' in rule) {
    if (!(rule.threshold > 0 && rule.threshold <= 1)) throw new DslError('invalid-vote', `vote '${id}' threshold must be in (0, 1].`, { loc });
    return { kind: 'threshold', ratio: rule.threshold };
  }
  if (rule && typeof rule === 'object' && 'bft' in rule) {
    const f = rule.bft?.f;
    if (!Number.isInteger(f) || f < 1) throw new DslError('invalid-vote', `vote '${id}' bft.f must be a whole number ≥ 1.`, { loc });
    if (voters < 3 * f + 1) {
      throw new DslError('bft-too-few-voters', `vote '${id}' tolerates f = ${f} faulty voters, which needs at least ${3 * f + 1} voters (3f+1); it has ${voters}.`, {
        loc,
        hint: `Add ${3 * f + 1 - voters} voter(s) or lower f.`,
      });
    }
    return { kind: 'bft', f };
  }
  throw new DslError('invalid-vote', `vote '${id}' rule must be 'majority', 'unanimous', { threshold: r } or { bft: { f } }.`, { loc });
}

function isChildWorkflow(value: unknown): value is ChildWorkflow {
  return typeof value === 'object' && value !== null && typeof (value as ChildWorkflow).name === 'string' && typeof (value as ChildWorkflow).build === 'function';
}

function maxTimeout(specs: readonly AgentSpec[]): number {
  return Math.max(...specs.map((s) => s.timeoutSeconds));
}
