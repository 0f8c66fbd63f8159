import type { z } from 'zod';
import type { Block, Expr, MapStep, RefExpr, SourceLocation, Step, WorkflowNode } from '@agentflow/dsl';
import { maxItemsOf } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import { outerReadsOf, type PathTree } from './outer-reads.js';
import { stateNameOf } from '../name-states/state-names.js';
import { rootKey, variableOf } from '../../emit/asl/root-keys.js';
import { DEFAULT_BOUND_OPTIONS, type Assumption } from './schema-bounds/index.js';
import { answerBound } from './answer-budget.js';
import { refCaps, wholeResultBounds } from './ref-caps.js';
import { jsonBytes, Sizer, type Measure } from './measure.js';
import type { PayloadOptions } from './payload-options.js';
import { storedSchemaOf } from './pointer.js';
import { outputSchemaOf } from '../../emit/asl/output-schema.js';
import { attemptEndsScope } from '../../emit/asl/emit-attempt.js';
import { blockAlwaysEnds, scopeSucceeds } from '../check-structure/check-blocks.js';
import { cachedItemMeasure } from './cached-item.js';

/** What a Lambda invoke wraps around the function's payload (StatusCode, ExecutedVersion, SDK metadata and headers). */
export const LAMBDA_ENVELOPE_BYTES = 2048;
/** Everything in an adapter request besides the prompt and schema: ids, session id, offload directive. */
const ADAPTER_REQUEST_BYTES = 2048;
/** A caught error: `Error` (≤ 256 characters) and `Cause` (≤ 32,768 characters), escaped. */
const ERROR_OUTPUT_BYTES = 6 * (256 + 32_768) + 30;
/**
 * The rest of an approval request (approval-request.schema.json) besides its message and subject: the responder's
 * function ARN, the task token (≤ 2,048 characters), the execution ARN (≤ 2,048), the topic ARN (≤ 300), the workflow
 * name and step id (≤ 80 each), the timeouts, kind, version, keys and quotes.
 */
const APPROVAL_FIXED_BYTES = 8192;
/** SendTaskSuccess accepts at most 262,144 bytes of output. */
const CALLBACK_LIMIT = 262_144;

/**
 * `output`: the value a scope returns (workflow, branch, iteration), which the state that ends it carries in its
 * `Output`; `childInput`: the input of each child execution of a Distributed Map (item and outer values); `cache`: a
 * cached agent's stored answer as its PutItem arguments and GetItem result carry it (cached-item.ts).
 */
export type MeasureName = 'input' | 'arguments' | 'result' | 'variable' | 'output' | 'childInput' | 'cache';

/** The workflow, Parallel branch or Map iteration whose returned value a state carries. */
export interface ScopeOwner {
  /** In words: `workflow 'x'`, `branch 'b' of parallel 'p'`, `an iteration of map 'm'`. */
  readonly what: string;
  /** Where the scope is declared: the workflow, or its parallel or map step. */
  readonly loc: SourceLocation | undefined;
  readonly path: string;
}

/** A scope's returned value, written into a state's `Output`. */
export interface ScopeReturn extends ScopeOwner {
  readonly expr: Expr;
}

export interface PayloadRow {
  readonly stepId: string;
  readonly state: string;
  readonly path: string;
  readonly loc: SourceLocation | undefined;
  readonly measures: Partial<Record<MeasureName, Measure>>;
  readonly offloaded: boolean;
  /** The step whose output is this state's input, when it is a step of the same block. */
  readonly inputFrom: string | undefined;
  /** The scope's returned value, when this state carries it in its `Output` (measured as `output`). */
  readonly returns?: ScopeReturn;
}

export interface PayloadAnalysis {
  readonly rows: readonly PayloadRow[];
  readonly variablesBytes: number;
  readonly assumptions: readonly { readonly stepId: string; readonly loc: SourceLocation | undefined; readonly assumption: Assumption }[];
}

const empty: Measure = { bytes: 0, dominant: undefined, dominantBytes: 0, assumptions: [] };
const max = (a: Measure, b: Measure) => (b.bytes > a.bytes ? b : a);
const plus = (m: Measure, bytes: number): Measure => ({ ...m, bytes: m.bytes + bytes });
/** Two parts of one payload: their bytes add up; the larger names what dominates. */
const sum = (a: Measure, b: Measure): Measure => ({ ...max(a, b), bytes: a.bytes + b.bytes, assumptions: [...a.assumptions, ...b.assumptions] });

