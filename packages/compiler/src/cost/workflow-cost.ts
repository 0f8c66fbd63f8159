import { walkSteps, type AgentSpec, type ModelSpec, type Step, type WorkflowNode } from '@agentflow/dsl';
import { schemaBound } from '../passes/payload/schema-bounds/index.js';
import type { PricingConfig } from '../config/pricing-config.js';
import { stateNameOf } from '../passes/name-states/state-names.js';
import { effectiveChecks, maxLength } from '../passes/payload/schema-bounds/checks.js';
import type { PayloadReport } from '../passes/payload/payload-report.js';
import { compareCodePoints } from '../text/compare-code-points.js';
import { resolvePrices, type Prices } from './prices.js';
import { stateUsage, type UsageKind } from './service-usage.js';
import type { AslScope, AslState } from './state-graph.js';
import { countEntries, type TransitionBounds, type TransitionInputs } from './transitions.js';

/** The item of the Step Functions line: always the first line (every execution enters at least one state). */
export const STEP_FUNCTIONS_LINE = 'Step Functions transitions';

/** Items assumed for a Map whose array has no `.max()` (the payload analysis' default for unbounded arrays). */
export const UNBOUNDED_MAP_ITEMS = 100;

/** Tokens are estimated as bytes / 4 (a common average for English text; the payload analysis bounds bytes). */
export const BYTES_PER_TOKEN_ESTIMATE = 4;

export interface CostOptions {
  /** Executions per month to project, e.g. [100, 2000, 20000] (seed 000's S/M/L). */
  readonly volumes: readonly number[];
  /** Subtract Step Functions' 4,000 free transitions a month (off by default: an account shares them). */
  readonly freeTier?: boolean;
  readonly pricing?: PricingConfig;
}

/** One billed quantity: how much one execution uses, its unit price, and what that costs (null: no price known). */
export interface CostLine {
  readonly item: string;
  readonly unit: string;
  readonly perExecution: TransitionBounds;
  readonly usdPerUnit: number | null;
  readonly usd: TransitionBounds | null;
}

export interface MonthlyCost {
  readonly executions: number;
  readonly usd: TransitionBounds;
}

export interface WorkflowCost {
  readonly name: string;
  readonly transitions: TransitionBounds;
  readonly lines: readonly CostLine[];
  /** Sum of the priced lines, per execution (free tier not applied). */
  readonly usdPerExecution: TransitionBounds;
  readonly monthly: readonly MonthlyCost[];
  /** Assumptions and what could not be priced, sorted. */
  readonly notes: readonly string[];
  /**
   * The child executions this workflow starts, by state (sorted by state name): a priced child's own figures per
   * execution of it (already multiplied into `transitions` and `lines`), or why it is not priced.
   */
  readonly children: readonly ChildCost[];
}

/** A child execution started by one state: priced from its compiled definition, or not priced, with the reason. */
export type ChildCost =
  | { readonly state: string; readonly workflow: string; readonly priced: true; readonly transitions: TransitionBounds; readonly usdPerExecution: TransitionBounds }
  | { readonly state: string; readonly workflow: string; readonly priced: false; readonly reason: string };

/** A `flow.run` child as the compile found it: its cost facts, or why it cannot be priced. */
export interface ChildCostFacts {
  readonly state: string;
  readonly workflow: string;
  readonly facts?: CostFacts;
  readonly unpriced?: string;
}

export interface CostSource {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly ir: WorkflowNode | undefined;
  readonly payload: PayloadReport | undefined;
  /** The `flow.run` children, compiled (cost/child-facts.ts); none when absent. */
  readonly children?: readonly ChildCostFacts[];
}

/**
 * What pricing needs from a compile, as plain data (it crosses the CLI's worker-thread boundary, where the IR with
 * its zod schemas cannot): the definition, the IR's bounds and each token-using state's bounds.
 */
