import { evaluateTemplate } from './template.js';
import { checkPayload } from './payload-limit.js';
import type { Frame } from './frame.js';

export interface StepOutcome {
  readonly output: unknown;
  /** Undefined when the scope ends here (End, Succeed). */
  readonly next: string | undefined;
}

/**
 * Evaluates `Output` (default: `fallback`) and `Assign` with the same bindings — both see the variables as they
 * were when the state was entered — then commits the assignments for the next state to see.
 */
export async function finishState(
  frame: Frame,
  stateName: string,
  fields: { readonly Output?: unknown; readonly Assign?: Record<string, unknown> },
  bindings: Record<string, unknown>,
  fallback: unknown,
  where: string,
): Promise<unknown> {
  const output = fields.Output === undefined ? fallback : await evaluateTemplate(fields.Output, bindings, `${where}/Output`);
  let assigned: Record<string, unknown> | undefined;
  if (fields.Assign !== undefined) {
    assigned = {};
    for (const [name, value] of Object.entries(fields.Assign)) {
      const evaluated = await evaluateTemplate(value, bindings, `${where}/Assign/${name}`);
      checkPayload(evaluated, `variable '${name}'`, stateName);
      assigned[name] = evaluated;
    }
  }
  checkPayload(output, 'output', stateName);
  if (assigned) frame.vars.assign(assigned);
  return output;
}

export function nextOf(state: { readonly Next?: string; readonly End?: boolean }): string | undefined {
  return state.End === true ? undefined : state.Next;
}