/** Worst-case bytes at every state: its effective input, the arguments it sends, its result and its variable. */
export function analyzePayloads(workflow: WorkflowNode, options: PayloadOptions): PayloadAnalysis {
  // References read at most what the run-time limits on their roots let through (agent budgets, the input limit).
  const sizer = new Sizer(options.bounds, refCaps(workflow, new Sizer(options.bounds)), wholeResultBounds(workflow));
  let rows: PayloadRow[] = [];
  const label = labelOf;
  const measure = (expr: Expr, adapter = false) => sizer.expr(expr, label, adapter);
  const unknownBytes = options.bounds.unknownValue ?? DEFAULT_BOUND_OPTIONS.unknownValue;

  const resultOf = (step: Step): Measure | undefined => {
    if ((step.kind === 'agent' || step.kind === 'model') && !step.offload) {
      // The adapter enforces an agent's bound (maxOutputBytes in its request); a model's declaration is only trusted.
      const use = step.kind === 'agent' ? answerBound(step.agent, true, sizer) : answerBound(step.model, false, sizer);
      const spec = step.kind === 'agent' ? step.agent : step.model;
      return { bytes: use.bytes, dominant: `${spec.name} output`, dominantBytes: use.bytes, assumptions: use.assumptions };
    }
    const schema = storedSchemaOf(step);
    if (!schema) return undefined;
    if (step.kind === 'task' && step.integration.response !== undefined) {
      // A child execution's response: its output and the input it was started with, bounded by their schemas.
      const bound = sizer.schema(step.integration.response);
      return { bytes: bound.bytes, dominant: `${step.integration.resource} response`, dominantBytes: bound.bytes, assumptions: bound.assumptions };
    }
    if (step.kind === 'task' && step.integration.resultBytes !== undefined) {
      const bytes = step.integration.resultBytes;
      return { bytes, dominant: `${step.integration.resource} response`, dominantBytes: bytes, assumptions: [] };
    }
    const bound = sizer.schema(schema);
    let bytes = step.kind === 'approval' ? Math.min(bound.bytes, CALLBACK_LIMIT) : bound.bytes;
    // Run-time limits bound a result below its schema: an offloaded agent returns its inline fields and pointer within
    // its request's maxOutputBytes; a set variable holds only values that are capped themselves (ref-caps.ts).
    bytes = Math.min(bytes, sizer.caps.get(step.id) ?? bytes);
    // A Parallel's or inline Map's result is made of what its branches or iterations return, measured as those
    // states' outputs. The result schema types a template as an unbounded string (an assumed size), which can be
    // less than the template's measured bound: the result is at least what its parts are measured at.
    if (step.kind === 'parallel') bytes = Math.max(bytes, jsonRecordBytes(step.branches.map((b) => [b.name, b.result ? measure(b.result).bytes : unknownBytes])));
    let assumptions = bound.assumptions;
    if (step.kind === 'map' && !step.distributed?.writer && step.result) {
      // The result array is the iterations' returned values: items × the measured iteration result. That measure is
      // a bound by construction, tighter than the result schema (which types a template as an unbounded string).
      const { count, assumed } = itemCount(step, options);
      const iteration = measure(step.result);
      bytes = count === 0 ? 2 : 2 + count * iteration.bytes + (count - 1);
      assumptions = assumed ? [...iteration.assumptions, { path: '', reason: `map items without .max() (assumed ${count} items)`, assumedBytes: bytes }] : iteration.assumptions;
    }
    return { bytes, dominant: describeResult(step), dominantBytes: bytes, assumptions };
  };

  const argumentsOf = (step: Step): Measure | undefined => {
    switch (step.kind) {
      case 'agent':
        return plus(measure(step.prompt, true), ADAPTER_REQUEST_BYTES + outputSchemaBytes(step.agent.output));
      case 'vote':
        return plus(measure(step.proposal, true), ADAPTER_REQUEST_BYTES + 512);
      case 'model':
        return plus(measure(step.body), 512);
      case 'task':
        return measure(step.integration.arguments);
      case 'approval':
        // The message and subject are JSON values of the request's Payload, escaped once like any other argument; a
        // message splicing offloaded values carries their pointers as `messageParts`, measured as an agent prompt's
        // `inputParts` (the responder reads the values themselves from S3).
        return plus(sum(measure(step.message, true), step.subject ? measure(step.subject) : empty), APPROVAL_FIXED_BYTES);
      default:
        return undefined;
    }
  };

  // State output = the next state's input: a Task's raw result, a container's result array, a Pass/Choice/Wait's input.
  const outputOf = (step: Step, input: Measure, result: Measure | undefined): Measure => {
    if (!result) return input;
    if (step.kind === 'agent' || (step.kind === 'task' && step.integration.isLambda)) return plus(result, LAMBDA_ENVELOPE_BYTES);
    if (step.kind === 'model' || step.kind === 'task' || step.kind === 'approval' || step.kind === 'map' || step.kind === 'parallel' || step.kind === 'vote') return result;
    return input;
  };

  // What each root key's value is, for sizing the outer values a Distributed Map child receives (listed at the first
  // one: most workflows have none).
  let roots: Map<string, z.ZodType> | undefined;
  /** An iteration's input: `{index, value}` plus, for a Distributed Map, the parts of outer values it reads. */
  const childInputOf = (step: MapStep, prefix: string): Measure => {
    // A child also receives the index of every enclosing map and the round of every enclosing loop (for session ids
    // and offload keys): at most one per step of its path, each a key and a whole number.
    const indexes = (prefix.split('/').length - 1) * INDEX_ENTRY_BYTES;
    const outer = step.distributed ? outerBytes(step, sizer, (roots ??= rootSchemas(workflow)), unknownBytes) + indexes : 0;
    const base = step.items ? sizer.expr(step.items, label) : { ...empty, dominant: `items of ${step.id}` };
    return { ...base, bytes: itemBytes(step, sizer) + 64 + outer };
  };

  /** False while a block is analysed only for what it ends with; its rows then go to a scratch list. */
  let recording = true;
  const rounds = new Map<Block, Map<string, Measure>>();
  /**
   * What `steps` ends with for this input, without recording rows. The result depends only on the input's measure and
   * the nesting depth (a Distributed Map child's input counts its enclosing map indexes), so it is memoised by those.
   */
  const endOfRound = (steps: Block, input: Measure, prefix: string, owner: ScopeOwner): Measure => {
    const key = `${input.bytes}\u0000${input.dominantBytes}\u0000${input.dominant ?? ''}\u0000${prefix.split('/').length}`;
    let byInput = rounds.get(steps);
    if (!byInput) rounds.set(steps, (byInput = new Map()));
    const known = byInput.get(key);
    if (known) return known;
    const saved = rows;
    const wasRecording = recording;
    rows = [];
    recording = false;
    try {
      const end = block(steps, input, prefix, owner);
      byInput.set(key, end);
      return end;
    } finally {
      rows = saved;
      recording = wasRecording;
    }
  };

  const block = (steps: Block, input: Measure, prefix: string, owner: ScopeOwner, inputFrom?: string): Measure => {
    let current = input;
    let from = inputFrom;
    const catchTargets = new Set(steps.flatMap((s) => ('catch' in s ? s.catch.map((c) => c.next) : [])));
    for (const step of steps) {
      if (catchTargets.has(step.id)) current = max(current, { ...empty, bytes: ERROR_OUTPUT_BYTES, dominant: 'a caught error' });
      const path = `${prefix}/${step.id}`;
      if (step.kind === 'attempt') {
        // No state of its own: its body's and handlers' states are rows of this block. A handler starts with the
        // caught error as its input (or, after a thrown fail, what reached it); the join gets what either path ends with.
        // A retried body is the one branch of a Parallel state named after the attempt: its result is `[value]`.
        const retried = step.retry.length > 0;
        const bodyEnd = retried
          ? scope(step.body, step.result, current, path, `${stateNameOf(step.id)} Body Done`, { what: `the body of attempt '${step.id}'`, loc: step.loc, path })
          : block(step.body, current, path, owner, from);
        if (retried) rows.push({ stepId: `${step.id}#parallel`, state: stateNameOf(step.id), path, loc: step.loc, measures: { input: current, result: plus(bodyEnd, 2) }, offloaded: false, inputFrom: from });
        const caught = max(max(current, bodyEnd), { ...empty, bytes: ERROR_OUTPUT_BYTES, dominant: 'a caught error' });
        let out = max(bodyEnd, caught);
        for (const h of step.handlers) out = max(out, block(h.body, caught, path, owner));
        // Its variable holds the value of the path taken.
        const values = [step.result, ...step.handlers.map((h) => h.result)].filter((r): r is Expr => r !== undefined).map((r) => measure(r));
        if (values.length > 0) {
          const variable = values.reduce(max);
          rows.push({ stepId: step.id, state: `${stateNameOf(step.id)} (attempt value)`, path, loc: step.loc, measures: { variable }, offloaded: false, inputFrom: undefined });
        }
        if (out !== current) from = step.id;
        current = out;
        continue;
      }
      const result = resultOf(step);
      const measures: Partial<Record<MeasureName, Measure>> = { input: current };
      const args = argumentsOf(step);
      if (args) measures.arguments = args;
      if (result) {
        measures.result = result;
        measures.variable = result;
        // The variable keeps only the typed part (resultPath) of a response that carries more (a child's input).
        if (step.kind === 'task' && step.integration.response !== undefined) {
          const kept = sizer.schema(step.integration.output);
          measures.variable = { bytes: kept.bytes, dominant: describeResult(step), dominantBytes: kept.bytes, assumptions: kept.assumptions };
        }
      }
      if (step.kind === 'set' || step.kind === 'assign') measures.variable = measure(step.value);
      if (step.kind === 'agent' && step.cache && result) measures.cache = cachedItemMeasure(result);
      // Each Distributed Map child is an execution whose input (item and outer values) has the same limit.
      if (step.kind === 'map' && step.distributed) measures.childInput = childInputOf(step, prefix);
      // A Succeed with an output ends the scope with that value.
      const returns = step.kind === 'succeed' && step.output ? { ...owner, expr: step.output } : undefined;
      if (returns) measures.output = measure(returns.expr);
      const rowIndex = rows.length;
      rows.push({ stepId: step.id, state: stateNameOf(step.id), path, loc: step.loc, measures, offloaded: 'offload' in step && step.offload !== undefined, inputFrom: from, ...(returns ? { returns } : {}) });
      let out = outputOf(step, current, result);
      if (step.kind === 'parallel') {
        // The Parallel's raw result is the array of what each branch ends with, whether or not anything reads it.
        let collected = 2 + Math.max(0, step.branches.length - 1);
        const ends: [string, number][] = [];
        for (const b of step.branches) {
          const exit = `${stateNameOf(step.id)} ${stateNameOf(b.name)} Done`;
          const bytes = scope(b.body, b.result, current, path, exit, { what: `branch '${b.name}' of parallel '${step.id}'`, loc: step.loc, path }, true).bytes;
          collected += bytes;
          ends.push([b.name, bytes]);
        }
        const branches: Measure = { bytes: collected, dominant: `the branch results of '${step.id}'`, dominantBytes: collected, assumptions: [] };
        // Its variable is the record of what the branches end with (a succeed's output may exceed the branch's value).
        const recordBytes = jsonRecordBytes(ends);
        const record: Measure = { bytes: recordBytes, dominant: `the branch results of '${step.id}'`, dominantBytes: recordBytes, assumptions: [] };
        const row = rows[rowIndex]!;
        rows[rowIndex] = { ...row, measures: { ...row.measures, result: max(row.measures.result ?? empty, branches), ...(row.measures.variable ? { variable: max(row.measures.variable, record) } : {}) } };
        out = max(out, branches);
      }
      if (step.kind === 'map') {
        const item = childInputOf(step, prefix);
        const iteration = scope(step.body, step.result, item, path, `${stateNameOf(step.id)} Done`, { what: `an iteration of map '${step.id}'`, loc: step.loc, path }, true);
        if (!step.distributed?.writer) {
          // Without a ResultWriter the Map's raw result is the array of what each iteration ends with, whether or not
          // anything reads it: it becomes the next state's input.
          const { count, assumed } = itemCount(step, options);
          // A tolerated failed child keeps its slot as its Map Run record (docs/simulator.md §7), larger than a value.
          const failed = toleratedFailures(step, count);
          const record = Math.max(iteration.bytes, failedChildBytes(item.bytes));
          const bytes = count === 0 ? 2 : 2 + (count - failed) * iteration.bytes + failed * record + (count - 1);
          const reason = `map items without .max() (assumed ${count} items)`;
          const iterations: Measure = { bytes, dominant: `the iteration results of '${step.id}'`, dominantBytes: bytes, assumptions: assumed ? [{ path: '', reason, assumedBytes: bytes }] : [] };
          const row = rows[rowIndex]!;
          // Its variable is that same array (`$states.result`).
          rows[rowIndex] = { ...row, measures: { ...row.measures, result: max(row.measures.result ?? empty, iterations), ...(row.measures.variable ? { variable: max(row.measures.variable, iterations) } : {}) } };
          out = max(out, iterations);
        }
      }
      if (step.kind === 'choice') {
        const arms = [...step.cases.map((c) => c.body), ...(step.otherwise.kind === 'steps' ? [step.otherwise.body] : [])];
        for (const arm of arms) out = max(out, block(arm, current, path, owner, from));
      }
      if (step.kind === 'loop') {
        // Round 1 enters with the loop's input, every later round with what a round ends with: the rows come from one
        // analysis with the larger of both. What a round ends with is computed without rows and memoised, so loops
        // nested n deep cost n analyses of each body instead of 2^n.
        const later = max(current, endOfRound(step.body, current, path, owner));
        out = max(out, recording ? block(step.body, later, path, owner, from) : endOfRound(step.body, later, path, owner));
      }
      if (out !== current) from = step.id;
      current = out;
    }
    return current;
  };

  /**
   * A workflow, Parallel branch or Map iteration (as emitScope emits it): its returned value is the `Output` of its
   * last state, or of the Succeed state `exit` appended after a last step that branches (choice, loop). Returns a
   * bound of what the scope ends with: the returned value when it has one — check-blocks rejects every other way out
   * of a branch or iteration that returns a value — else the raw output of its last state.
   */
  const scope = (steps: Block, value: Expr | undefined, input: Measure, prefix: string, exit: string, owner: ScopeOwner, container = false): Measure => {
    const start = rows.length;
    const end = block(steps, input, prefix, owner);
    const last = steps[steps.length - 1];
    if (value === undefined || !last || last.kind === 'fail' || (last.kind === 'succeed' && last.output)) {
      return last?.kind === 'succeed' && last.output ? max(end, measure(last.output)) : end;
    }
    const returns: ScopeReturn = { ...owner, expr: value };
    let output = measure(value);
    if (container) {
      // A branch or iteration may end early through a succeed (check-blocks allows it when the body returns
      // nothing): with an output, that output is its value; without one, its Succeed state carries the scope's value
      // (emitScope), measured on its row like a last state's.
      const succeeds = scopeSucceeds(steps);
      const early = new Set(succeeds.filter((s) => !s.output).map((s) => s.id));
      for (let i = start; i < rows.length; i++) {
        const row = rows[i]!;
        if (early.has(row.stepId)) rows[i] = { ...row, measures: { ...row.measures, output }, returns };
      }
      for (const s of succeeds) if (s.output) output = max(output, measure(s.output));
      // Every path ends in a succeed or fail: no state after the last step carries the value.
      if (blockAlwaysEnds(steps)) return output;
    }
    if (last.kind === 'attempt' && attemptEndsScope(last)) {
      // Each path that goes on ends the scope on its last state, with the scope's value as that state's Output.
      const ends = [last.body, ...last.handlers.map((h) => h.body)].filter((b) => !blockAlwaysEnds(b)).map((b) => b[b.length - 1]!.id);
      for (let i = rows.length - 1; i >= start; i--) {
        const row = rows[i]!;
        if (ends.includes(row.stepId)) rows[i] = { ...row, measures: { ...row.measures, output }, returns };
      }
      return output;
    }
    if (last.kind === 'choice' || last.kind === 'loop' || last.kind === 'attempt') {
      rows.push({ stepId: `${owner.path}#return`, state: exit, path: `${prefix}/${exit}`, loc: owner.loc, measures: { output }, offloaded: false, inputFrom: undefined, returns });
      return output;
    }
    // The last step's row of this pass (a scope inside a loop body is analysed once a pass).
    for (let i = rows.length - 1; i >= start; i--) {
      const row = rows[i]!;
      if (row.stepId !== last.id) continue;
      rows[i] = { ...row, measures: { ...row.measures, output }, returns };
      break;
    }
    return output;
  };

  const input = sizer.schema(workflow.input);
  // StartExecution rejects larger inputs, so the execution input never exceeds the service limit.
  const entry = { bytes: Math.min(input.bytes, 262_144), dominant: '$input', dominantBytes: input.bytes, assumptions: input.assumptions };
  scope(workflow.body, workflow.output, entry, workflow.name, 'Done', { what: `workflow '${workflow.name}'`, loc: workflow.loc, path: workflow.name });

  // One row per state: a step analysed in more than one context keeps the largest of each measure.
  const unique = new Map<string, PayloadRow>();
  for (const row of rows) {
    const key = row.stepId;
    const prev = unique.get(key);
    unique.set(key, prev ? mergeRows(prev, row) : row);
  }
  const final = [...unique.values()];
  // An assumption is reported where the value is produced (a step's result), not at every state it flows through.
  const assumptions = final.flatMap((r) => (r.measures.result?.assumptions ?? []).map((assumption) => ({ stepId: r.stepId, loc: r.loc, assumption })));
  return {
    rows: final,
    variablesBytes: final.reduce((n, r) => n + (r.measures.variable?.bytes ?? 0), 0),
    assumptions: dedupe([...input.assumptions.map((assumption) => ({ stepId: workflow.name, loc: workflow.loc, assumption })), ...assumptions]),
  };
}