export interface CostFacts {
  readonly name: string;
  readonly definition: Record<string, unknown>;
  readonly inputs: TransitionInputs;
  /** State name → who prices its tokens and its answer's token bound; sorted by state name. */
  readonly tokens: readonly (readonly [string, TokenSource])[];
  /** State name → bound of its Arguments in bytes (the prompt travels in them). */
  readonly argumentBytes: Readonly<Record<string, number | null>>;
  /** The `flow.run` children by state, each with its own facts (or why it has none). */
  readonly children: readonly ChildCostFacts[];
}

export function costFacts(source: CostSource): CostFacts {
  return {
    name: source.name,
    definition: source.definition,
    inputs: transitionInputs(source.ir),
    tokens: [...tokenSources(source.ir)].sort(([a], [b]) => compareCodePoints(a, b)),
    argumentBytes: Object.fromEntries((source.payload?.states ?? []).map((row) => [row.state, row.argumentsBytes])),
    children: [...(source.children ?? [])].sort((a, b) => compareCodePoints(a.state, b.state)),
  };
}

/** What the IR knows and the ASL does not: loop bounds and Map item bounds, keyed by state name. */
export function transitionInputs(ir: WorkflowNode | undefined): TransitionInputs {
  const mapItems = new Map<string, number>();
  const loops: { states: Set<string>; maxIterations: number }[] = [];
  if (ir) {
    walkSteps(ir.body, (step: Step) => {
      if (step.kind === 'map') {
        const limit = step.itemsFrom?.maxItems ?? (step.items ? maxLength(effectiveChecks(step.items.schema)) : Infinity);
        if (Number.isFinite(limit)) mapItems.set(stateNameOf(step.id), limit);
      }
      if (step.kind === 'loop') {
        const states = new Set<string>([stateNameOf(step.id)]);
        walkSteps(step.body, (inner: Step) => void states.add(stateNameOf(inner.id)));
        loops.push({ states, maxIterations: step.maxIterations });
      }
    });
  }
  return { mapItems, loops, unboundedItems: UNBOUNDED_MAP_ITEMS };
}

const ZERO: TransitionBounds = { min: 0, expected: 0, max: 0 };
const scale = (b: TransitionBounds, k: number): TransitionBounds => ({ min: b.min * k, expected: b.expected * k, max: b.max * k });
const add = (a: TransitionBounds, b: TransitionBounds): TransitionBounds => ({ min: a.min + b.min, expected: a.expected + b.expected, max: a.max + b.max });

