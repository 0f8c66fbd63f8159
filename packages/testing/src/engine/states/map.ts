import type { Graph } from '../asl.js';
import { bindingsOf, contextOf } from '../bindings.js';
import { Cancelled, ERR, queryError, SimulationSetupError, StatesError } from '../errors.js';
import { childExecution } from '../child-execution.js';
import { fanOut } from '../fan-out.js';
import { abortFrame, childFrame, event, topFrame, type Frame, type MapRunInfo, type MapRunResult } from '../frame.js';
import { transformResults } from '../map-run.js';
import { NON_NEGATIVE_INTEGER, numberField, PERCENTAGE, wrongValue } from '../numbers.js';
import { finishState, nextOf, noted, type StepOutcome, type Visit } from '../outcome.js';
import { checkPayload, jsonBytes, type Sized } from '../payload-limit.js';
import { reportEvaluation } from '../recover.js';
import { evaluateTemplate } from '../template.js';
import { VariableScope } from '../variables.js';

/** Inline Map runs at most 40 iterations at once (developer guide, "state-map-inline"). */
const INLINE_CONCURRENCY = 40;
/** A Distributed Map runs at most 10,000 child executions at once (developer guide, "state-map-distributed"). */
const DISTRIBUTED_CONCURRENCY = 10_000;

/**
 * Map (ASL spec, "Map State"): `ItemReader` → `Items` (default: the input) → per item `ItemSelector` (with
 * `$states.context.Map.Item`) → `ItemBatcher` → `ItemProcessor` → result (array in item order, or the ResultWriter
 * object) → `Output`/`Assign`. Inline, each iteration is a scope of this execution reading the outer variables and
 * the first failure fails the state with the iteration's error unchanged; distributed, each item is a child
 * execution of its own (no outer variables, no events here) and failures up to the tolerated threshold are kept.
 */
export async function mapAttempt(visit: Visit, retryCount: number): Promise<StepOutcome> {
  const { frame, state, name } = visit;
  const context = contextOf(frame, name, visit.enteredAt, retryCount);
  const bindings = bindingsOf(frame, { input: visit.input, context });
  const processor = (state.ItemProcessor ?? state.Iterator)!;
  let result: unknown;
  let resultSized: Sized;
  try {
    result = state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED' ? await runDistributed(visit, processor, context, bindings) : await runInline(visit, processor, context, bindings);
    resultSized = noted(visit, checkPayload(result, 'result', name));
  } catch (error) {
    if (error instanceof StatesError) {
      reportEvaluation(visit, error);
      event(frame, 'MapStateFailed');
    }
    throw error;
  }
  event(frame, 'MapStateSucceeded');
  const after = bindingsOf(frame, { input: visit.input, context, result });
  return finishState(visit, state, after, result, '', nextOf(state), resultSized);
}

async function runInline(visit: Visit, processor: Graph, context: Record<string, unknown>, bindings: Record<string, unknown>): Promise<unknown[]> {
  const { frame, name } = visit;
  const items = await itemsOf(visit, bindings);
  const limit = await numberField(visit.state.MaxConcurrency, bindings, visit, 'MaxConcurrency', 0, NON_NEGATIVE_INTEGER);
  event(frame, 'MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
  return fanOut(
    items.length,
    limit === 0 ? INLINE_CONCURRENCY : Math.min(limit, INLINE_CONCURRENCY),
    async (index) => {
      const selected = await selectItem(visit, context, items[index], index);
      const vars = frame.vars.child();
      const child = childFrame(frame, vars, [...frame.path, name, String(index)], [...frame.mapIndex, index], { name, index });
      try {
        event(child, 'MapIterationStarted', { mapIterationStartedEventDetails: { name, index } });
        const output = await frame.exec.runGraph(child, processor, selected);
        event(child, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: { name, index } });
        // The Map's own next event follows the iteration that ended last (REC).
        if (!child.cancelled()) frame.lastEvent = child.lastEvent;
        return output;
      } catch (error) {
        if (error instanceof StatesError && !child.cancelled()) {
          event(child, 'MapIterationFailed', { mapIterationFailedEventDetails: { name, index } });
          frame.lastEvent = child.lastEvent;
        }
        throw error;
      } finally {
        frame.kids.delete(child);
        vars.release();
      }
    },
    () => {
      for (const kid of [...frame.kids]) abortFrame(kid);
    },
  );
}