/** `$variable.path` (or the context field) a reference reads, naming it in the report; one string per reference object. */
function labelOf(ref: RefExpr): string {
  let label = labels.get(ref);
  if (label === undefined) {
    const key = rootKey(ref.root);
    label = [key ? `$${variableOf(key)}` : `$states.context.${ref.root.kind === 'execution' ? `Execution.${ref.root.field}` : 'Task.Token'}`, ...ref.path].join('.');
    labels.set(ref, label);
  }
  return label;
}

const labels = new WeakMap<RefExpr, string>();

/** Bytes of the JSON Schema an agent request carries; agents share output schemas, so each is serialised once. */
function outputSchemaBytes(output: z.ZodType): number {
  let bytes = schemaBytes.get(output);
  if (bytes === undefined) schemaBytes.set(output, (bytes = jsonBytes(outputSchemaOf(output))));
  return bytes;
}

const schemaBytes = new WeakMap<z.ZodType, number>();

/** Bytes of a JSON object with these keys and value sizes. */
function jsonRecordBytes(fields: readonly (readonly [string, number])[]): number {
  return 2 + fields.reduce((n, [key, bytes]) => n + jsonBytes(key) + 1 + bytes, 0) + Math.max(0, fields.length - 1);
}

function itemBytes(step: Extract<Step, { kind: 'map' }>, sizer: Sizer): number {
  return sizer.schema(step.itemSchema).bytes;
}

