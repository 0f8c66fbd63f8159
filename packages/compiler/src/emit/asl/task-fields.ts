import type { CatchRule, RetryRule, Step } from '@agentflow/dsl';
import type { AslState, EmitContext } from './emit-context.js';

/** AWS's recommended retrier for transient Lambda service errors (asl-facts §1.6). */
export const LAMBDA_SERVICE_RETRY = Object.freeze({
  ErrorEquals: ['Lambda.ClientExecutionTimeoutException', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'],
  IntervalSeconds: 2,
  MaxAttempts: 6,
  BackoffRate: 2,
});

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
export function errorHandling(step: Extract<Step, { catch: readonly CatchRule[] }>, lambdaBacked: boolean, ctx: EmitContext): AslState {
  const fields: AslState = {};
  const retry = [...(lambdaBacked && step.defaultRetry ? [{ ...LAMBDA_SERVICE_RETRY, ErrorEquals: [...LAMBDA_SERVICE_RETRY.ErrorEquals] }] : []), ...step.retry.map(retrier)];
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
