import { bindingsOf, contextOf } from '../bindings.js';
import { StatesError } from '../errors.js';
import { fanOut } from '../fan-out.js';
import { abortFrame, childFrame, event } from '../frame.js';
import { finishState, nextOf, noted, type StepOutcome, type Visit } from '../outcome.js';
import { checkPayload, type Sized } from '../payload-limit.js';
import { reportEvaluation } from '../recover.js';
import { evaluateTemplate } from '../template.js';

/**
 * Parallel (ASL spec, "Parallel State"): every branch gets the same input (`Arguments`, default the state input)
 * and its own variable scope that reads the outer one; the result is the array of branch outputs in order. The
 * first branch to fail fails the state with that branch's error unchanged, and the others are stopped
 * (`<Type>StateAborted`, then `ParallelStateFailed`).
 */
export async function parallelAttempt(visit: Visit, retryCount: number): Promise<StepOutcome> {
  const { frame, state, name } = visit;
  const context = contextOf(frame, name, visit.enteredAt, retryCount);
  const bindings = bindingsOf(frame, { input: visit.input, context });
  const branches = state.Branches ?? [];
  let result: unknown[];
  let resultSized: Sized;
  try {
    const branchInput = state.Arguments === undefined ? visit.input : await evaluateTemplate(state.Arguments, bindings, visit, 'Arguments');
    noted(visit, checkPayload(branchInput, 'arguments', name));
    event(frame, 'ParallelStateStarted');
    result = await fanOut(
      branches.length,
      0,
      async (i) => {
        const child = childFrame(frame, frame.vars.child(), [...frame.path, name, String(i)], frame.mapIndex);
        try {
          const output = await frame.exec.runGraph(child, branches[i]!, branchInput);
          if (!child.cancelled()) frame.lastEvent = child.lastEvent;
          return output;
        } catch (error) {
          if (error instanceof StatesError && !child.cancelled()) frame.lastEvent = child.lastEvent;
          throw error;
        } finally {
          frame.kids.delete(child);
          child.vars.release();
        }
      },
      () => {
        for (const kid of [...frame.kids]) abortFrame(kid);
      },
    );
    resultSized = noted(visit, checkPayload(result, 'result', name));
  } catch (error) {
    if (error instanceof StatesError) {
      reportEvaluation(visit, error);
      event(frame, 'ParallelStateFailed');
    }
    throw error;
  }
  event(frame, 'ParallelStateSucceeded');
  const after = bindingsOf(frame, { input: visit.input, context, result });
  return finishState(visit, state, after, result, '', nextOf(state), resultSized);
}