/** Transitions, adjacent services and Bedrock tokens of a compiled workflow, per execution and per month. */
export function workflowCost(facts: CostFacts, options: CostOptions): WorkflowCost {
  const definition = facts.definition as unknown as AslScope;
  const inputs = facts.inputs;
  const prices = resolvePrices(options.pricing);
  const notes = new Set<string>();
  const children = childCosts(facts, definition, options, notes);
  // One walk with each run step weighing one transition plus its child's: tighter than adding two maxima.
  const transitions = countEntries(definition, inputs, (name) => {
    const child = children.priced.get(name);
    return child ? add({ min: 1, expected: 1, max: 1 }, child.transitions) : 1;
  });
  transitions.notes.forEach((n) => notes.add(n));
  const usage = (kind: UsageKind): TransitionBounds => countEntries(definition, inputs, (_, state) => stateUsage(state)[kind]);
  const own: CostLine[] = [];
  const line = (item: string, unit: string, perExecution: TransitionBounds, usdPerUnit: number | null): void => {
    own.push({ item, unit, perExecution, usdPerUnit, usd: usdPerUnit === null ? null : scale(perExecution, usdPerUnit) });
  };
  const adapter = usage('adapterInvocations');
  const other = usage('otherLambdaInvocations');
  line('Lambda requests', 'request', add(adapter, other), prices.lambdaPerMillionRequests / 1e6);
  const gb = prices.lambdaMemoryMb / 1024;
  line('Lambda compute', 'GB-second', add(scale(adapter, gb * prices.agentSeconds), scale(other, gb * prices.otherSeconds)), prices.lambdaPerGbSecond);
  for (const tokens of tokenLines(facts, definition, inputs, prices, notes)) own.push(tokens);
  line('S3 PUT requests', 'request', usage('s3Puts'), prices.s3PutPer1k / 1000);
  line('S3 GET requests', 'request', usage('s3Gets'), prices.s3GetPer1k / 1000);
  line('SNS publishes', 'request', usage('snsPublishes'), prices.snsPerMillion / 1e6);
  line('EventBridge events', 'event', usage('eventBridgeEvents'), prices.eventBridgePerMillion / 1e6);
  line('SQS requests', 'request', usage('sqsRequests'), prices.sqsPerMillion / 1e6);
  line('DynamoDB reads', 'read unit', usage('dynamodbReads'), prices.dynamodbReadPerMillion / 1e6);
  line('DynamoDB writes', 'write unit', usage('dynamodbWrites'), prices.dynamodbWritePerMillion / 1e6);
  const sfnPerTransition = prices.stepFunctionsPer1kTransitions / 1000;
  const sfn: CostLine = { item: STEP_FUNCTIONS_LINE, unit: 'transition', perExecution: bounds(transitions), usdPerUnit: sfnPerTransition, usd: scale(bounds(transitions), sfnPerTransition) };
  const lines = [sfn, ...withChildLines(own, children.priced, definition, inputs).filter((l) => l.perExecution.max > 0)];
  const usdPerExecution = lines.reduce((total, l) => (l.usd ? add(total, l.usd) : total), ZERO);
  const freeUsd = options.freeTier ? (prices.freeTransitionsPerMonth * prices.stepFunctionsPer1kTransitions) / 1000 : 0;
  const monthly = options.volumes.map((executions) => {
    const total = scale(usdPerExecution, executions);
    // The free tier lowers only the Step Functions line, and never below zero.
    const free = (pick: (b: TransitionBounds) => number): number => Math.min(freeUsd, pick(sfn.usd!) * executions);
    return { executions, usd: { min: total.min - free((b) => b.min), expected: total.expected - free((b) => b.expected), max: total.max - free((b) => b.max) } };
  });
  return { name: facts.name, transitions: bounds(transitions), lines, usdPerExecution, monthly, notes: [...notes].sort(compareCodePoints), children: children.list };
}

const bounds = (b: TransitionBounds): TransitionBounds => ({ min: b.min, expected: b.expected, max: b.max });

/** Resources that start another state machine's execution (asl-facts §3.1; the SDK integration's names too). */
const STARTS_EXECUTION = /^arn:aws[-a-z]*:states:::(states:startExecution|aws-sdk:sfn:start(Sync)?Execution)/;

/**
 * Each child execution priced on its own (its own children included), and every state that starts one without a
 * priced child (a state machine named by ARN, a child that does not compile) noted: those figures are too low.
 */
function childCosts(facts: CostFacts, definition: AslScope, options: CostOptions, notes: Set<string>): { priced: Map<string, WorkflowCost>; list: ChildCost[] } {
  const priced = new Map<string, WorkflowCost>();
  const list: ChildCost[] = [];
  const known = new Map(facts.children.map((c) => [c.state, c]));
  for (const [state, node] of [...allStates(definition)].sort(([a], [b]) => compareCodePoints(a, b))) {
    const resource = typeof node['Resource'] === 'string' ? node['Resource'] : '';
    const child = known.get(state);
    if (child?.facts) {
      const cost = workflowCost(child.facts, options);
      priced.set(state, cost);
      list.push({ state, workflow: child.workflow, priced: true, transitions: cost.transitions, usdPerExecution: cost.usdPerExecution });
      for (const note of cost.notes) notes.add(note === TOKENS_NOTE ? note : `child '${child.workflow}' (state '${state}'): ${note}`);
    } else if (child || STARTS_EXECUTION.test(resource)) {
      const workflow = child?.workflow ?? startedMachine(node);
      const reason = child?.unpriced ?? 'it is named by ARN, not a workflow(...) this compile knows, so its definition is not read';
      list.push({ state, workflow, priced: false, reason });
      notes.add(`child '${workflow}' (state '${state}') not priced: ${reason}; its transitions and service usage are not counted`);
    }
  }
  return { priced, list };
}

