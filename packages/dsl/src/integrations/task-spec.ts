import { z } from 'zod';
import type { Expr, ResourceExpr, ResourceType } from '../ir/expr.js';
import type { IntegrationPattern, IntegrationSpec } from '../ir/nodes.js';
import { DslError } from '../errors.js';
import { isStringExpr, toExpr } from '../refs/value.js';
import { requireSchema } from '../refs/require-schema.js';

const TASK_SPEC: unique symbol = Symbol.for('agentflow.task') as never;

/** A configured service call, run as a step with `flow.task(id, spec)`; its result is typed T. */
export interface TaskSpec<T> {
  readonly [TASK_SPEC]: IntegrationSpec;
  readonly __output?: T;
}

export function taskSpecOf(value: unknown): IntegrationSpec | undefined {
  return typeof value === 'object' && value !== null ? (value as { [TASK_SPEC]?: IntegrationSpec })[TASK_SPEC] : undefined;
}

/** A logically named resource, resolved per environment from the project config. */
export function resource(type: ResourceType, name: unknown, form: ResourceExpr['form'], what: string): ResourceExpr {
  if (typeof name !== 'string' || name === '') {
    throw new DslError('invalid-resource', `${what} must be the logical name of a resource from agentflow.config.yaml.`);
  }
  return { kind: 'resource', type, name, form };
}

/** Builds the ASL `Arguments` record, dropping absent optional fields. */
export function args(fields: Record<string, Expr | undefined>): Expr {
  return { kind: 'record', fields: Object.entries(fields).filter((e): e is [string, Expr] => e[1] !== undefined) };
}

/** SNS messages and SQS bodies are strings: structured values are sent as their JSON text. */
export function textExpr(value: unknown, what: string): Expr {
  const expr = toExpr(value, what);
  return isStringExpr(expr) ? expr : { kind: 'template', parts: [expr] };
}

/**
 * SNS subjects are at most 100 characters without line breaks: literal subjects are checked now,
 * computed ones are flattened and cut to fit at run time.
 */
export function snsSubject(value: unknown, what: string): Expr | undefined {
  if (value === undefined) return undefined;
  const expr = toExpr(value, what);
  if (expr.kind === 'literal') {
    if (typeof expr.value !== 'string' || expr.value.length > 100 || /[\r\n]/.test(expr.value)) {
      throw new DslError('invalid-subject', `${what} must be text of at most 100 characters on one line (an SNS limit).`);
    }
    return expr;
  }
  return { kind: 'jsonata', template: "$substring($replace(%0, /[\\r\\n]+/, ' '), 0, 100)", args: [expr], isString: true };
}

export function optionalExpr(value: unknown, what: string): Expr | undefined {
  return value === undefined ? undefined : toExpr(value, what);
}

/** A write API's response: ids and SDK metadata (HTTP headers, request ids), well under 8 KiB. */
export const WRITE_RESPONSE_BYTES = 8192;

export function makeTask<T>(spec: {
  resource: string;
  pattern?: IntegrationPattern;
  arguments: Expr;
  resultPath?: string;
  output: z.ZodType;
  resultBytes?: number;
  isLambda?: boolean;
}): TaskSpec<T> {
  // No location: the error is placed at the author's frame, the sns.publish(...)/lambda.invoke(...) call.
  requireSchema(spec.output, spec.resource, 'output');
  const integration: IntegrationSpec = Object.freeze({
    resource: spec.resource,
    pattern: spec.pattern ?? 'request-response',
    arguments: spec.arguments,
    resultPath: spec.resultPath ?? '',
    output: spec.output,
    ...(spec.resultBytes !== undefined ? { resultBytes: spec.resultBytes } : {}),
    isLambda: spec.isLambda ?? false,
  });
  return Object.freeze({ [TASK_SPEC]: integration }) as TaskSpec<T>;
}
