import type { AslState } from './asl.js';
import { ERR, StatesError, type Site } from './errors.js';
import type { Frame } from './frame.js';
import { checkSized, overLimit, PAYLOAD_LIMIT, sized, VARIABLES_LIMIT, type Sized } from './payload-limit.js';
import { evaluateTemplate } from './template.js';

/** One visit of a state: where it runs, what it got, and its `…StateEntered` event (for AWS's error causes). */
export interface Visit extends Site {
  readonly frame: Frame;
  readonly state: AslState;
  readonly input: unknown;
  /** The input serialized once (entered event, limit, trace). */
  readonly inputSized: Sized;
  /** Virtual seconds at entry. */
  readonly enteredAt: number;
  /** The `previousEventId` of the `…StateEntered` event (AWS links `EvaluationFailed` to it). */
  readonly enteredPrevious: number;
  /** Bytes of the largest of input, arguments, result and output seen so far (for the trace). */
  largest: number;
  /** Retries made so far, also when the state ends failing after them (for the trace). */
  retries: number;
}

/** Records a payload's size on the visit; returns it unchanged. */
export function noted<T extends { readonly bytes: number }>(visit: Visit, payload: T): T {
  if (payload.bytes > visit.largest) visit.largest = payload.bytes;
  return payload;
}

export interface StepOutcome {
  readonly output: unknown;
  /** Undefined when the scope ends here (End, Succeed). */
  readonly next: string | undefined;
  /** The output serialized once, for the limit, the exit event and the trace. */
  readonly outputSized: Sized;
  /** Variables this visit assigned, name → JSON text (`stateExitedEventDetails.assignedVariables`). */
  readonly assigned?: Record<string, string>;
}

/**
 * Evaluates `Output` (default: `fallback`) and `Assign` with the same bindings — both see the variables as they
 * were when the state was entered — checks the limits, then commits the assignments for the next state to see.
 * `prefix` names where the fields sit: `''` for the state's own, `Choices[0]/` for a rule, `Catch[1]/` for a catcher.
 */
export async function finishState(
  visit: Visit,
  fields: { readonly Output?: unknown; readonly Assign?: Record<string, unknown> },
  bindings: Record<string, unknown>,
  fallback: unknown,
  prefix: string,
  next: string | undefined,
  /** `fallback` already serialized (the input, a task result), reused when the output is that very value. */
  fallbackSized?: Sized,
): Promise<StepOutcome> {
  const output = fields.Output === undefined ? fallback : await evaluateTemplate(fields.Output, bindings, visit, `${prefix}Output`);
  let values: Map<string, unknown> | undefined;
  let sizes: Map<string, number> | undefined;
  let assigned: Record<string, string> | undefined;
  if (fields.Assign !== undefined) {
    values = new Map();
    sizes = new Map();
    assigned = {};
    let total = 0;
    for (const [name, field] of Object.entries(fields.Assign)) {
      const value = await evaluateTemplate(field, bindings, visit, `${prefix}Assign/${name}`);
      const size = sized(value);
      checkSized(size, `variable '${name}'`, visit.name);
      values.set(name, value);
      sizes.set(name, size.bytes);
      assigned[name] = size.text;
      total += size.bytes;
    }
    // Per Assign and per execution (developer guide, "workflow-variables").
    if (total > PAYLOAD_LIMIT) throw overLimit('Assign', visit.name, total);
    const after = visit.frame.vars.bytesAfter(sizes);
    if (after > VARIABLES_LIMIT) {
      throw new StatesError(ERR.DataLimit, `The variables of the execution would hold ${after} bytes after state '${visit.name}', over the ${VARIABLES_LIMIT}-byte limit.`);
    }
  }
  // The output is often the input or the result itself (no Output, `{% $states.result %}`): serialized once.
  const outputSized = checkSized(output === fallback && fallbackSized !== undefined ? fallbackSized : sized(output), 'output', visit.name);
  if (values && sizes) visit.frame.vars.assign(values, sizes);
  return assigned ? { output, next, outputSized, assigned } : { output, next, outputSized };
}

export function nextOf(state: { readonly Next?: string; readonly End?: boolean }): string | undefined {
  return state.End === true ? undefined : state.Next;
}
