import { errorMatches, StatesError } from './errors.js';
import type { AslState, Retrier } from './asl.js';
import { bindingsOf, contextOf } from './bindings.js';
import type { Frame } from './frame.js';
import { finishState, type StepOutcome } from './outcome.js';

/** A state that retries and catches: Task, Parallel, Map. `attempt` runs it once, given the retry count so far. */
export interface Attempted {
  readonly outcome: StepOutcome;
  readonly retries: number;
  readonly caught?: { readonly error: string; readonly cause: string };
}

/**
 * Retry and Catch (ASL spec, "Error handling"): the first retrier whose ErrorEquals matches decides; once its
 * MaxAttempts are used the error goes to Catch, never to a later retrier. The delay before retry n (from 0) is
 * IntervalSeconds × BackoffRate^n, capped by MaxDelaySeconds; FULL jitter draws uniformly below it.
 * Each retry re-enters the state and is billed as a transition.
 */
export async function withRetryAndCatch(
  frame: Frame,
  stateName: string,
  state: AslState,
  input: unknown,
  enteredAt: number,
  attempt: (retryCount: number) => Promise<StepOutcome>,
): Promise<Attempted> {
  const used = new Array<number>(state.Retry?.length ?? 0).fill(0);
  let retries = 0;
  for (;;) {
    try {
      return { outcome: await attempt(retries), retries };
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      const index = state.Retry?.findIndex((r) => errorMatches(r.ErrorEquals, error.error)) ?? -1;
      const retrier = index >= 0 ? state.Retry![index]! : undefined;
      if (retrier && used[index]! < (retrier.MaxAttempts ?? 3)) {
        const seconds = retryDelay(retrier, used[index]!, frame.exec.random);
        used[index]!++;
        retries++;
        frame.exec.coverage.hit(frame.exec.coverage.retriers, `${stateName}#${index}`);
        await frame.exec.clock.sleep(seconds);
        frame.exec.transitions++;
        continue;
      }
      const caught = await tryCatch(frame, stateName, state, input, enteredAt, retries, error);
      if (caught) return { outcome: caught, retries, caught: { error: error.error, cause: error.causeText } };
      throw error;
    }
  }
}

export function retryDelay(retrier: Retrier, retryNumber: number, random: () => number): number {
  const base = (retrier.IntervalSeconds ?? 1) * Math.pow(retrier.BackoffRate ?? 2, retryNumber);
  const capped = retrier.MaxDelaySeconds !== undefined ? Math.min(base, retrier.MaxDelaySeconds) : base;
  return retrier.JitterStrategy === 'FULL' ? random() * capped : capped;
}

/** The first matching catcher: its `Output` (default `$states.errorOutput`) and `Assign` run; the state's own do not. */
async function tryCatch(frame: Frame, stateName: string, state: AslState, input: unknown, enteredAt: number, retries: number, error: StatesError): Promise<StepOutcome | undefined> {
  const index = state.Catch?.findIndex((c) => errorMatches(c.ErrorEquals, error.error)) ?? -1;
  if (index < 0) return undefined;
  const catcher = state.Catch![index]!;
  frame.exec.coverage.hit(frame.exec.coverage.catchers, `${stateName}#${index}`);
  const errorOutput = { Error: error.error, Cause: error.causeText };
  const bindings = bindingsOf(frame, { input, context: contextOf(frame, stateName, enteredAt, retries), errorOutput });
  const output = await finishState(frame, stateName, catcher, bindings, errorOutput, `/States/${stateName}/Catch/${index}`);
  return { output, next: catcher.Next };
}