/**
 * How many children of a Distributed Map can fail without failing the map: at most `ToleratedFailureCount`, and at
 * most `ToleratedFailurePercentage` percent of the items (either threshold exceeded fails the Map Run; ASL spec,
 * "Map State Failure Tolerance"; AWS DG "Tolerated failure threshold for Distributed Map state").
 */
function toleratedFailures(step: MapStep, count: number): number {
  if (!Number.isFinite(count)) return 0;
  let tolerated = count;
  if (step.toleratedFailureCount !== undefined) tolerated = Math.min(tolerated, step.toleratedFailureCount);
  if (step.toleratedFailurePercentage !== undefined) tolerated = Math.min(tolerated, Math.floor((step.toleratedFailurePercentage * count) / 100));
  return step.toleratedFailureCount === undefined && step.toleratedFailurePercentage === undefined ? 0 : tolerated;
}

/**
 * The ARNs, name, dates and fixed fields of a failed child's record: `ExecutionArn` and `StateMachineArn` (≤ 2,048
 * characters each), `Name` (≤ 80), `StartDate`/`StopDate` (≤ 40 each) at up to 4 UTF-8 bytes a character, plus the
 * keys, `Status`, `InputDetails` and `RedriveCount`/`RedriveStatus`.
 */
const FAILED_CHILD_FIXED_BYTES = 4 * (2 * 2048 + 80 + 2 * 40) + 512;

