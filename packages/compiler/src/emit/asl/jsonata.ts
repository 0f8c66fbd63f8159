import type { CondExpr, Expr, RefExpr } from '@agentflow/dsl';
import { isStringExpr, mayBeAbsentSchema, unwrap } from '@agentflow/dsl';
import { executionKey, rootKey, variableOf } from './root-keys.js';
import { POINTER_FIELD } from '../../passes/payload/pointer.js';

/** How references resolve on the state being emitted. */
export interface ExprContext {
  /** The step whose own result this state produces: its references read `$states.result` instead of a variable. */
  readonly self?: { readonly stepId: string; readonly result: (path: readonly string[]) => string };
  /** Roots bound to this state's input (the first state of the workflow or of a map iteration). */
  readonly binding?: ReadonlyMap<string, string>;
  /** Records that a variable is read, so its producer assigns it. */
  readonly use: (key: string) => void;
  /**
   * Inside a Distributed Map child, which is an execution of its own: the workflow's execution (name, id, start
   * time) comes in with the item instead of from the child's context object.
   */
  readonly parentExecution?: boolean;
  /** Loops whose counter was already advanced to the next round (steps after the loop's last check). */
  readonly advancedLoops?: ReadonlySet<string>;
  /**
   * Variables that the `Assign` being rendered also gives a value (steps folded into one state, emit-fold.ts), by
   * root key, with that value as JSONata: the variable itself would still hold its state-entry value.
   */
  readonly inlined?: ReadonlyMap<string, string>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words JSONata reads as literals or operators where a path step is expected (`$x.null` is the literal null). */
const RESERVED = new Set(['null', 'true', 'false', 'and', 'or', 'in', 'function']);

/**
 * A JSONata path step; names that are not identifiers, or are JSONata words, are quoted with backticks. A quoted
 * name cannot contain a backtick (JSONata 2.0's tokenizer ends it at the next one and has no escape), so such names
 * have no path step: {@link withPath} reads them with `$lookup` instead.
 */
export function pathStep(name: string): string {
  if (name.includes('`')) throw new Error(`pathStep: a JSONata path step cannot name '${name}'; use withPath`);
  return IDENTIFIER.test(name) && !RESERVED.has(name) ? name : `\`${name}\``;
}

/**
 * `base` followed by the field path. A field whose name contains a backtick is read with `$lookup(<so far>, '<name>')`,
 * which selects the same values as a path step would (also through arrays of objects, and nothing from a missing
 * or non-object value); the path then goes on from there.
 */
export function withPath(base: string, path: readonly string[]): string {
  let out = base;
  for (const name of path) out = name.includes('`') ? `$lookup(${out}, ${stringLiteral(name)})` : `${out}.${pathStep(name)}`;
  return out;
}

const PLAIN_TEXT = /^[ !#-&(-[\]-~]*$/;

/** A JSONata string literal. JSONata has no `\'` escape, so text containing `'` uses double quotes. */
export function stringLiteral(value: string): string {
  // Printable ASCII without quotes or backslashes needs no escape: most state names, ids and keys.
  if (PLAIN_TEXT.test(value)) return `'${value}'`;
  const escaped = JSON.stringify(value).slice(1, -1);
  return value.includes("'") ? `"${escaped}"` : `'${escaped.replace(/\\"/g, '"')}'`;
}

function ref(expr: RefExpr, ctx: ExprContext): string {
  if (expr.inS3) {
    // Offloaded data: its S3 location, with the field inside the object after '#'.
    const holder = { ...expr, path: expr.path.slice(0, expr.path.length - expr.inS3.path.length), inS3: undefined };
    const field = expr.inS3.path.length ? ` & ${stringLiteral(`#${expr.inS3.path.join('.')}`)}` : '';
    return `${ref(holder, ctx)}.${pathStep(POINTER_FIELD)}${field}`;
  }
  const root = expr.root;
  if (root.kind === 'execution') {
    if (!ctx.parentExecution) return withPath(`$states.context.Execution.${root.field}`, expr.path);
    const key = executionKey(root.field);
    const bound = ctx.binding?.get(key);
    if (bound !== undefined) return withPath(bound, expr.path);
    ctx.use(key);
    return withPath(`$${variableOf(key)}`, expr.path);
  }
  if (root.kind === 'task-token') return '$states.context.Task.Token';
  if (root.kind === 'step-result' && ctx.self?.stepId === root.stepId) return ctx.self.result(expr.path);
  const key = rootKey(root)!;
  const inline = ctx.inlined?.get(key);
  if (inline !== undefined) return withPath(expr.path.length > 0 ? `(${inline})` : inline, expr.path);
  const bound = ctx.binding?.get(key);
  const value = bound ?? `$${variableOf(key)}`;
  if (bound === undefined) ctx.use(key);
  if (root.kind === 'loop-iteration' && ctx.advancedLoops?.has(root.loopId)) return `(${value} - 1)`;
  return withPath(value, expr.path);
}

const OPS = { eq: '=', ne: '!=', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** Renders an expression as JSONata source (without the `{% %}` delimiters). */
export function jsonata(expr: Expr, ctx: ExprContext): string {
  switch (expr.kind) {
    case 'ref':
      return ref(expr, ctx);
    case 'literal':
      return typeof expr.value === 'string' ? stringLiteral(expr.value) : JSON.stringify(expr.value);
    case 'resource':
      throw new Error('resource expressions are resolved before JSONata rendering');
    case 'template': {
      if (expr.parts.length === 0) return "''";
      const text = expr.parts.map((part) => (typeof part === 'string' ? stringLiteral(part) : isStringExpr(part) ? jsonata(part, ctx) : `$string(${jsonata(part, ctx)})`)).join(' & ');
      // `&` turns an absent operand into '': a template that is one value that may be absent needs one too, so it
      // yields '' rather than nothing (which fails the state that evaluates it).
      const only = expr.parts.length === 1 ? expr.parts[0]! : undefined;
      return only !== undefined && typeof only !== 'string' && valueMayBeAbsent(only) ? `'' & ${text}` : text;
    }
    case 'or-else': {
      // JSONata 2.0 (what AWS runs) has no `??` or `?:`; `$exists` is false only for an absent value (null exists).
      const value = jsonata(expr.value, ctx);
      return `($exists(${value}) ? ${value} : ${jsonata(expr.fallback, ctx)})`;
    }
    case 'record':
      return `{${expr.fields.map(([key, value]) => `${stringLiteral(key)}: ${jsonata(value, ctx)}`).join(', ')}}`;
    case 'list':
      return `[${expr.items.map((item) => jsonata(item, ctx)).join(', ')}]`;
    case 'jsonata':
      return expr.template.replace(/%(\d+)/g, (_, i: string) => jsonata(expr.args[Number(i)]!, ctx));
    default:
      return condition(expr, ctx);
  }
}

function operand(expr: Expr, ctx: ExprContext): string {
  const text = jsonata(expr, ctx);
  return expr.kind === 'and' || expr.kind === 'or' ? `(${text})` : text;
}

/**
 * True when the expression may yield nothing at run time: a reference to a field that may be absent (not one that
 * may be null: null is a value), or a DSL-built expression over one. `orElse`, templates and literals always yield.
 */
export function valueMayBeAbsent(expr: Expr): boolean {
  if (expr.kind === 'ref') return expr.schema !== undefined && mayBeAbsentSchema(expr.schema);
  if (expr.kind === 'jsonata') return expr.args.some(valueMayBeAbsent);
  return false;
}

/** An optional value may be absent at run time; JSONata's `<`, `$not`, `$boolean`, `$contains` then yield nothing. */
function mayBeAbsent(expr: Expr): boolean {
  return expr.kind === 'ref' && expr.schema !== undefined && unwrap(expr.schema).optional;
}

/**
 * Every condition yields a boolean, as a Choice `Condition` must (else States.QueryEvaluationError): a comparison
 * or test on an absent optional value is false.
 */
function condition(expr: CondExpr, ctx: ExprContext): string {
  switch (expr.kind) {
    case 'compare': {
      const text = `${operand(expr.left, ctx)} ${OPS[expr.op]} ${operand(expr.right, ctx)}`;
      // `=` and `!=` are already false with an absent operand; ordering operators are not.
      return expr.op !== 'eq' && expr.op !== 'ne' && (mayBeAbsent(expr.left) || mayBeAbsent(expr.right)) ? `(${text}) = true` : text;
    }
    case 'and':
    case 'or':
      return expr.terms.map((t) => operand(t, ctx)).join(` ${expr.kind} `);
    case 'not':
      return `$not(${jsonata(expr.term, ctx)})`;
    case 'is-present':
      return `$exists(${jsonata(expr.value, ctx)})`;
    case 'truthy': {
      const value = jsonata(expr.value, ctx);
      return mayBeAbsent(expr.value) ? `($exists(${value}) and $boolean(${value}))` : `$boolean(${value})`;
    }
    case 'matches': {
      const value = jsonata(expr.value, ctx);
      const test = `$contains(${value}, /${wildcardRegex(expr.pattern)}/)`;
      return mayBeAbsent(expr.value) ? `($exists(${value}) and ${test})` : test;
    }
  }
}

/** ASL StringMatches semantics: `*` is any run of characters, `\*` a literal star. */
function wildcardRegex(pattern: string): string {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && pattern[i + 1] === '*') {
      out += '\\*';
      i++;
    } else if (c === '*') out += '.*';
    else out += c.replace(/[.+?^${}()|[\]\\/]/g, '\\$&');
  }
  return `${out}$`;
}

/** `$states.context.Execution.<field>` of the workflow's execution, wherever the state runs. */
export function executionField(field: 'Id' | 'Name' | 'StartTime', ctx: ExprContext): string {
  return ref({ kind: 'ref', root: { kind: 'execution', field }, path: [], schema: undefined as never }, ctx);
}
