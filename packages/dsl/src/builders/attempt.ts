import { z } from 'zod';
import type { Expr } from '../ir/expr.js';
import type { AttemptHandler, Step } from '../ir/nodes.js';
import { DslError } from '../errors.js';
import type { SourceLocation } from '../source-location.js';
import type { Ref } from '../refs/ref.js';
import { schemaOfExpr, type Resolve } from '../refs/value.js';
import type { ErrorName, RetryOptions } from './step-options.js';

/** The error a handler receives: the failed state's `Error` and `Cause` (from `$states.errorOutput`). */
export interface CaughtError {
  readonly error: string;
  readonly cause?: string;
}

/** Schema of a caught error: Step Functions caps `Error` at 256 and `Cause` at 32,768 characters. */
export const CaughtErrorSchema = z.object({ error: z.string().max(256), cause: z.string().max(32_768).optional() });

/** One catch clause of `flow.attempt`: the errors it handles (default `States.ALL`) and what runs instead. */
export interface AttemptCatch<F = unknown> {
  /** Errors this handler takes, in ASL `ErrorEquals` terms (default `['States.ALL']`; `States.ALL` only alone and last). */
  readonly errors?: readonly ErrorName[];
  /** Runs when a state of the body fails with one of `errors`; what it returns becomes the attempt's value. */
  readonly handler: (error: Ref<CaughtError>, flow: F) => unknown;
}

export interface AttemptOptions<C> {
  /** Catch clauses, tried in order; an error none of them lists propagates (to an enclosing attempt, or fails the execution). */
  readonly catch: C;
  /**
   * Rerun the whole body from its first step on these errors before a handler takes them (steps keep their own
   * `retry` too). The body then runs in a scope of its own (a Parallel branch): it cannot `assign` outer variables,
   * nor `succeed`, and costs two transitions more per run.
   */
  readonly retry?: readonly RetryOptions[];
  readonly comment?: string;
}

/** The value a path of an attempt yields: nothing when it returns nothing. */
export type AttemptValue<R> = [R] extends [void] ? never : Resolve<R>;

/** A built block: its steps and what it returns (undefined: nothing). */
export interface BuiltBlock {
  readonly steps: readonly Step[];
  readonly result: Expr | undefined;
}

/**
 * Checks the catch clauses and builds their handlers with `build` (which runs a body with a fresh flow of the
 * enclosing scope). Each handler reads the caught error through `error`.
 */
export function attemptHandlers<F>(
  id: string,
  clauses: readonly AttemptCatch<F>[] | undefined,
  error: Ref<CaughtError>,
  build: (body: (flow: F) => unknown, label: string) => BuiltBlock,
  loc: SourceLocation | undefined,
): AttemptHandler[] {
  if (!Array.isArray(clauses) || clauses.length === 0) {
    throw new DslError('invalid-attempt', `attempt '${id}' needs catch: at least one { errors, handler }.`, {
      loc,
      hint: "e.g. catch: [{ errors: ['States.ALL'], handler: (error, f) => fallback }]",
    });
  }
  return clauses.map((clause, i) => {
    if (typeof clause?.handler !== 'function') {
      throw new DslError('invalid-attempt', `attempt '${id}' catch[${i}].handler must be a function (error, flow) => value.`, { loc });
    }
    const errors = clause.errors ?? ['States.ALL'];
    if (!Array.isArray(errors) || errors.length === 0 || errors.some((e) => typeof e !== 'string' || e === '')) {
      throw new DslError('invalid-attempt', `attempt '${id}' catch[${i}].errors must list at least one error name.`, {
        loc,
        hint: "e.g. errors: ['States.TaskFailed'], or leave it out to catch States.ALL.",
      });
    }
    const handler = clause.handler;
    const built = build((flow) => handler(error, flow), `catch[${i}] of attempt '${id}'`);
    return Object.freeze({ errors: Object.freeze([...errors]), body: built.steps, result: built.result, loc });
  });
}

/** The schema of the attempt's value: the union of what its paths return. */
export function attemptSchema(results: readonly (Expr | undefined)[]): z.ZodType {
  const schemas = results.filter((r): r is Expr => r !== undefined).map(schemaOfExpr);
  if (schemas.length === 0) return z.unknown();
  return schemas.length === 1 ? schemas[0]! : z.union(schemas as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}