/**
 * A tolerated failed child's slot in a Distributed Map's result (AWS DG "input-output-resultwriter": failed children
 * are returned unchanged, as with `Transformation: NONE`): its `Input` as a JSON string — each byte of the child's
 * input JSON at most twice once escaped (a quote or a backslash; `\\u0001` for `\u0001`) — its `Error` and `Cause`, and
 * the fixed fields.
 */
function failedChildBytes(childInputBytes: number): number {
  return FAILED_CHILD_FIXED_BYTES + 2 * childInputBytes + 2 + ERROR_OUTPUT_BYTES;
}

/** How many items a map iterates at most; items read from S3 without `maxItems` have no bound. */
function itemCount(step: MapStep, options: PayloadOptions): { count: number; assumed: boolean } {
  if (step.itemsFrom) return { count: step.itemsFrom.maxItems ?? Number.POSITIVE_INFINITY, assumed: false };
  const max = step.items ? maxItemsOf(step.items.schema) : undefined;
  if (max !== undefined) return { count: max, assumed: false };
  return { count: options.bounds.unboundedArrayItems ?? DEFAULT_BOUND_OPTIONS.unboundedArrayItems, assumed: true };
}

/** The schema of each root key's whole value (workflow input, step results as stored, map items). */
function rootSchemas(workflow: WorkflowNode): Map<string, z.ZodType> {
  const out = new Map<string, z.ZodType>([['input', workflow.input]]);
  eachStep(workflow.body, (step: Step) => {
    const stored = storedSchemaOf(step);
    if (stored) out.set(`result:${step.id}`, stored);
    if (step.kind === 'map') out.set(`item:${step.id}`, step.itemSchema);
  });
  return out;
}