async function runDistributed(visit: Visit, processor: Graph, context: Record<string, unknown>, bindings: Record<string, unknown>): Promise<unknown> {
  const { frame, state, name } = visit;
  const exec = frame.exec;
  const reader = state.ItemReader;
  const readerArgs = reader ? await evaluateTemplate(reader.Arguments ?? {}, bindings, visit, 'ItemReader/Arguments') : undefined;
  const listed = reader ? undefined : await itemsOf(visit, bindings);
  const limit = await numberField(state.MaxConcurrency, bindings, visit, 'MaxConcurrency', 0, NON_NEGATIVE_INTEGER);
  const count = state.ToleratedFailureCount === undefined ? undefined : await numberField(state.ToleratedFailureCount, bindings, visit, 'ToleratedFailureCount', 0, NON_NEGATIVE_INTEGER);
  const percent = state.ToleratedFailurePercentage === undefined ? undefined : await numberField(state.ToleratedFailurePercentage, bindings, visit, 'ToleratedFailurePercentage', 0, PERCENTAGE);
  // The length is 0 when the items come from an ItemReader (REC/assign/test_assign_reference_variables).
  event(frame, 'MapStateStarted', { mapStateStartedEventDetails: { length: listed ? listed.length : 0 } });
  const label = typeof state.Label === 'string' ? state.Label : name;
  const runId = exec.uuid();
  const stateMachineArn = `${String(exec.context.StateMachine['Id'])}/${label}`;
  const info: MapRunInfo = { mapRunArn: `arn:aws:states:${exec.region}:${exec.account}:mapRun:${exec.machineName}/${label}:${runId}`, id: runId, stateMachineArn };
  event(frame, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn: info.mapRunArn } });
  const records: MapRunResult[] = [];
  const writer = state.ResultWriter;
  try {
    const items = listed ?? (await exec.services.readItems(frame, name, reader!, readerArgs));
    const selected: unknown[] = [];
    for (let i = 0; i < items.length; i++) selected.push(await selectItem(visit, context, items[i], i));
    const inputs = await batch(visit, bindings, selected);
    for (let index = 0; index < inputs.length; index++) records.push({ index, input: inputs[index], status: 'PENDING' });
    const running = new Map<Frame, number>();
    let failures = 0;
    await fanOut(
      inputs.length,
      limit === 0 ? DISTRIBUTED_CONCURRENCY : limit,
      async (index) => {
        const input = inputs[index];
        const childExec = childExecution(exec, label, input);
        const child = topFrame(childExec, new VariableScope(), [...frame.path, name, String(index)], [...frame.mapIndex, index], frame);
        const base = { index, input, executionArn: String(childExec.context.Execution['Id']), name: String(childExec.context.Execution['Name']), startDate: String(childExec.context.Execution['StartTime']) };
        records[index] = { ...base, status: 'ABORTED', error: 'States.Aborted', cause: 'The Map Run stopped the execution.' };
        running.set(child, index);
        try {
          const output = await childExec.runExecution(child, processor, input);
          records[index] = { ...base, status: 'SUCCEEDED', output, stopDate: childExec.history.timestamp() };
        } catch (error) {
          if (!(error instanceof StatesError)) throw error;
          if (child.cancelled()) throw new Cancelled();
          records[index] = { ...base, status: 'FAILED', error: error.error, ...(error.causeText !== undefined ? { cause: error.causeText } : {}), stopDate: childExec.history.timestamp() };
          failures++;
          if (overThreshold(failures, inputs.length, count, percent)) {
            throw new StatesError(
              ERR.ExceedToleratedFailureThreshold,
              `The Map Run '${info.mapRunArn}' failed: ${failures} of ${inputs.length} child executions failed, over the tolerated failure threshold` +
                ` (ToleratedFailureCount ${count ?? 'unset'}, ToleratedFailurePercentage ${percent ?? 'unset'}).`,
            );
          }
        } finally {
          running.delete(child);
          exec.childTransitions += childExec.transitions + childExec.childTransitions;
          exec.otherWorkflowTransitions += childExec.otherWorkflowTransitions;
        }
      },
      () => {
        for (const [child, index] of running) {
          abortFrame(child, true);
          records[index] = { ...records[index]!, stopDate: child.exec.history.timestamp() };
        }
      },
    );
  } catch (error) {
    if (error instanceof StatesError && !frame.cancelled()) {
      if (writer?.Resource !== undefined && records.length > 0) await writeResults(visit, bindings, info, records).catch(() => undefined);
      event(frame, 'MapRunFailed', { mapRunFailedEventDetails: { error: error.error, ...(error.causeText !== undefined ? { cause: error.causeText } : {}) } });
    }
    throw error;
  }
  event(frame, 'MapRunSucceeded');
  if (writer?.Resource !== undefined) return writeResults(visit, bindings, info, records);
  // Without an export the result stays in the state, COMPACT unless a WriterConfig says otherwise.
  return transformResults(records, info, String(writer?.WriterConfig?.['Transformation'] ?? 'COMPACT'));
}

