import type { Expr, Step } from '@agentflow/dsl';

/** Where an expression is evaluated: on the step's own state, or inside one of its nested blocks (by child index). */
export interface StepExpr {
  readonly expr: Expr;
  readonly where: 'self' | { readonly child: number };
  readonly role: string;
}

/**
 * The expressions a step carries, so passes can check and analyse them without knowing every kind. IR steps are
 * frozen, and a dozen passes ask for the same step's expressions: they are listed once per step object.
 */
export function stepExprs(step: Step): readonly StepExpr[] {
  let exprs = listed.get(step);
  if (!exprs) listed.set(step, (exprs = Object.freeze(listExprs(step))));
  return exprs;
}

const listed = new WeakMap<Step, readonly StepExpr[]>();

function listExprs(step: Step): StepExpr[] {
  const self = (expr: Expr | undefined, role: string): StepExpr[] => (expr ? [{ expr, where: 'self', role }] : []);
  switch (step.kind) {
    case 'agent':
      return [...self(step.prompt, 'prompt'), ...self(step.cache?.key, 'cache key')];
    case 'model':
      return self(step.body, 'body');
    case 'task':
      return self(step.integration.arguments, 'arguments');
    case 'approval':
      return [...self(step.subject, 'subject'), ...self(step.message, 'message')];
    case 'parallel':
      return step.branches.flatMap((b, i) => (b.result ? [{ expr: b.result, where: { child: i }, role: `branch '${b.name}' result` }] : []));
    case 'map':
      return [...self(step.items, 'items'), ...self(step.itemsFrom?.key, 'items key'), ...(step.result ? [{ expr: step.result, where: { child: 0 }, role: 'iteration result' } as StepExpr] : [])];
    case 'choice':
      return step.cases.map((c, i) => ({ expr: c.when, where: 'self' as const, role: `case ${i + 1}` }));
    case 'exit-loop':
      return self(step.when, 'condition');
    case 'vote':
      return self(step.proposal, 'proposal');
    case 'wait':
      return 'until' in step.wait ? self(step.wait.until, 'until') : [];
    case 'set':
    case 'assign':
      return self(step.value, 'value');
    case 'succeed':
      return self(step.output, 'output');
    case 'fail':
      return self(step.cause, 'cause');
    case 'loop':
      return [];
    case 'attempt':
      // Each path's value is evaluated at the end of its own block (child 0: the body, i + 1: handler i).
      return [step.result, ...step.handlers.map((h) => h.result)].flatMap((expr, i) =>
        expr ? [{ expr, where: { child: i }, role: i === 0 ? 'attempt result' : `catch[${i - 1}] result` } as StepExpr] : [],
      );
  }
}
