import type { AslState } from '../asl.js';
import { bindingsOf, contextOf } from '../bindings.js';
import { ERR, StatesError } from '../errors.js';
import { fanOut } from '../fan-out.js';
import { childFrame, event, type Frame, type MapRunResult } from '../frame.js';
import { numberField } from '../numbers.js';
import { finishState, nextOf, type StepOutcome } from '../outcome.js';
import { checkPayload } from '../payload-limit.js';
import { evaluateTemplate } from '../template.js';
import { VariableScope } from '../variables.js';

/**
 * Map (developer guide, "state-map-inline" and "state-map-distributed"): items from `Items` (default the input)
 * or an `ItemReader`; each item, shaped by `ItemSelector` with `$states.context.Map.Item`, runs the
 * `ItemProcessor` in its own scope, at most `MaxConcurrency` at a time (0 = no limit). An inline iteration reads
 * the outer variables; a Distributed Map child is an execution of its own and sees none. Inline, the first failed
 * iteration fails the state; distributed, failures up to the tolerated count/percentage are kept in the results.
 */
export async function mapAttempt(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number, retryCount: number): Promise<StepOutcome> {
  const where = `/States/${name}`;
  const exec = frame.exec;
  const context = contextOf(frame, name, enteredAt, retryCount);
  const bindings = bindingsOf(frame, { input, context });
  const processor = state.ItemProcessor ?? state.Iterator;
  if (!processor) throw new StatesError(ERR.Runtime, `Map state '${name}' has no ItemProcessor.`);
  const distributed = state.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED';
  const items = await readItems(frame, name, state, bindings, input, where);
  const limit = await numberField(state.MaxConcurrency, bindings, `${where}/MaxConcurrency`, 0);
  event(frame, 'MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
  const runs = await fanOut(items.length, limit, async (index, cancelled): Promise<MapRunResult> => {
    const item = items[index];
    const itemContext = { ...context, Map: { Item: { Index: index, Value: item } } };
    const selected = state.ItemSelector === undefined ? item : await evaluateTemplate(state.ItemSelector, bindingsOf(frame, { input, context: itemContext }), `${where}/ItemSelector`);
    const vars = distributed ? new VariableScope() : frame.vars.child();
    const child = childFrame(frame, vars, [...frame.path, name, String(index)], [...frame.mapIndex, index], cancelled);
    event(child, 'MapIterationStarted', { mapIterationStartedEventDetails: { name, index } });
    try {
      checkPayload(selected, 'iteration input', name);
      const output = await exec.runGraph(child, processor, selected);
      event(child, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: { name, index } });
      return { index, input: selected, output };
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      event(child, 'MapIterationFailed', { mapIterationFailedEventDetails: { name, index } });
      if (!distributed || error.error === ERR.DataLimit || error.error === ERR.Runtime) throw error;
      return { index, input: selected, error: error.error, cause: error.causeText };
    }
  }).catch((error: unknown) => {
    if (error instanceof StatesError) event(frame, 'MapStateFailed');
    throw error;
  });
  if (distributed) await checkTolerance(name, state, bindings, runs, where);
  const result = state.ResultWriter
    ? await exec.services.writeResults(frame, name, await evaluateTemplate(state.ResultWriter.Arguments ?? {}, bindings, `${where}/ResultWriter/Arguments`), state.ResultWriter.WriterConfig, runs)
    : runs.map((run) => (run.error === undefined ? run.output : { Error: run.error, Cause: run.cause }));
  checkPayload(result, 'result', name);
  event(frame, 'MapStateSucceeded');
  const after = bindingsOf(frame, { input, context, result });
  return { output: await finishState(frame, name, state, after, result, where), next: nextOf(state) };
}

async function readItems(frame: Frame, name: string, state: AslState, bindings: Record<string, unknown>, input: unknown, where: string): Promise<unknown[]> {
  if (state.ItemReader) {
    const args = await evaluateTemplate(state.ItemReader.Arguments ?? {}, bindings, `${where}/ItemReader/Arguments`);
    return frame.exec.services.readItems(frame, name, state.ItemReader, args);
  }
  const items = state.Items === undefined ? input : await evaluateTemplate(state.Items, bindings, `${where}/Items`);
  if (!Array.isArray(items)) {
    throw new StatesError(ERR.QueryEvaluation, `${where}/Items must be an array, got ${items === null ? 'null' : typeof items}.`);
  }
  return items;
}

/** Over the tolerated failures (count or percentage; 0 when neither is set) → States.ExceedToleratedFailureThreshold. */
async function checkTolerance(name: string, state: AslState, bindings: Record<string, unknown>, runs: MapRunResult[], where: string): Promise<void> {
  const failed = runs.filter((run) => run.error !== undefined);
  if (failed.length === 0) return;
  const count = await numberField(state.ToleratedFailureCount, bindings, `${where}/ToleratedFailureCount`, -1);
  const percent = await numberField(state.ToleratedFailurePercentage, bindings, `${where}/ToleratedFailurePercentage`, -1);
  const withinCount = count >= 0 && failed.length <= count;
  const withinPercent = percent >= 0 && (failed.length / runs.length) * 100 <= percent;
  if (withinCount || withinPercent) return;
  const first = failed[0]!;
  throw new StatesError(
    ERR.ExceedToleratedFailureThreshold,
    `${failed.length} of ${runs.length} iterations of '${name}' failed, over the tolerated threshold (first: ${first.error}: ${first.cause ?? ''}).`,
  );
}