/** The state machine a start-execution state names: the last part of a literal ARN, or that it is computed. */
function startedMachine(state: AslState): string {
  const args = (state['Arguments'] ?? state['Parameters'] ?? {}) as Record<string, unknown>;
  const arn = args['StateMachineArn'] ?? args['StateMachineArn.$'];
  if (typeof arn !== 'string' || arn.startsWith('{%') || arn.startsWith('$')) return '(state machine chosen at run time)';
  return arn.split(':').pop() ?? arn;
}

/**
 * The own lines plus what the children use, each child line multiplied by how often its state runs (the walk's
 * loops, Map items and retries); a line only a child has is added with the child's unit and price. The order is the
 * usual one: Lambda, Bedrock by key, S3, SNS, EventBridge, SQS, DynamoDB.
 */
function withChildLines(own: readonly CostLine[], children: ReadonlyMap<string, WorkflowCost>, definition: AslScope, inputs: TransitionInputs): CostLine[] {
  const byItem = new Map(own.map((l) => [l.item, l]));
  for (const [state, child] of [...children].sort(([a], [b]) => compareCodePoints(a, b))) {
    for (const childLine of child.lines) {
      if (childLine.item === STEP_FUNCTIONS_LINE) continue;
      const used = bounds(countEntries(definition, inputs, (name) => (name === state ? childLine.perExecution : ZERO)));
      const mine = byItem.get(childLine.item);
      const perExecution = mine ? add(mine.perExecution, used) : used;
      const usdPerUnit = mine ? mine.usdPerUnit : childLine.usdPerUnit;
      byItem.set(childLine.item, { item: childLine.item, unit: childLine.unit, perExecution, usdPerUnit, usd: usdPerUnit === null ? null : scale(perExecution, usdPerUnit) });
    }
  }
  return [...byItem.values()].sort((a, b) => lineRank(a.item) - lineRank(b.item) || compareCodePoints(tokenKey(a.item), tokenKey(b.item)) || compareCodePoints(a.item, b.item));
}

const LINE_ORDER = ['Lambda requests', 'Lambda compute', 'Bedrock', 'S3 PUT requests', 'S3 GET requests', 'SNS publishes', 'EventBridge events', 'SQS requests', 'DynamoDB reads', 'DynamoDB writes'];
const lineRank = (item: string): number => LINE_ORDER.indexOf(tokenKey(item) === '' ? item : 'Bedrock');
/** The agent or model of a token line ('' for other lines), so input and output lines of one key stay together. */
const tokenKey = (item: string): string => /^Bedrock (.*) (input|output) tokens$/.exec(item)?.[1] ?? '';

/** How tokens are estimated: said once per workflow, and once for a workflow and its children. */
const TOKENS_NOTE =
  "tokens are bytes / 4 of the bounds (prompt: the Arguments bound; answer: maxOutputTokens, else the smaller of maxOutputBytes and the schema bound, which counts worst-case JSON escaping), at their bounds in every column; an agent's orchestration prompts add tokens the definition does not show";

export interface TokenSource {
  readonly key: string;
  readonly fallbackKey: string | undefined;
  readonly outputTokens: number | undefined;
}

