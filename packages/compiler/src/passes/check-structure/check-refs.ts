import type { RefExpr, Step, WorkflowNode } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { isWithin, type Scope, type StepIndex, type StepInfo } from '../step-index.js';
import { stepExprs } from '../step-exprs.js';

/**
 * References must name real fields and be visible where they are read: a branch or iteration can read outer
 * results, but nothing outside can read what lives inside it (ASL variable scoping).
 */
export function checkRefs(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const scopeOfChild = childScopes(index);
  for (const info of index.all) {
    for (const { expr, where, role } of stepExprs(info.step)) {
      const scope = where === 'self' ? info.scope : (scopeOfChild.get(`${info.step.id}#${where.child}`) ?? info.scope);
      const inside = where === 'self' ? info.ancestors : [...info.ancestors, info.step];
      const at: At = { path: info.path, ...(info.step.loc ? { loc: info.step.loc } : {}) };
      for (const ref of refsOf(expr)) checkRef(ref, scope, inside, at, role, index, diagnostics);
    }
    if (info.step.kind === 'assign') checkAssign(info, index, diagnostics);
  }
  if (workflow.output) {
    const at: At = { path: workflow.name, ...(workflow.loc ? { loc: workflow.loc } : {}) };
    for (const ref of refsOf(workflow.output)) checkRef(ref, index.root, [], at, 'workflow result', index, diagnostics);
  }
  return diagnostics;
}

function childScopes(index: StepIndex): Map<string, Scope> {
  const scopes = new Map<string, Scope>();
  for (const info of index.all) {
    const owner = info.scope.owner;
    if (owner === undefined) continue;
    const child = info.scope.key.slice(info.scope.key.lastIndexOf('#') + 1);
    const key = `${owner}#${child}`;
    if (!scopes.has(key)) scopes.set(key, info.scope);
  }
  return scopes;
}

function describeRoot(ref: RefExpr): string {
  switch (ref.root.kind) {
    case 'workflow-input':
      return 'the workflow input';
    case 'step-result':
      return `the result of '${ref.root.stepId}'`;
    case 'step-error':
      return `the error of '${ref.root.stepId}'`;
    case 'map-item':
      return `an item of map '${ref.root.mapId}'`;
    default:
      return 'this value';
  }
}

type At = Pick<Diagnostic, 'path' | 'loc'>;

function checkRef(ref: RefExpr, scope: Scope, inside: readonly Step[], at: At, role: string, index: StepIndex, out: Diagnostic[]): void {
  if (ref.unknownField) {
    const { field, known } = ref.unknownField;
    out.push({
      code: 'unknown-field',
      severity: 'error',
      message: `${role}: '${field}' is not a field of ${describeRoot(ref)} (${ref.path.slice(0, ref.path.indexOf(field)).join('.') || 'top level'}).`,
      ...at,
      hint: known.length ? `Known fields: ${known.join(', ')}.` : 'That value has no fields; check its schema.',
    });
    return;
  }
  const root = ref.root;
  if (root.kind === 'step-error') {
    const target = index.byId.get(root.stepId)?.step;
    if (target && (!('catch' in target) || target.catch.length === 0)) {
      out.push({
        code: 'error-without-catch',
        severity: 'error',
        message: `${role} reads the error of '${root.stepId}', which has no catch: its error is never kept.`,
        ...at,
        hint: `Add catch: [{ goto: '<step id>' }] to '${root.stepId}' and read the error in the step it leads to.`,
      });
      return;
    }
  }
  if (root.kind === 'step-result' || root.kind === 'step-error') {
    const target = index.byId.get(root.stepId);
    if (target && !isWithin(scope, target.scope)) {
      out.push({
        code: 'ref-out-of-scope',
        severity: 'error',
        message: `${role} reads ${describeRoot(ref)}, which exists only inside ${target.scope.owner ? `'${target.scope.owner}'` : 'another scope'}.`,
        ...at,
        hint: 'Return the value from the branch or iteration body and read it from the parallel or map result.',
      });
    }
  } else if (root.kind === 'map-item' || root.kind === 'map-index' || root.kind === 'loop-iteration') {
    const owner = root.kind === 'loop-iteration' ? root.loopId : root.mapId;
    if (!inside.some((s) => s.id === owner)) {
      out.push({
        code: 'ref-out-of-scope',
        severity: 'error',
        message: `${role} reads ${root.kind === 'loop-iteration' ? `the iteration of loop '${owner}'` : `an item of map '${owner}'`} outside that ${root.kind === 'loop-iteration' ? 'loop' : 'map'}.`,
        ...at,
        hint: 'Use it only inside the body it belongs to.',
      });
    }
  }
}

function checkAssign(info: StepInfo, index: StepIndex, out: Diagnostic[]): void {
  const step = info.step;
  if (step.kind !== 'assign') return;
  const target = index.byId.get(step.target);
  const at = { path: info.path, ...(step.loc ? { loc: step.loc } : {}) };
  if (!target || target.step.kind !== 'set') {
    out.push({ code: 'assign-target-not-set', severity: 'error', message: `assign '${step.id}' targets '${step.target}', which is not made by flow.set(...).`, ...at });
  } else if (target.scope !== info.scope) {
    out.push({
      code: 'assign-outer-variable',
      severity: 'error',
      message: `assign '${step.id}' changes '${step.target}' from inside a parallel branch or map iteration; Step Functions forbids assigning outer variables there.`,
      ...at,
      hint: 'Return the new value from the branch or iteration and assign it after the parallel or map.',
    });
  }
}
