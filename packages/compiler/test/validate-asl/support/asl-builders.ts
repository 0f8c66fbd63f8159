/** Small builders for test definitions: valid by default, so each case states only what it breaks. */

export type Json = Record<string, unknown>;

export function machine(states: Json, extra: Json = {}): Json {
  return { StartAt: Object.keys(states)[0], States: states, ...extra };
}

export function jsonataMachine(states: Json, extra: Json = {}): Json {
  return machine(states, { QueryLanguage: 'JSONata', ...extra });
}

export function pass(extra: Json = {}): Json {
  return { Type: 'Pass', End: true, ...extra };
}

export const LAMBDA_RETRY = [
  { ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
];

export function task(resource = 'arn:aws:states:::aws-sdk:sts:getCallerIdentity', extra: Json = {}): Json {
  return { Type: 'Task', Resource: resource, TimeoutSeconds: 30, End: true, ...extra };
}

export function map(processor: Json, extra: Json = {}): Json {
  return { Type: 'Map', ItemsPath: '$.items', ItemProcessor: processor, End: true, ...extra };
}

export function scope(states: Json, extra: Json = {}): Json {
  return { StartAt: Object.keys(states)[0], States: states, ...extra };
}

export const DISTRIBUTED = { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' };
