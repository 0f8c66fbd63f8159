import { Cancelled, errorMatches, StatesError } from './errors.js';
import type { Retrier } from './asl.js';
import { bindingsOf, contextOf } from './bindings.js';
import { event } from './frame.js';
import { finishState, type StepOutcome, type Visit } from './outcome.js';

/** A state that retries and catches: Task, Parallel, Map. `attempt` runs it once, given the retry count so far. */
export interface Attempted {
  readonly outcome: StepOutcome;
  readonly retries: number;
  readonly caught?: { readonly error: string; readonly cause: string | undefined };
}

/**
 * Retry and Catch (ASL spec, "Error handling"): the first retrier whose ErrorEquals matches decides; once its
 * MaxAttempts are used the error goes to Catch, never to a later retrier. The delay before retry n (from 1) is
 * IntervalSeconds × BackoffRate^(n-1), capped by MaxDelaySeconds; FULL jitter draws uniformly below it.
 * Each retry re-runs the state (no new `…StateEntered`) and is billed as a transition.
 */
export async function withRetryAndCatch(visit: Visit, attempt: (retryCount: number) => Promise<StepOutcome>): Promise<Attempted> {
  const { frame, state } = visit;
  const exec = frame.exec;
  const used = new Array<number>(state.Retry?.length ?? 0).fill(0);
  let retries = 0;
  for (;;) {
    try {
      return { outcome: await attempt(retries), retries };
    } catch (error) {
      if (!(error instanceof StatesError) || frame.cancelled()) throw error;
      reportEvaluation(visit, error);
      const index = state.Retry?.findIndex((r) => errorMatches(r.ErrorEquals, error.error, error.heartbeat)) ?? -1;
      const retrier = index >= 0 ? state.Retry![index]! : undefined;
      if (retrier && used[index]! < (retrier.MaxAttempts ?? 3)) {
        const seconds = retryDelay(retrier, used[index]!, exec.random);
        used[index]!++;
        retries++;
        visit.retries = retries;
        exec.coverage.hit(exec.coverage.retriers, `${visit.name}#${index}`);
        await exec.clock.sleep(seconds);
        if (frame.cancelled()) throw new Cancelled();
        exec.transitions++;
        continue;
      }
      const caught = await tryCatch(visit, retries, error);
      if (caught) return { outcome: caught, retries, caught: { error: error.error, cause: error.causeText } };
      throw error;
    }
  }
}

/** Seconds before the retry that follows `retryNumber` earlier retries of this retrier (0 for the first). */
function retryDelay(retrier: Retrier, retryNumber: number, random: () => number): number {
  const base = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, retryNumber);
  const capped = retrier.MaxDelaySeconds !== undefined ? Math.min(base, retrier.MaxDelaySeconds) : base;
  return retrier.JitterStrategy === 'FULL' ? random() * capped : capped;
}

/**
 * A JSONata evaluation failure is recorded as `EvaluationFailed{error, cause, location, state}` once, by the state
 * it happened in, before Retry/Catch see it (REC/assign/test_assign_reference_variables). Like AWS, the event right
 * after `…StateEntered` points back to the entered event's own predecessor.
 */
export function reportEvaluation(visit: Visit, error: StatesError): void {
  if (error.location === undefined || error.reported || error.state !== visit.name) return;
  error.reported = true;
  const frame = visit.frame;
  if (frame.lastEvent === visit.enteredId) frame.lastEvent = visit.enteredPrevious;
  event(frame, 'EvaluationFailed', { evaluationFailedEventDetails: { error: error.error, cause: error.causeText, location: error.location, state: error.state } });
}

/**
 * The first matching catcher: its `Output` (default `$states.errorOutput`, the Error Output `{Error, Cause}`) and
 * `Assign` run; the state's own do not (ASL spec, "JSONata Catchers").
 */
async function tryCatch(visit: Visit, retries: number, error: StatesError): Promise<StepOutcome | undefined> {
  const { frame, state } = visit;
  const index = state.Catch?.findIndex((c) => errorMatches(c.ErrorEquals, error.error, error.heartbeat)) ?? -1;
  if (index < 0) return undefined;
  const catcher = state.Catch![index]!;
  frame.exec.coverage.hit(frame.exec.coverage.catchers, `${visit.name}#${index}`);
  const errorOutput = { Error: error.error, Cause: error.causeText ?? '' };
  const bindings = bindingsOf(frame, { input: visit.input, context: contextOf(frame, visit.name, visit.enteredAt, retries), errorOutput });
  return finishState(visit, catcher, bindings, errorOutput, `Catch[${index}]/`, catcher.Next);
}
