import type { CondExpr, Expr, RefExpr } from './expr.js';
import type { Block, Step } from './nodes.js';

/** How a transform changes references, and what it does with each step once its parts are rewritten. */
export interface Rewriter {
  readonly ref: (ref: RefExpr) => RefExpr;
  /** Called after a step's expressions and nested blocks are rewritten, in program order. */
  readonly step?: (step: Step) => Step;
}

export function rewriteExpr(expr: Expr, rw: Rewriter): Expr {
  switch (expr.kind) {
    case 'ref':
      return rw.ref(expr);
    case 'literal':
    case 'resource':
      return expr;
    case 'template':
      return { ...expr, parts: expr.parts.map((p) => (typeof p === 'string' ? p : rewriteExpr(p, rw))) };
    case 'record':
      return { ...expr, fields: expr.fields.map(([k, v]) => [k, rewriteExpr(v, rw)] as const) };
    case 'list':
      return { ...expr, items: expr.items.map((i) => rewriteExpr(i, rw)) };
    case 'jsonata':
      return { ...expr, args: expr.args.map((a) => rewriteExpr(a, rw)) };
    case 'or-else':
      return { ...expr, value: rewriteExpr(expr.value, rw), fallback: rewriteExpr(expr.fallback, rw) };
    default:
      return rewriteCond(expr, rw);
  }
}

export function rewriteCond(expr: CondExpr, rw: Rewriter): CondExpr {
  switch (expr.kind) {
    case 'compare':
      return { ...expr, left: rewriteExpr(expr.left, rw), right: rewriteExpr(expr.right, rw) };
    case 'and':
    case 'or':
      return { ...expr, terms: expr.terms.map((t) => rewriteCond(t, rw)) };
    case 'not':
      return { ...expr, term: rewriteCond(expr.term, rw) };
    case 'is-present':
    case 'truthy':
      return { ...expr, value: rw.ref(expr.value) };
    case 'matches':
      return { ...expr, value: rewriteExpr(expr.value, rw) };
  }
}

const opt = (expr: Expr | undefined, rw: Rewriter) => (expr === undefined ? undefined : rewriteExpr(expr, rw));

/** Rebuilds one step with rewritten expressions and nested blocks (frozen), then hands it to `rw.step`. */
export function rewriteStep(step: Step, rw: Rewriter): Step {
  let next: Step;
  switch (step.kind) {
    case 'agent':
      next = { ...step, prompt: rewriteExpr(step.prompt, rw), ...(step.cache ? { cache: Object.freeze({ ...step.cache, key: opt(step.cache.key, rw) }) } : {}) };
      break;
    case 'model':
      next = { ...step, body: rewriteExpr(step.body, rw) };
      break;
    case 'task':
      next = { ...step, integration: { ...step.integration, arguments: rewriteExpr(step.integration.arguments, rw) } };
      break;
    case 'approval':
      next = { ...step, subject: opt(step.subject, rw), message: rewriteExpr(step.message, rw) };
      break;
    case 'parallel':
      next = { ...step, branches: step.branches.map((b) => { const body = rewriteBlock(b.body, rw); return Object.freeze({ ...b, body, result: opt(b.result, rw) }); }) };
      break;
    case 'map': {
      const items = step.items && rw.ref(step.items);
      const itemsFrom = step.itemsFrom && { ...step.itemsFrom, key: rewriteExpr(step.itemsFrom.key, rw) };
      const body = rewriteBlock(step.body, rw);
      next = { ...step, items, ...(itemsFrom ? { itemsFrom } : {}), body, result: opt(step.result, rw) };
      break;
    }
    case 'choice':
      next = {
        ...step,
        cases: step.cases.map((c) => Object.freeze({ ...c, when: rewriteCond(c.when, rw), body: rewriteBlock(c.body, rw) })),
        otherwise: step.otherwise.kind === 'steps' ? { kind: 'steps', body: rewriteBlock(step.otherwise.body, rw) } : step.otherwise,
      };
      break;
    case 'loop':
      next = { ...step, body: rewriteBlock(step.body, rw) };
      break;
    case 'attempt':
      next = {
        ...step,
        body: rewriteBlock(step.body, rw),
        result: opt(step.result, rw),
        handlers: step.handlers.map((h) => Object.freeze({ ...h, body: rewriteBlock(h.body, rw), result: opt(h.result, rw) })),
      };
      break;
    case 'exit-loop':
      next = { ...step, when: rewriteCond(step.when, rw) };
      break;
    case 'vote':
      next = { ...step, proposal: rewriteExpr(step.proposal, rw) };
      break;
    case 'wait':
      next = 'until' in step.wait ? { ...step, wait: { until: rewriteExpr(step.wait.until, rw) } } : step;
      break;
    case 'set':
    case 'assign':
      next = { ...step, value: rewriteExpr(step.value, rw) };
      break;
    case 'succeed':
      next = { ...step, output: opt(step.output, rw) };
      break;
    case 'fail':
      next = { ...step, cause: opt(step.cause, rw) };
      break;
  }
  const done = rw.step ? rw.step(next) : next;
  return Object.freeze(done);
}

export function rewriteBlock(block: Block, rw: Rewriter): Block {
  return Object.freeze(block.map((s) => rewriteStep(s, rw)));
}
