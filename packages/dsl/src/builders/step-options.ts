import type { CatchRule, RetryRule } from '../ir/nodes.js';
import { toSeconds, type Duration } from '../duration.js';
import { DslError } from '../errors.js';
import { callerLocation } from '../source-location.js';

/** Error names Step Functions raises, offered for completion; any `Service.Exception` string is accepted too. */
export type ErrorName =
  | 'States.ALL'
  | 'States.TaskFailed'
  | 'States.Timeout'
  | 'States.HeartbeatTimeout'
  | 'States.Permissions'
  | 'States.QueryEvaluationError'
  | 'States.BranchFailed'
  | 'States.NoChoiceMatched'
  | 'States.ExceedToleratedFailureThreshold'
  | 'Lambda.TooManyRequestsException'
  | 'Lambda.Unknown'
  | (string & {});

/** How to retry a failed step (ASL `Retry`). */
export interface RetryOptions {
  /** Errors this retrier handles. `States.ALL` must stand alone in the last retrier. */
  readonly errors: readonly ErrorName[];
  /** Wait before the first retry (default 1 s). */
  readonly interval?: Duration;
  /** Retries after the first attempt (default 3; 0 disables). */
  readonly maxAttempts?: number;
  /** Multiplier applied to the interval after each retry (default 2, at least 1). */
  readonly backoff?: number;
  /** Upper bound for the growing interval. */
  readonly maxDelay?: Duration;
  /** `full` randomizes each wait between 0 and the computed interval. */
  readonly jitter?: 'full' | 'none';
}

/** Where to go when a step fails (ASL `Catch`): a later step of the same block, named by its id. */
export interface CatchOptions {
  /** Errors to catch (default `States.ALL`). */
  readonly errors?: readonly ErrorName[];
  /** Id of a later step in the same block (e.g. a fallback agent). */
  readonly goto: string;
}

/** Options shared by every step that runs work (agents, models, tasks, approvals, parallel, map, vote). */
export interface TaskStepOptions {
  /** Step id; also names the state and the variable that holds the result. */
  readonly id?: string;
  readonly comment?: string;
  /** Task timeout (`TimeoutSeconds`). */
  readonly timeout?: Duration;
  readonly retry?: readonly RetryOptions[];
  /** Prepend retriers for Lambda service errors and throttling (agents: also `Agentflow.AgentThrottled`) to Lambda-backed steps (default true; docs/agent-adapter.md). */
  readonly defaultRetry?: boolean;
  readonly catch?: readonly CatchOptions[];
}

export function normalizeRetry(retry: readonly RetryOptions[] | undefined): RetryRule[] {
  return (retry ?? []).map((r, i) => {
    if (!Array.isArray(r.errors) || r.errors.length === 0) {
      throw new DslError('invalid-retry', `retry[${i}].errors must list at least one error name.`, { hint: "e.g. errors: ['States.TaskFailed']" });
    }
    if (r.maxAttempts !== undefined && (!Number.isInteger(r.maxAttempts) || r.maxAttempts < 0 || r.maxAttempts > 99_999_999)) {
      throw new DslError('invalid-retry', `retry[${i}].maxAttempts must be a whole number from 0 to 99999999.`);
    }
    if (r.backoff !== undefined && !(r.backoff >= 1)) {
      throw new DslError('invalid-retry', `retry[${i}].backoff must be at least 1.`);
    }
    const rule: { -readonly [K in keyof RetryRule]: RetryRule[K] } = { errors: [...r.errors] };
    if (r.interval !== undefined) rule.intervalSeconds = toSeconds(r.interval, `retry[${i}].interval`);
    if (r.maxAttempts !== undefined) rule.maxAttempts = r.maxAttempts;
    if (r.backoff !== undefined) rule.backoffRate = r.backoff;
    if (r.maxDelay !== undefined) rule.maxDelaySeconds = toSeconds(r.maxDelay, `retry[${i}].maxDelay`);
    if (r.jitter !== undefined) rule.jitter = r.jitter === 'full' ? 'FULL' : 'NONE';
    return Object.freeze(rule);
  });
}

export function normalizeCatch(catches: readonly CatchOptions[] | undefined): CatchRule[] {
  if (!catches || catches.length === 0) return [];
  const loc = callerLocation();
  return (catches ?? []).map((c, i) => {
    if (typeof c.goto !== 'string' || c.goto === '') {
      throw new DslError('invalid-catch', `catch[${i}].goto must name a later step by its id.`);
    }
    const errors = c.errors ?? ['States.ALL'];
    if (errors.length === 0) throw new DslError('invalid-catch', `catch[${i}].errors must list at least one error name.`);
    return Object.freeze({ errors: [...errors], next: c.goto, loc });
  });
}

const STEP_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Lowercase words joined by hyphens: the rule for step ids and workflow names. */
export function isKebabCase(value: unknown): value is string {
  return typeof value === 'string' && STEP_ID.test(value);
}

/** Step ids are kebab-case so state names ("Write Draft") and variable names (`writeDraft`) derive from them. */
export function checkStepId(id: unknown, what = 'step id'): string {
  if (!isKebabCase(id)) {
    throw new DslError('invalid-step-id', `${what} ${JSON.stringify(id)} is not kebab-case.`, {
      hint: "Use lowercase words joined by hyphens, e.g. 'write-draft'.",
    });
  }
  return id;
}
