import type { Expr, RefExpr, WorkflowNode } from '@agentflow/dsl';
import { mayBeAbsentSchema } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';
import { stepExprs } from '../step-exprs.js';
import { describeRoot } from './check-refs.js';

/** A map over an absent optional array runs no iteration (emit-containers.ts). */
const ABSENCE_HANDLED = new Set(['items']);

/**
 * A value that may be absent at run time (an optional field, or a field of an optional object) used as a whole
 * value — a prompt, a record or list leaf, a `set` value, a message, a returned value — evaluates to nothing when
 * it is absent, and a state field that evaluates to nothing fails the state (States.QueryEvaluationError). `tsc`
 * refuses such a reference in typed code; this check catches values that reach the compiler untyped (plain
 * JavaScript, `as any`). Inside a `text` template an absent value is spliced as '' and is fine, and `orElse`
 * supplies the value.
 */
export function checkOptionalValues(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (ref: RefExpr, role: string, at: Pick<Diagnostic, 'path' | 'loc'>) => {
    const name = ref.path.length ? `'${ref.path.join('.')}' of ${describeRoot(ref)}` : describeRoot(ref);
    diagnostics.push({
      code: 'optional-value',
      severity: 'error',
      message: `In ${role}, ${name} is used as a value, but it is optional and may be absent at run time: the state would then fail with States.QueryEvaluationError.`,
      ...at,
      hint: `Say what to use when it is absent: orElse(${sampleOf(ref)}, <fallback of its type>) (orElse comes from '@agentflow/dsl'), or splice it into a text\`…\` template, where an absent value is ''.`,
    });
  };
  for (const info of index.all) {
    const at = { path: info.path, ...(info.step.loc ? { loc: info.step.loc } : {}) };
    for (const { expr, role } of stepExprs(info.step)) {
      if (ABSENCE_HANDLED.has(role)) continue;
      for (const ref of absentWholeValues(expr, true)) report(ref, roleText(role, info.step.id), at);
    }
  }
  if (workflow.output) {
    const at = { path: workflow.name, ...(workflow.loc ? { loc: workflow.loc } : {}) };
    for (const ref of absentWholeValues(workflow.output, true)) report(ref, 'the workflow result', at);
  }
  return diagnostics;
}

/** References that may be absent where the expression needs a whole value (`whole`); not inside templates or `orElse`. */
function absentWholeValues(expr: Expr, whole: boolean, out: RefExpr[] = []): RefExpr[] {
  switch (expr.kind) {
    case 'ref':
      if (whole && mayBeAbsentSchema(expr.schema)) out.push(expr);
      break;
    case 'record':
      for (const [, value] of expr.fields) absentWholeValues(value, true, out);
      break;
    case 'list':
      for (const item of expr.items) absentWholeValues(item, true, out);
      break;
    case 'jsonata':
      // DSL-built expressions (e.g. an SNS subject's clean-up) yield nothing when their argument is absent.
      for (const arg of expr.args) absentWholeValues(arg, whole, out);
      break;
    case 'or-else':
      absentWholeValues(expr.fallback, whole, out);
      break;
    default:
      // Templates splice an absent value as '' (and JSONata leaves an absent value out of a record or list built
      // inside one); conditions are false on it; literals and resources are values.
      break;
  }
  return out;
}

function roleText(role: string, stepId: string): string {
  return `the ${role} of step '${stepId}'`;
}

/** The reference as the author wrote it, as far as the IR tells (a step's result is in a variable of theirs). */
function sampleOf(ref: RefExpr): string {
  const path = ref.path.map((p) => `.${p}`).join('');
  return ref.root.kind === 'workflow-input' ? `flow.input${path}` : path ? `…${path}` : '…';
}
