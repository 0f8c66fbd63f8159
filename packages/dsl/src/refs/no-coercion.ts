import type { Expr } from '../ir/expr.js';
import { DslError } from '../errors.js';

/**
 * References, templates and conditions stand for values that exist only at run time. JavaScript would turn them
 * into "[object Object]" or NaN while the workflow is built (a plain template literal, `ref > 3`, `ref + 1`), and
 * the compiled workflow would then carry that text instead of the value: the conversion throws instead.
 */
function coercionError(expr: Expr | undefined, hint: string): DslError {
  const what = describe(expr);
  if (hint === 'string') {
    return new DslError('ref-coerced', `${what} was turned into text while the workflow is built, which yields "[object Object]", not its run-time value: splice references with text\`…\`.`, {
      hint: 'Tag the template literal with text: text`Answer ${ref}` (import { text } from \'@agentflow/dsl\').',
    });
  }
  return new DslError('ref-coerced', `${what} was used in JavaScript arithmetic or comparison (such as ref > 3, ref + 1 or 'a' + ref), which runs once while the workflow is built, not on the run-time value: use the conditions eq, ne, lt, lte, gt, gte, or text\`…\` for text.`, {
    hint: 'Compare with eq, ne, lt, lte, gt or gte inside when(...) or exitWhen(...), e.g. when(gt(score, 3), ...); build text with text`…`.',
  });
}

function describe(expr: Expr | undefined): string {
  if (expr === undefined) return 'A computed value';
  if (expr.kind !== 'ref') return expr.kind === 'template' ? 'A text`…` template' : expr.kind === 'or-else' ? 'An orElse(...) value' : 'A condition';
  const root = expr.root;
  const code =
    root.kind === 'workflow-input' ? 'flow.input'
    : root.kind === 'execution' ? `flow.execution.${root.field.charAt(0).toLowerCase()}${root.field.slice(1)}`
    : root.kind === 'task-token' ? 'taskToken'
    : undefined;
  if (code !== undefined) return `The reference ${[code, ...expr.path].join('.')}`;
  const base =
    root.kind === 'step-result' ? `the result of step '${root.stepId}'`
    : root.kind === 'step-error' ? `the error of step '${root.stepId}'`
    : root.kind === 'map-item' ? `the item of map '${root.mapId}'`
    : root.kind === 'map-index' ? `the index of map '${root.mapId}'`
    : root.kind === 'loop-iteration' ? `the iteration of loop '${root.loopId}'`
    : 'a run-time value';
  return expr.path.length === 0 ? `The reference to ${base}` : `The reference to field ${expr.path.join('.')} of ${base}`;
}

/** The three hooks JavaScript calls to convert an object to a primitive, each throwing a located DslError. */
export function coercionTraps(expr: Expr): { [Symbol.toPrimitive]: (hint: string) => never; toString: () => never; valueOf: () => never } {
  return {
    [Symbol.toPrimitive]: (hint: string) => {
      throw coercionError(expr, hint);
    },
    toString: () => {
      throw coercionError(expr, 'string');
    },
    valueOf: () => {
      throw coercionError(expr, 'number');
    },
  };
}

/**
 * The conversion hooks of frozenComputed's values keyed by `key`, as property descriptors shared by all of them:
 * each hook reads the expression from the value it is called on. Templates and conditions are made per builder
 * argument, and three closures plus their descriptors per value were a visible share of building a large workflow.
 */
const hooksByKey = new Map<symbol, PropertyDescriptorMap>();

function hooksFor(key: symbol): PropertyDescriptorMap {
  let hooks = hooksByKey.get(key);
  if (hooks === undefined) {
    // A hook detached from its value (`const f = t.toString; f()`) still throws, naming no expression then.
    const exprIn = (value: unknown): Expr | undefined =>
      typeof value === 'object' && value !== null ? (value as { readonly [k: symbol]: Expr | undefined })[key] : undefined;
    hooks = {
      [Symbol.toPrimitive]: {
        value(this: unknown, hint: string): never {
          throw coercionError(exprIn(this), hint);
        },
      },
      toString: {
        value(this: unknown): never {
          throw coercionError(exprIn(this), 'string');
        },
      },
      valueOf: {
        value(this: unknown): never {
          throw coercionError(exprIn(this), 'number');
        },
      },
    };
    hooksByKey.set(key, hooks);
  }
  return hooks;
}

/**
 * A frozen computed value (template, condition) keyed by `key`; the conversion hooks are non-enumerable so
 * equality checks and inspectors see only the expression.
 */
export function frozenComputed<K extends symbol>(key: K, expr: Expr): { readonly [P in K]: Expr } {
  const value = { [key]: expr } as { [P in K]: Expr };
  Object.defineProperties(value, hooksFor(key));
  return Object.freeze(value);
}
