import { SfnError, invalidValue, missing } from './errors.js';
import type { Tag } from './state.js';

/** Input rules AWS applies to Step Functions requests; each cites where the rule comes from. */

export type Input = Record<string, unknown>;

export function requiredString(input: Input, member: string): string {
  const value = input[member];
  if (value === undefined || value === null) throw missing(member);
  if (typeof value !== 'string') throw invalidValue(member, 'Member must be a string');
  return value;
}

export function optionalString(input: Input, member: string, maxLength?: number): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidValue(member, 'Member must be a string');
  if (maxLength !== undefined && value.length > maxLength) throw invalidValue(member, `Member must have length less than or equal to ${maxLength}`);
  return value;
}

/**
 * State machine names: 1–80 characters (model), and only 0-9, A-Z, a-z, - and _ so CloudWatch Logs works
 * (CreateStateMachine reference, "name"; the pattern Terraform enforces, research file a.1).
 */
export function checkMachineName(name: string): void {
  if (name.length < 1 || name.length > 80) throw new SfnError('InvalidName', `Invalid Name: '${name}' (a name is 1 to 80 characters)`);
  if (!/^[0-9A-Za-z_-]+$/.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}' (use only 0-9, A-Z, a-z, - and _)`);
}

/**
 * Alias names: 1–80 characters matching `^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$`, never all digits so an alias ARN
 * cannot be read as a version ARN (CreateStateMachineAlias reference, "name"; research file a.3).
 */
export function checkAliasName(name: string): void {
  if (name.length < 1 || name.length > 80 || !/^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/.test(name)) {
    throw new SfnError('InvalidName', `Invalid Name: '${name}' (an alias name is 1 to 80 of a-z, A-Z, 0-9, _, -, . and not only digits)`);
  }
}

/** Problems with a definition, as ValidateStateMachineDefinition diagnostics; empty when it is acceptable. */
export function definitionProblems(definition: string): { code: string; message: string; location?: string }[] {
  // Definitions are at most 1 MB (research file a.3 quotas: "Definition 1 MB (hard)").
  if (Buffer.byteLength(definition, 'utf8') > 1_048_576) return [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'The definition is larger than 1,048,576 bytes' }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(definition);
  } catch (error) {
    return [{ code: 'INVALID_JSON_DESCRIPTION', message: `The definition is not valid JSON: ${(error as Error).message}` }];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'The definition must be a JSON object' }];
  const { StartAt, States } = parsed as { StartAt?: unknown; States?: unknown };
  if (typeof States !== 'object' || States === null || Array.isArray(States)) {
    return [{ code: 'SCHEMA_VALIDATION_FAILED', message: "The field 'States' is required and must be an object", location: '/States' }];
  }
  if (typeof StartAt !== 'string') return [{ code: 'SCHEMA_VALIDATION_FAILED', message: "The field 'StartAt' is required and must be a string", location: '/StartAt' }];
  if (!Object.hasOwn(States, StartAt)) return [{ code: 'MISSING_TRANSITION_TARGET', message: `Missing 'Next' target: ${StartAt}`, location: '/StartAt' }];
  return [];
}

/**
 * CreateStateMachine / UpdateStateMachine refuse, with InvalidDefinition, a definition ValidateStateMachineDefinition
 * would FAIL: "FAIL when the workflow definition contains errors that would prevent you from creating or updating
 * your state machine" (ValidateStateMachineDefinition reference). `extra` is the fake's `validate` option.
 */
export function checkDefinition(definition: string, extra?: (definition: string) => { severity: string; code: string; message: string; location?: string }[]): void {
  const problems = definitionProblems(definition);
  if (problems.length === 0 && extra) problems.push(...extra(definition).filter((d) => d.severity === 'ERROR'));
  const first = problems[0];
  if (first) throw new SfnError('InvalidDefinition', `Invalid State Machine Definition: '${first.code}: ${first.message}${first.location ? ` at ${first.location}` : ''}'`);
}

/** IAM role ARNs (`roleArn` 1–256 in the model; Step Functions answers InvalidArn for something that is not one). */
export function checkRoleArn(roleArn: string): void {
  if (roleArn.length > 256 || !/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/.test(roleArn)) throw new SfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${roleArn}'`);
}