async function writeResults(visit: Visit, bindings: Record<string, unknown>, info: MapRunInfo, records: MapRunResult[]): Promise<unknown> {
  const writer = visit.state.ResultWriter!;
  const args = await evaluateTemplate(writer.Arguments ?? {}, bindings, visit, 'ResultWriter/Arguments');
  return visit.frame.exec.services.writeResults(visit.frame, visit.name, args, writer.WriterConfig, records, info);
}

/** Either threshold exceeded fails the Map Run; with neither set no failure is tolerated (ASL spec, "Map State Failure Tolerance"). */
function overThreshold(failed: number, total: number, count: number | undefined, percent: number | undefined): boolean {
  if (count === undefined && percent === undefined) return failed > 0;
  return (count !== undefined && failed > count) || (percent !== undefined && (failed / total) * 100 > percent);
}

/** `Items` (default: the state input) must be an array; a JSON object (key-value iteration) is not simulated. */
async function itemsOf(visit: Visit, bindings: Record<string, unknown>): Promise<unknown[]> {
  const { state } = visit;
  const items = state.Items === undefined ? visit.input : await evaluateTemplate(state.Items, bindings, visit, 'Items');
  if (Array.isArray(items)) return items;
  if (items !== null && typeof items === 'object') {
    throw new SimulationSetupError(`Map state '${visit.name}' would iterate over a JSON object; only arrays are simulated.`, 'Give Items an array.');
  }
  throw queryError(visit, 'Items', wrongValue(state.Items ?? '{% $states.input %}', 'Items', items, 'an array'));
}

/** `ItemSelector`, evaluated with `$states.context.Map.Item.{Index,Value}` (only there). */
async function selectItem(visit: Visit, context: Record<string, unknown>, item: unknown, index: number): Promise<unknown> {
  const selector = visit.state.ItemSelector;
  if (selector === undefined) return item;
  const itemContext = { ...context, Map: { Item: { Index: index, Value: item } } };
  return evaluateTemplate(selector, bindingsOf(visit.frame, { input: visit.input, context: itemContext }), visit, 'ItemSelector');
}

/** `ItemBatcher`: children get `{ Items: [...], BatchInput? }`, cut by MaxItemsPerBatch and MaxInputBytesPerBatch. */
async function batch(visit: Visit, bindings: Record<string, unknown>, items: unknown[]): Promise<unknown[]> {
  const batcher = visit.state.ItemBatcher;
  if (batcher === undefined) return items;
  const maxItems = await numberField(batcher.MaxItemsPerBatch, bindings, visit, 'ItemBatcher/MaxItemsPerBatch', 0, NON_NEGATIVE_INTEGER);
  const maxBytes = await numberField(batcher.MaxInputBytesPerBatch, bindings, visit, 'ItemBatcher/MaxInputBytesPerBatch', 0, NON_NEGATIVE_INTEGER);
  const batchInput = batcher.BatchInput === undefined ? undefined : await evaluateTemplate(batcher.BatchInput, bindings, visit, 'ItemBatcher/BatchInput');
  const out: unknown[] = [];
  let current: unknown[] = [];
  let bytes = 2;
  const flush = () => {
    if (current.length === 0) return;
    out.push(batchInput === undefined ? { Items: current } : { BatchInput: batchInput, Items: current });
    current = [];
    bytes = 2;
  };
  for (const item of items) {
    const size = jsonBytes(item) + 1;
    if (current.length > 0 && ((maxItems > 0 && current.length >= maxItems) || (maxBytes > 0 && bytes + size > maxBytes))) flush();
    current.push(item);
    bytes += size;
  }
  flush();
  return out;
}
