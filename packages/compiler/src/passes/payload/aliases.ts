import type { Expr, RefExpr, Step, WorkflowNode } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';

/** A place that holds another step's whole value: `set('draft', written)` makes `draft` hold `write-draft`'s value. */
export interface Alias {
  readonly holder: string;
  readonly prefix: readonly string[];
  readonly source: string;
}

/** Where a stored expression copies whole step results: records and lists keep the path to the copy. */
function copies(expr: Expr | undefined, holder: string, prefix: readonly string[], out: Alias[]): void {
  if (!expr) return;
  if (expr.kind === 'ref' && expr.root.kind === 'step-result' && expr.path.length === 0) out.push({ holder, prefix, source: expr.root.stepId });
  if (expr.kind === 'record') for (const [key, value] of expr.fields) copies(value, holder, [...prefix, key], out);
}

/** Every alias in the workflow: set/assign values and parallel branch results that copy a step's value. */
export function collectAliases(workflow: WorkflowNode): Alias[] {
  const out: Alias[] = [];
  eachStep(workflow.body, (step: Step) => {
    if (step.kind === 'set') copies(step.value, step.id, [], out);
    if (step.kind === 'assign') copies(step.value, step.target, [], out);
    if (step.kind === 'parallel') for (const b of step.branches) copies(b.result, step.id, [b.name], out);
  });
  return out;
}

/**
 * Steps whose results a reference may carry: itself for agents and models, and through variables, branch and
 * iteration results, the producers behind them.
 */
export function producersOfRef(ref: RefExpr, byId: ReadonlyMap<string, Step>, aliases: readonly Alias[], seen = new Set<string>()): string[] {
  if (ref.root.kind !== 'step-result') return [];
  const id = ref.root.stepId;
  if (seen.has(id)) return [];
  seen.add(id);
  const step = byId.get(id);
  if (!step) return [];
  if (step.kind === 'agent' || step.kind === 'model') return [id];
  const out: string[] = [];
  const from = (expr: Expr | undefined) => {
    if (expr) for (const r of refsOf(expr)) out.push(...producersOfRef(r, byId, aliases, seen));
  };
  if (step.kind === 'set') {
    from(step.value);
    for (const a of aliases) if (a.holder === id && a.prefix.length === 0) out.push(...producersOfRef(refTo(a.source), byId, aliases, seen));
  }
  if (step.kind === 'map') from(step.result);
  if (step.kind === 'parallel') for (const b of step.branches) if (ref.path.length === 0 || ref.path[0] === b.name) from(b.result);
  return [...new Set(out)];
}

function refTo(stepId: string): RefExpr {
  return { kind: 'ref', root: { kind: 'step-result', stepId }, path: [], schema: undefined as never };
}
