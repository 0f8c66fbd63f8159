import type { Step } from '@agentflow/dsl';
import type { AslState, EmitContext } from './emit-context.js';
import type { ExprContext } from './jsonata.js';
import { stringLiteral } from './jsonata.js';
import { variableOf } from './root-keys.js';
import { selfResult } from './self-result.js';

/** The variable a folding step gives a value, and that value as an ASL field. */
function entryOf(step: Step, ctx: EmitContext, exprs: ExprContext): readonly [key: string, value: unknown] {
  switch (step.kind) {
    case 'set':
      return [`result:${step.id}`, ctx.json(step.value, exprs)];
    case 'assign':
      return [`result:${step.target}`, ctx.json(step.value, exprs)];
    case 'loop':
      return [`result:${step.id}`, 0];
    default:
      throw new Error(`emit-fold: step '${step.id}' (${step.kind}) does not fold`);
  }
}

/** An ASL field value (JSON with `{% %}` leaves) as one JSONata expression that yields the same value. */
export function fieldAsJsonata(value: unknown): string {
  if (typeof value === 'string') {
    const m = /^\{%([\s\S]*)%\}$/.exec(value);
    return m ? `(${m[1]!.trim()})` : stringLiteral(value);
  }
  if (Array.isArray(value)) return `[${value.map(fieldAsJsonata).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${stringLiteral(k)}: ${fieldAsJsonata(v)}`).join(', ')}}`;
  return JSON.stringify(value);
}

/**
 * Adds the `Assign` entries of the steps folded into `host` to its main state. All expressions of one `Assign` see
 * the variables as they were when the state was entered, so each value is rendered as the host sees it: the host's
 * own result as `$states.result…`, the scope's bound input from the state input, and a variable that this same
 * `Assign` gives a value (the host's own set, an earlier fold) from the expression it is given — never the stale
 * variable. A failing host skips its `Assign`, as the folded steps were skipped when it failed; its catchers go on
 * to states that never were these steps (plan-folds.ts folds no catch target).
 */
export function foldInto(state: AslState, host: Step, folded: readonly Step[], ctx: EmitContext, first: Omit<ExprContext, 'use'>): void {
  const self = selfResult(host);
  const inlined = new Map<string, string>();
  const assign = (state['Assign'] ??= {}) as Record<string, unknown>;
  if (host.kind === 'set' || host.kind === 'assign') {
    const key = `result:${host.kind === 'set' ? host.id : host.target}`;
    inlined.set(key, fieldAsJsonata(assign[variableOf(key)]));
  }
  const comments = state['Comment'] === undefined ? [] : [state['Comment'] as string];
  for (const step of folded) {
    const exprs = ctx.exprs({ ...first, ...(self ? { self: { stepId: host.id, result: self } } : {}), inlined: new Map(inlined) });
    const [key, value] = entryOf(step, ctx, exprs);
    assign[variableOf(key)] = value;
    inlined.set(key, fieldAsJsonata(value));
    // The step has no state of its own: its comment stays with the state that does its work.
    if (step.comment !== undefined) comments.push(`${step.id}: ${step.comment}`);
  }
  if (comments.length > 0) state['Comment'] = comments.join('\n');
}