/**
 * An enclosing map's index or loop's round in a child's `outer`: `"<mapId>Index": <n>,` or `"<loopId>": <n>,` with a
 * variable name of ≤ 80 characters.
 */
const INDEX_ENTRY_BYTES = 112;

/**
 * The execution's Id (an ARN, ≤ 2,048 characters), Name (≤ 80) and StartTime (≤ 40) every child receives, at up to 4
 * UTF-8 bytes a character (a name may be non-ASCII), with their keys and quotes.
 */
const EXECUTION_OUTER_BYTES = 4 * (2048 + 80 + 40) + 96;

/** Bytes of the `outer` record a Distributed Map child receives: only the parts of outer values its body reads. */
function outerBytes(step: MapStep, sizer: Sizer, roots: ReadonlyMap<string, z.ZodType>, unknownBytes: number): number {
  const reads = outerReadsOf(step);
  const fields: [string, number][] = reads.map((r) => {
    const schema = roots.get(r.key);
    const whole = r.key.startsWith('error:') ? ERROR_OUTPUT_BYTES : schema ? sizer.schema(schema).bytes : unknownBytes;
    return [variableOf(r.key), r.whole ? whole : treeBytes(r.tree, sizer)];
  });
  return jsonRecordBytes(fields) + EXECUTION_OUTER_BYTES + 10;
}

function treeBytes(tree: PathTree, sizer: Sizer): number {
  return jsonRecordBytes([...tree.fields].map(([name, sub]) => [name, sub.leaf.length > 0 ? Math.max(...sub.leaf.map((r) => sizer.schema(r.schema).bytes)) : treeBytes(sub, sizer)]));
}

function mergeRows(a: PayloadRow, b: PayloadRow): PayloadRow {
  const measures: Partial<Record<MeasureName, Measure>> = { ...a.measures };
  for (const [k, m] of Object.entries(b.measures) as [MeasureName, Measure][]) measures[k] = measures[k] ? max(measures[k]!, m) : m;
  return { ...a, measures };
}

function describeResult(step: Step): string {
  switch (step.kind) {
    case 'map':
      return `items × iteration result of ${step.id}`;
    case 'parallel':
      return `branch results of ${step.id}`;
    case 'set':
      return `value of ${step.id}`;
    default:
      return `${step.kind} result of ${step.id}`;
  }
}

function dedupe<T extends { stepId: string; assumption: Assumption }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.stepId}\u0000${i.assumption.path}\u0000${i.assumption.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
