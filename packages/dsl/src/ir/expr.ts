import type { z } from 'zod';

/** What a reference starts from. Step results and variables are keyed by step id; the compiler names them. */
export type RefRoot =
  | { readonly kind: 'workflow-input' }
  | { readonly kind: 'step-result'; readonly stepId: string }
  | { readonly kind: 'step-error'; readonly stepId: string }
  | { readonly kind: 'map-item'; readonly mapId: string }
  | { readonly kind: 'map-index'; readonly mapId: string }
  | { readonly kind: 'loop-iteration'; readonly loopId: string }
  | { readonly kind: 'execution'; readonly field: 'Id' | 'Name' | 'StartTime' }
  | { readonly kind: 'task-token' };

/** A typed path into runtime data; `schema` is what the DSL knows of its shape (drives typing, sizes and checks). */
export interface RefExpr {
  readonly kind: 'ref';
  readonly root: RefRoot;
  readonly path: readonly string[];
  readonly schema: z.ZodType;
  /** Set when the path names a field the schema does not have (JavaScript authors bypass tsc). */
  readonly unknownField?: { readonly field: string; readonly known: readonly string[] };
  /**
   * Set by S3 offload when the root's value lives in S3 and this path is not kept inline: the value at run time is
   * the object at `$s3` of the root, at this path inside it.
   */
  readonly inS3?: { readonly path: readonly string[] };
}

export interface LiteralExpr {
  readonly kind: 'literal';
  readonly value: string | number | boolean | null;
}

/** Text with interpolated values, e.g. a prompt. */
export interface TemplateExpr {
  readonly kind: 'template';
  readonly parts: readonly (string | Expr)[];
}

export interface RecordExpr {
  readonly kind: 'record';
  readonly fields: readonly (readonly [string, Expr])[];
}

export interface ListExpr {
  readonly kind: 'list';
  readonly items: readonly Expr[];
}

/** The kinds of AWS resource a workflow names logically; the project config maps names to ARNs per environment. */
export type ResourceType = 'sns-topic' | 'dynamodb-table' | 'event-bus' | 'lambda-function' | 'sqs-queue' | 'state-machine';

/**
 * A resource known by its logical name; resolved against the environment at compile time. A `state-machine` is named
 * by its workflow's name, which the environment's `stateMachineName` pattern turns into the state machine's.
 */
export interface ResourceExpr {
  readonly kind: 'resource';
  readonly type: ResourceType;
  readonly name: string;
  /** `name` for names (e.g. a Lambda function or table name), `arn` for ARNs, `url` for SQS queue URLs. */
  readonly form: 'arn' | 'name' | 'url';
}

/** A JSONata expression built by the DSL itself (never by authors): `%0`, `%1`… stand for the rendered args. */
export interface JsonataExpr {
  readonly kind: 'jsonata';
  readonly template: string;
  readonly args: readonly Expr[];
  readonly isString: boolean;
}

/**
 * `value` when it is present at run time, else `fallback` (`orElse(ref, fallback)`): yields a value wherever the
 * value may be absent (an optional field), as a state field must (else States.QueryEvaluationError).
 */
export interface OrElseExpr {
  readonly kind: 'or-else';
  readonly value: Expr;
  readonly fallback: Expr;
}

/** A value computed at runtime: a data value or a condition. */
export type Expr = RefExpr | LiteralExpr | TemplateExpr | RecordExpr | ListExpr | ResourceExpr | JsonataExpr | OrElseExpr | CondExpr;

export type CompareOp = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';

export type CondExpr =
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'and'; readonly terms: readonly CondExpr[] }
  | { readonly kind: 'or'; readonly terms: readonly CondExpr[] }
  | { readonly kind: 'not'; readonly term: CondExpr }
  | { readonly kind: 'is-present'; readonly value: RefExpr }
  | { readonly kind: 'matches'; readonly value: Expr; readonly pattern: string }
  | { readonly kind: 'truthy'; readonly value: RefExpr };

export const CONDITION_KINDS: ReadonlySet<Expr['kind']> = new Set(['compare', 'and', 'or', 'not', 'is-present', 'matches', 'truthy']);

export function isCondition(expr: Expr): expr is CondExpr {
  return CONDITION_KINDS.has(expr.kind);
}

/** The sub-expressions of an expression, in source order: the one place that knows each kind's children. */
export function childExprs(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case 'ref':
    case 'literal':
    case 'resource':
      return [];
    case 'template':
      return expr.parts.filter((part): part is Expr => typeof part !== 'string');
    case 'record':
      return expr.fields.map(([, value]) => value);
    case 'list':
      return expr.items;
    case 'jsonata':
      return expr.args;
    case 'or-else':
      return [expr.value, expr.fallback];
    case 'compare':
      return [expr.left, expr.right];
    case 'and':
    case 'or':
      return expr.terms;
    case 'not':
      return [expr.term];
    case 'is-present':
    case 'truthy':
    case 'matches':
      return [expr.value];
  }
}

/** Every reference inside an expression, in source order. */
export function refsOf(expr: Expr, out: RefExpr[] = []): RefExpr[] {
  if (expr.kind === 'ref') out.push(expr);
  else for (const child of childExprs(expr)) refsOf(child, out);
  return out;
}