/** Input and output tokens per agent (or model), summed over the states that call it. */
function tokenLines(facts: CostFacts, definition: AslScope, inputs: TransitionInputs, prices: Prices, notes: Set<string>): CostLine[] {
  const callers = facts.tokens;
  const argumentBytes = new Map(Object.entries(facts.argumentBytes));
  const byKey = new Map<string, { input: TransitionBounds; output: TransitionBounds; price: Prices['models'][string] | undefined }>();
  const states = allStates(definition);
  for (const [stateName, caller] of callers) {
    const state = states.get(stateName);
    if (!state) continue;
    const calls = countEntries(definition, inputs, (name) => (name === stateName ? 1 : 0));
    const outputTokens = caller.outputTokens;
    const inBytes = argumentBytes.get(stateName) ?? null;
    if (inBytes === null) notes.add(`state '${stateName}' has no prompt bound in the payload report: its input tokens are not counted`);
    if (outputTokens === undefined) notes.add(`state '${stateName}' declares no output bound: its output tokens are not counted`);
    const price = prices.models[caller.key] ?? (caller.fallbackKey === undefined ? undefined : prices.models[caller.fallbackKey]);
    const entry = byKey.get(caller.key) ?? { input: ZERO, output: ZERO, price };
    byKey.set(caller.key, {
      input: add(entry.input, scale(calls, Math.ceil((inBytes ?? 0) / BYTES_PER_TOKEN_ESTIMATE))),
      output: add(entry.output, scale(calls, outputTokens ?? 0)),
      price,
    });
  }
  const lines: CostLine[] = [];
  for (const [key, entry] of [...byKey].sort(([a], [b]) => compareCodePoints(a, b))) {
    if (!entry.price) notes.add(`no price for '${key}' in pricing.models: its tokens are counted, not priced`);
    const price = (per1k: number | undefined): number | null => (per1k === undefined ? null : per1k / 1000);
    const tokenLine = (item: string, perExecution: TransitionBounds, usdPerUnit: number | null): CostLine => ({ item, unit: 'token', perExecution, usdPerUnit, usd: usdPerUnit === null ? null : scale(perExecution, usdPerUnit) });
    lines.push(tokenLine(`Bedrock ${key} input tokens`, entry.input, price(entry.price?.inputPer1k)));
    lines.push(tokenLine(`Bedrock ${key} output tokens`, entry.output, price(entry.price?.outputPer1k)));
  }
  if (lines.length > 0) notes.add(TOKENS_NOTE);
  return lines;
}

/** State name → who prices its tokens: an agent by its name (then its Bedrock agent name), a model by its id. */
function tokenSources(ir: WorkflowNode | undefined): Map<string, TokenSource> {
  const out = new Map<string, TokenSource>();
  if (!ir) return out;
  walkSteps(ir.body, (step: Step) => {
    const agent = (spec: AgentSpec): TokenSource => ({ key: spec.name, fallbackKey: 'name' in spec.agent ? spec.agent.name : undefined, outputTokens: answerTokens(spec) });
    if (step.kind === 'agent') out.set(stateNameOf(step.id), agent(step.agent));
    if (step.kind === 'vote') for (const voter of step.voters) out.set(stateNameOf(voter.id), agent(voter.agent));
    if (step.kind === 'model') out.set(stateNameOf(step.id), { key: step.model.modelId, fallbackKey: step.model.name, outputTokens: answerTokens(step.model) });
  });
  return out;
}

/**
 * Tokens of an answer: the declared `maxOutputTokens`, else the smaller of `maxOutputBytes` and the schema's byte
 * bound, over 4. (Not the request's `maxOutputBytes`: an offloaded answer returns only a pointer, yet the agent still
 * wrote all of it.) The schema bound counts the worst JSON escaping (up to 6 bytes a character), so it runs high.
 */
function answerTokens(spec: AgentSpec | ModelSpec): number | undefined {
  const declared = spec.outputBound;
  if (declared && 'tokens' in declared) return declared.tokens;
  const schema = schemaBound(spec.output);
  const bytes = Math.min(declared?.bytes ?? Infinity, schema.assumptions.length > 0 && declared ? Infinity : schema.bytes);
  return Number.isFinite(bytes) ? Math.ceil(bytes / BYTES_PER_TOKEN_ESTIMATE) : undefined;
}

/** Every state of the definition by name, nested scopes included (names are unique across scopes). */
function allStates(scope: AslScope, out = new Map<string, AslState>()): Map<string, AslState> {
  for (const [name, state] of Object.entries(scope.States)) {
    out.set(name, state);
    const processor = (state['ItemProcessor'] ?? state['Iterator']) as AslScope | undefined;
    if (processor) allStates(processor, out);
    for (const branch of (Array.isArray(state['Branches']) ? state['Branches'] : []) as AslScope[]) allStates(branch, out);
  }
  return out;
}
