import type { AslState } from '../asl.js';
import { bindingsOf, contextOf } from '../bindings.js';
import { StatesError } from '../errors.js';
import { fanOut } from '../fan-out.js';
import { childFrame, event, type Frame } from '../frame.js';
import { finishState, nextOf, type StepOutcome } from '../outcome.js';
import { checkPayload } from '../payload-limit.js';
import { evaluateTemplate } from '../template.js';

/**
 * Parallel: every branch gets the same input (`Arguments`, default the state input) and its own variable scope
 * that reads the outer one; the result is the array of branch outputs in order. The first branch to fail fails
 * the state with that branch's error and stops the others.
 */
export async function parallelAttempt(frame: Frame, name: string, state: AslState, input: unknown, enteredAt: number, retryCount: number): Promise<StepOutcome> {
  const where = `/States/${name}`;
  const context = contextOf(frame, name, enteredAt, retryCount);
  const bindings = bindingsOf(frame, { input, context });
  const branchInput = state.Arguments === undefined ? input : await evaluateTemplate(state.Arguments, bindings, `${where}/Arguments`);
  checkPayload(branchInput, 'arguments', name);
  const branches = state.Branches ?? [];
  event(frame, 'ParallelStateStarted');
  let result: unknown[];
  try {
    result = await fanOut(branches.length, 0, (i, cancelled) => {
      const child = childFrame(frame, frame.vars.child(), [...frame.path, name, String(i)], frame.mapIndex, cancelled);
      return frame.exec.runGraph(child, branches[i]!, branchInput);
    });
    checkPayload(result, 'result', name);
  } catch (error) {
    if (error instanceof StatesError) event(frame, 'ParallelStateFailed', { error: error.error, cause: error.causeText });
    throw error;
  }
  event(frame, 'ParallelStateSucceeded');
  const after = bindingsOf(frame, { input, context, result });
  return { output: await finishState(frame, name, state, after, result, where), next: nextOf(state) };
}
