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

/** The `Assign` entries of folded steps as a state sees them, and what they give values to (for later expressions). */
export interface FoldedAssign {
  readonly entries: Record<string, unknown>;
  readonly inlined: ReadonlyMap<string, string>;
  readonly comments: readonly string[];
}

/**
 * Renders the `Assign` entries of the steps folded into one state. All expressions of one `Assign` see the variables as
 * they were when the state was entered, so each value is rendered as that state sees it: its own result as
 * `$states.result…` (`self`), the scope's bound input from the state input (`first`), and a variable that this same
 * `Assign` gives a value (the host's own set, an earlier fold) from the expression it is given — never the stale
 * variable.
 */
export function foldedAssign(folded: readonly Step[], ctx: EmitContext, first: Omit<ExprContext, 'use'>, self: ExprContext['self'], inlined: Map<string, string>): FoldedAssign {
  const entries: Record<string, unknown> = {};
  const comments: string[] = [];
  for (const step of folded) {
    const exprs = ctx.exprs({ ...first, ...(self ? { self } : {}), inlined: new Map(inlined) });
    const [key, value] = entryOf(step, ctx, exprs);
    entries[variableOf(key)] = value;
    inlined.set(key, fieldAsJsonata(value));
    // The step has no state of its own: its comment stays with the state that does its work.
    if (step.comment !== undefined) comments.push(`${step.id}: ${step.comment}`);
  }
  return { entries, inlined, comments };
}

function addComments(state: AslState, comments: readonly string[]): void {
  if (comments.length === 0) return;
  state['Comment'] = [...(state['Comment'] === undefined ? [] : [state['Comment'] as string]), ...comments].join('\n');
}

/**
 * Adds the `Assign` entries of the steps folded into `host` (the step before them) to its main state. A failing host
 * skips its `Assign`, as the folded steps were skipped when it failed; its catchers go on to states that never were
 * these steps (plan-folds.ts folds no catch target backwards).
 */
export function foldInto(state: AslState, host: Step, folded: readonly Step[], ctx: EmitContext, first: Omit<ExprContext, 'use'>): void {
  const result = selfResult(host);
  const inlined = new Map<string, string>();
  const assign = (state['Assign'] ??= {}) as Record<string, unknown>;
  if (host.kind === 'set' || host.kind === 'assign') {
    const key = `result:${host.kind === 'set' ? host.id : host.target}`;
    inlined.set(key, fieldAsJsonata(assign[variableOf(key)]));
  }
  const { entries, comments } = foldedAssign(folded, ctx, first, result ? { stepId: host.id, result } : undefined, inlined);
  Object.assign(assign, entries);
  addComments(state, comments);
}

/**
 * Adds the entries of the steps folded into a Choice (the steps right before it) to every way out of it: each rule's
 * `Assign` (a Choice evaluates only the matching rule's) and the top-level one (applied when Default is taken). Either
 * reading of the top-level `Assign` gives the same values, as every rule carries the same entries. Its conditions were
 * rendered with `folded.inlined`: they see the variables as they were on entry, and read the folded values inline.
 */
export function foldIntoChoice(state: AslState, folded: FoldedAssign): void {
  for (const target of [state, ...((state['Choices'] as AslState[] | undefined) ?? [])]) {
    target['Assign'] = { ...folded.entries, ...((target['Assign'] as object | undefined) ?? {}) };
  }
  addComments(state, folded.comments);
}
