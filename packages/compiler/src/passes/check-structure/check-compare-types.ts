import type { z } from 'zod';
import type { CompareOp, CondExpr, Expr, SourceLocation } from '@agentflow/dsl';
import { defOf, schemaOfExpr } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';
import { stepExprs } from '../step-exprs.js';

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
type Scalar = string | number | boolean | null;

/** What a schema says a value can be: its JSON types and, when finite (literals, enums), every value it can take. */
interface Shape {
  readonly types: ReadonlySet<JsonType>;
  readonly values: ReadonlySet<Scalar> | undefined;
}

/** A schema the check cannot reason about (any, unknown, lazy, custom): every comparison with it is accepted. */
const ANY = undefined;

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function shapeOf(schema: z.ZodType, depth = 0): Shape | typeof ANY {
  if (depth > 32) return ANY;
  const def = defOf(schema);
  const only = (type: JsonType): Shape => ({ types: new Set([type]), values: undefined });
  if (WRAPPERS.has(def.type)) return shapeOf(def['innerType'] as z.ZodType, depth + 1);
  switch (def.type) {
    case 'string':
    case 'template_literal':
      return only('string');
    case 'number':
      return only('number');
    case 'boolean':
      return { types: new Set(['boolean']), values: new Set([true, false]) };
    case 'null':
      return { types: new Set(['null']), values: new Set([null]) };
    case 'object':
    case 'record':
      return only('object');
    case 'array':
    case 'tuple':
      return only('array');
    case 'literal':
    case 'enum': {
      const values = (def.type === 'literal' ? (def['values'] as unknown[]) : Object.values(def['entries'] as Record<string, unknown>)) as Scalar[];
      return { types: new Set(values.map(jsonType)), values: new Set(values) };
    }
    case 'nullable':
      return merge([shapeOf(def['innerType'] as z.ZodType, depth + 1), { types: new Set(['null']), values: new Set([null]) }]);
    case 'union':
      return merge((def['options'] as z.ZodType[]).map((option) => shapeOf(option, depth + 1)));
    case 'never':
      return { types: new Set(), values: new Set() };
    default:
      return ANY;
  }
}

function jsonType(value: Scalar): JsonType {
  return value === null ? 'null' : (typeof value as 'string' | 'number' | 'boolean');
}

function merge(shapes: readonly (Shape | typeof ANY)[]): Shape | typeof ANY {
  const types = new Set<JsonType>();
  let values: Set<Scalar> | undefined = new Set();
  for (const shape of shapes) {
    if (shape === ANY) return ANY;
    for (const t of shape.types) types.add(t);
    if (shape.values === undefined) values = undefined;
    else if (values) for (const v of shape.values) values.add(v);
  }
  return { types, values };
}

function describe(shape: Shape): string {
  if (shape.values !== undefined && shape.values.size <= 6 && shape.values.size > 0) return [...shape.values].map((v) => JSON.stringify(v)).join(' | ');
  return [...shape.types].join(' | ') || 'nothing';
}

const ORDERED: ReadonlySet<JsonType> = new Set(['string', 'number']);

/** Why `left op right` can never be what the author meant, or undefined when it can hold. */
function mismatch(op: CompareOp, left: Shape, right: Shape): { code: string; message: string } | undefined {
  const shared = [...left.types].filter((t) => right.types.has(t));
  if (op === 'eq' || op === 'ne') {
    if (shared.length === 0) {
      return { code: 'compare-types-differ', message: `${op}(...) compares ${describe(left)} with ${describe(right)}: values of different types are never equal, so the condition is always ${op === 'ne'}.` };
    }
    if (left.values !== undefined && right.values !== undefined && ![...right.values].some((v) => left.values!.has(v))) {
      return { code: 'compare-value-outside-enum', message: `${op}(...) compares ${describe(left)} with ${describe(right)}: no value is on both sides, so the condition is always ${op === 'ne'}.` };
    }
    return undefined;
  }
  if (!shared.some((t) => ORDERED.has(t))) {
    return { code: 'compare-types-differ', message: `${op}(...) orders ${describe(left)} against ${describe(right)}: ordering needs two numbers or two strings.` };
  }
  return undefined;
}

function conditions(expr: Expr, out: CondExpr[] = []): CondExpr[] {
  switch (expr.kind) {
    case 'compare':
      out.push(expr);
      conditions(expr.left, out);
      conditions(expr.right, out);
      break;
    case 'matches':
      out.push(expr);
      break;
    case 'and':
    case 'or':
      for (const term of expr.terms) conditions(term, out);
      break;
    case 'not':
      conditions(expr.term, out);
      break;
    case 'template':
      for (const part of expr.parts) if (typeof part !== 'string') conditions(part, out);
      break;
    case 'record':
      for (const [, value] of expr.fields) conditions(value, out);
      break;
    case 'list':
      for (const item of expr.items) conditions(item, out);
      break;
    case 'jsonata':
      for (const arg of expr.args) conditions(arg, out);
      break;
    default:
      break;
  }
  return out;
}

/** A side whose schema is a guess (a field the schema lacks) is check-refs' to report, not a type to compare. */
function sideShape(expr: Expr): Shape | typeof ANY {
  if (expr.kind === 'ref' && expr.unknownField) return ANY;
  return shapeOf(schemaOfExpr(expr));
}

/**
 * Comparisons between values of different types compile to conditions that never (or always) hold. `tsc` rejects
 * them in typed code; this catches the ones that reach the compiler untyped (JavaScript, `as any`, `z.any()` fields
 * on one side only do not count: they can hold anything).
 */
export function checkCompareTypes(index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const info of index.all) {
    const step = info.step;
    const located = (loc: SourceLocation | undefined) => {
      const at = loc ?? step.loc;
      return at ? { loc: at } : {};
    };
    const exprs: { expr: Expr; loc: SourceLocation | undefined }[] =
      step.kind === 'choice' ? step.cases.map((c) => ({ expr: c.when, loc: c.loc })) : stepExprs(step).map((e) => ({ expr: e.expr, loc: undefined }));
    for (const { expr, loc } of exprs) {
      for (const cond of conditions(expr)) {
        const found = cond.kind === 'compare' ? compareMismatch(cond) : cond.kind === 'matches' ? matchesMismatch(cond.value) : undefined;
        if (found) diagnostics.push({ ...found, severity: 'error', path: info.path, ...located(loc) });
      }
    }
  }
  return diagnostics;
}

function compareMismatch(cond: Extract<CondExpr, { kind: 'compare' }>): Omit<Diagnostic, 'severity' | 'path'> | undefined {
  const left = sideShape(cond.left);
  const right = sideShape(cond.right);
  if (left === ANY || right === ANY) return undefined;
  const found = mismatch(cond.op, left, right);
  if (!found) return undefined;
  const hint =
    found.code === 'compare-value-outside-enum'
      ? `Compare with one of ${describe(left)}, or add the value to the schema.`
      : `Compare values of the same type, e.g. eq(count, 3) for a number, not eq(count, '3'); convert the value in the schema or the agent's output if it arrives as text.`;
  return { ...found, hint };
}

function matchesMismatch(value: Expr): Omit<Diagnostic, 'severity' | 'path'> | undefined {
  const shape = sideShape(value);
  if (shape === ANY || shape.types.has('string')) return undefined;
  return {
    code: 'compare-types-differ',
    message: `matches(...) tests a pattern against ${describe(shape)}, but patterns only match strings.`,
    hint: 'Pass a reference to a string field.',
  };
}