/** Tags: key 1–128, value 0–256, no `aws:` keys (reserved by AWS), at most 50 per resource (research file a.3). */
export function readTags(value: unknown, member = 'tags'): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidValue(member, 'Member must be a list');
  return value.map((entry: unknown, i) => {
    const { key, value: tagValue } = (entry ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key.length < 1 || key.length > 128) throw invalidValue(`${member}.${i + 1}.member.key`, 'Member must have length between 1 and 128');
    if (key.toLowerCase().startsWith('aws:')) throw new SfnError('ValidationException', `Tag keys starting with 'aws:' are reserved for AWS use: '${key}'`);
    const v = tagValue ?? '';
    if (typeof v !== 'string' || v.length > 256) throw invalidValue(`${member}.${i + 1}.member.value`, 'Member must have length less than or equal to 256');
    return { key, value: v };
  });
}

export const MAX_TAGS = 50;

export function tooManyTags(resourceName: string): SfnError {
  return new SfnError('TooManyTags', `Too many tags: a resource has at most ${MAX_TAGS} tags`, { resourceName });
}

/**
 * loggingConfiguration: level ALL|ERROR|FATAL|OFF (default OFF), at most one destination whose log group ARN ends
 * with ":*", and a destination whenever the level is not OFF (CreateStateMachine reference; research file a.3).
 */
export function readLogging(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new SfnError('InvalidLoggingConfiguration', 'Invalid Logging Configuration: must be an object');
  const config = value as { level?: unknown; includeExecutionData?: unknown; destinations?: unknown };
  const level = config.level ?? 'OFF';
  if (typeof level !== 'string' || !['ALL', 'ERROR', 'FATAL', 'OFF'].includes(level)) throw new SfnError('InvalidLoggingConfiguration', `Invalid Logging Configuration: level '${String(level)}' is not one of ALL, ERROR, FATAL, OFF`);
  const destinations = config.destinations ?? [];
  if (!Array.isArray(destinations) || destinations.length > 1) throw new SfnError('InvalidLoggingConfiguration', 'Invalid Logging Configuration: at most one destination');
  for (const d of destinations as { cloudWatchLogsLogGroup?: { logGroupArn?: unknown } }[]) {
    const arn = d?.cloudWatchLogsLogGroup?.logGroupArn;
    if (typeof arn !== 'string' || !arn.endsWith(':*')) throw new SfnError('InvalidLoggingConfiguration', `Invalid Logging Configuration: Log Destination not found or not a log group ARN ending in ':*': ${String(arn)}`);
  }
  if (level !== 'OFF' && destinations.length === 0) throw new SfnError('InvalidLoggingConfiguration', `Invalid Logging Configuration: level ${level} needs a log destination`);
  return { level, includeExecutionData: config.includeExecutionData === true, ...(destinations.length ? { destinations } : {}) };
}

export function readTracing(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  const enabled = (value as { enabled?: unknown }).enabled;
  if (typeof value !== 'object' || (enabled !== undefined && typeof enabled !== 'boolean')) throw new SfnError('InvalidTracingConfiguration', 'Invalid Tracing Configuration: enabled must be a boolean');
  return { enabled: enabled === true };
}

/** encryptionConfiguration: type AWS_OWNED_KEY|CUSTOMER_MANAGED_KMS_KEY, kmsDataKeyReusePeriodSeconds 60–900 (research file a.3). */
export function readEncryption(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  const config = value as { type?: unknown; kmsKeyId?: unknown; kmsDataKeyReusePeriodSeconds?: unknown };
  if (config.type !== 'AWS_OWNED_KEY' && config.type !== 'CUSTOMER_MANAGED_KMS_KEY') throw new SfnError('InvalidEncryptionConfiguration', `Invalid Encryption Configuration: type '${String(config.type)}'`);
  if (config.type === 'CUSTOMER_MANAGED_KMS_KEY' && typeof config.kmsKeyId !== 'string') throw new SfnError('InvalidEncryptionConfiguration', 'Invalid Encryption Configuration: CUSTOMER_MANAGED_KMS_KEY needs kmsKeyId');
  const period = config.kmsDataKeyReusePeriodSeconds;
  if (period !== undefined && (typeof period !== 'number' || period < 60 || period > 900)) throw new SfnError('InvalidEncryptionConfiguration', 'Invalid Encryption Configuration: kmsDataKeyReusePeriodSeconds must be 60 to 900');
  return { ...config };
}

export const DEFAULT_LOGGING = { level: 'OFF', includeExecutionData: false };
export const DEFAULT_TRACING = { enabled: false };
export const DEFAULT_ENCRYPTION = { type: 'AWS_OWNED_KEY' };

/** Order-insensitive deep equality for stored configuration objects. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
