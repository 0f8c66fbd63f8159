import type { CatchRule, RetryRule, Step } from '@agentflow/dsl';
import type { AslState, EmitContext } from './emit-context.js';

/** AWS's recommended retrier for transient Lambda service errors (asl-facts §1.6). */
export const LAMBDA_SERVICE_RETRY = Object.freeze({
  ErrorEquals: ['Lambda.ClientExecutionTimeoutException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
});

/**
 * Throttling clears with time, not at once: fewer, slower, jittered attempts than the service-error retrier. An agent
 * step also retries the adapter's `Agentflow.AgentThrottled` (Bedrock throttling, docs/agent-adapter.md), so a
 * workflow does not fail on the first throttle.
 */
function throttleRetry(backing: 'lambda' | 'agent', own: readonly RetryRule[]): Record<string, unknown>[] {
  // The first matching retrier wins: a throttle the author already retries (by name, States.TaskFailed or States.ALL)
  // keeps their policy.
  const covered = new Set(own.flatMap((rule) => rule.errors));
  if (covered.has('States.ALL') || covered.has('States.TaskFailed')) return [];
  const names = (backing === 'agent' ? ['Lambda.TooManyRequestsException', 'Agentflow.AgentThrottled'] : ['Lambda.TooManyRequestsException']).filter((name) => !covered.has(name));
  if (names.length === 0) return [];
  return [{
    ErrorEquals: names,
    IntervalSeconds: 5,
    MaxAttempts: 5,
    BackoffRate: 2,
    MaxDelaySeconds: 60,
    JitterStrategy: 'FULL',
  }];
}

/** What a step's Task calls, for its default retriers: nothing Lambda-backed, a Lambda function, or the agent adapter. */
export type TaskBacking = false | 'lambda' | 'agent';

export function retrier(rule: RetryRule): Record<string, unknown> {
  const out: Record<string, unknown> = { ErrorEquals: [...rule.errors] };
  if (rule.intervalSeconds !== undefined) out['IntervalSeconds'] = rule.intervalSeconds;
  if (rule.maxAttempts !== undefined) out['MaxAttempts'] = rule.maxAttempts;
  if (rule.backoffRate !== undefined) out['BackoffRate'] = rule.backoffRate;
  if (rule.maxDelaySeconds !== undefined) out['MaxDelaySeconds'] = rule.maxDelaySeconds;
  if (rule.jitter !== undefined) out['JitterStrategy'] = rule.jitter;
  return out;
}

/** `Retry` and `Catch` for a step; catchers keep the error in `<step>Error` when something reads it. */
export function errorHandling(step: Extract<Step, { catch: readonly CatchRule[] }>, backing: TaskBacking, ctx: EmitContext): AslState {
  const fields: AslState = {};
  const defaults = backing && step.defaultRetry ? [{ ...LAMBDA_SERVICE_RETRY, ErrorEquals: [...LAMBDA_SERVICE_RETRY.ErrorEquals] }, ...throttleRetry(backing, step.retry)] : [];
  const retry = [...defaults, ...step.retry.map(retrier)];
  if (retry.length > 0) fields['Retry'] = retry;
  if (step.catch.length > 0) {
    fields['Catch'] = step.catch.map((rule) => {
      const target = ctx.index.byId.get(rule.next);
      const catcher: AslState = { ErrorEquals: [...rule.errors], Next: target ? ctx.entryOf(target.step) : rule.next };
      ctx.produce(`error:${step.id}`, catcher, '{% $states.errorOutput %}');
      return catcher;
    });
  }
  return fields;
}

/** Timeouts every Task carries (DESIGN D3). */
export function timeouts(timeoutSeconds: number, heartbeatSeconds: number | undefined): AslState {
  return heartbeatSeconds === undefined ? { TimeoutSeconds: timeoutSeconds } : { TimeoutSeconds: timeoutSeconds, HeartbeatSeconds: heartbeatSeconds };
}
