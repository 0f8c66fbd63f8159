import { FaultPlan, type FaultKind } from '../faults.js';
import { jsonObjectBody, startLoopback, type LoopbackReply, type LoopbackRequest } from '../loopback-server.js';

/**
 * SSM Parameter Store GetParameter on a loopback port, over awsJson1_1 as the real service speaks it: `POST /`,
 * `X-Amz-Target: AmazonSSM.GetParameter`, `Content-Type: application/x-amz-json-1.1`, epoch-second dates, errors as
 * `{"__type": code, "message": …}` (SSM API reference, GetParameter:
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html).
 */

export interface SsmCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface FakeSsm {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly faults: FaultPlan;
  /** Every request received, in order, including those a fault or a rule refused. */
  readonly calls: SsmCall[];
  /** Creates the parameter, or overwrites it with the next version (as PutParameter with Overwrite does). Test setup:
   *  a name SSM would refuse throws. */
  setParameter(name: string, value: string, type?: 'String' | 'SecureString'): void;
  close(): Promise<void>;
}

export interface FakeSsmOptions {
  /** Default us-east-1. */
  region?: string;
  /** Default 123456789012. */
  account?: string;
}

interface ParameterRecord {
  name: string;
  type: 'String' | 'SecureString';
  value: string;
  version: number;
  lastModifiedDate: number;
}

const JSON_TYPE = 'application/x-amz-json-1.1';
/** What a SecureString read without WithDecryption carries before the value: SSM returns the KMS ciphertext, never
 *  the plaintext (GetParameter reference, `WithDecryption`: "ignored for String and StringList parameter types"). */
export const SSM_CIPHERTEXT_MARKER = 'fake-kms-ciphertext:';

export async function startFakeSsm(options: FakeSsmOptions = {}): Promise<FakeSsm> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '123456789012';
  const parameters = new Map<string, ParameterRecord>();
  const faults = new FaultPlan();
  const calls: SsmCall[] = [];
  let requests = 0;
  let clock = 1_767_225_600; // 2026-01-01T00:00:00Z; each write advances it one second, so dates are deterministic

  // A parameter's ARN drops the name's leading slash: `parameter/a/b` for `/a/b`, `parameter/x` for `x` (Parameter
  // Store user guide, "Working with parameter hierarchies"; IAM resource type `parameter`).
  const arnOf = (name: string): string => `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, '')}`;

  const reply = (status: number, body: unknown): LoopbackReply => {
    requests += 1;
    return {
      status,
      headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': `00000000-0000-4000-e000-${String(requests).padStart(12, '0')}` },
      body: JSON.stringify(body),
    };
  };
  const fail = (status: number, code: string, message: string): LoopbackReply => reply(status, { __type: code, message });

  const injected = (fault: FaultKind, operation: string, name: unknown): LoopbackReply => {
    switch (fault) {
      case 'drop':
        return { drop: true };
      case 'throttle':
        return fail(400, 'ThrottlingException', 'Rate exceeded');
      case 'server-error':
        // InternalServerError is the model's server fault; any 500 is retried by the SDK.
        return fail(500, 'InternalServerError', 'An internal error occurred');
      case 'access-denied': {
        const resource = typeof name === 'string' ? arnOf(name) : `arn:aws:ssm:${region}:${account}:parameter/*`;
        return fail(400, 'AccessDeniedException', `User: arn:aws:sts::${account}:assumed-role/approval-responder/session is not authorized to perform: ssm:${operation} on resource: ${resource} because no identity-based policy allows the ssm:${operation} action`);
      }
      case 'conflict':
        return fail(400, 'TooManyUpdates', `There are concurrent updates for the resource that you are trying to modify (${operation})`);
    }
  };

  const getParameter = (input: Record<string, unknown>): LoopbackReply => {
    const name = input.Name;
    if (name === undefined || name === null) return fail(400, 'ValidationException', "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    // Name is 1–2048 characters (GetParameter reference, request parameters).
    if (typeof name !== 'string' || name.length < 1 || name.length > 2048) {
      return fail(400, 'ValidationException', "1 validation error detected: Value at 'name' failed to satisfy constraint: Member must have length between 1 and 2048");
    }
    // `/a` and `a` are different parameters: the name is looked up as given (selectors `name:version` and
    // `name:label` are not served).
    const parameter = parameters.get(name);
    if (!parameter) return fail(400, 'ParameterNotFound', `Parameter ${name} not found.`);
    const decrypt = input.WithDecryption === true;
    const value = parameter.type === 'SecureString' && !decrypt ? Buffer.from(`${SSM_CIPHERTEXT_MARKER}${parameter.value}`, 'utf8').toString('base64') : parameter.value;
    return reply(200, {
      Parameter: {
        Name: parameter.name,
        Type: parameter.type,
        Value: value,
        Version: parameter.version,
        ARN: arnOf(parameter.name),
        DataType: 'text',
        LastModifiedDate: parameter.lastModifiedDate,
      },
    });
  };

  const handle = (request: LoopbackRequest): LoopbackReply => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || !target.startsWith('AmazonSSM.')) {
      return fail(400, 'UnknownOperationException', `Unknown operation: ${request.method} ${request.url} X-Amz-Target '${target}'`);
    }
    const operation = target.slice('AmazonSSM.'.length);
    const input = jsonObjectBody(request.body);
    if (input === undefined) {
      calls.push({ operation, input: {} });
      return fail(400, 'SerializationException', 'The request body is not a JSON object');
    }
    calls.push({ operation, input });
    if (operation !== 'GetParameter') return fail(400, 'UnknownOperationException', `Unknown operation: '${operation}'`);
    const fault = faults.take(operation);
    if (fault) return injected(fault, operation, input.Name);
    return getParameter(input);
  };

  const server = await startLoopback(handle);
  return {
    endpoint: server.endpoint,
    faults,
    calls,
    setParameter: (name, value, type = 'String') => {
      checkParameterName(name);
      const previous = parameters.get(name);
      clock += 1;
      parameters.set(name, { name, type, value, version: (previous?.version ?? 0) + 1, lastModifiedDate: clock });
    },
    close: () => server.close(),
  };
}

/**
 * PutParameter's name rules (PutParameter reference, `Name`): 1–2048 characters of a-z A-Z 0-9 _ . - /, not
 * beginning with `aws` or `ssm` (any case, with or without a leading slash), at most 15 hierarchy levels.
 */
function checkParameterName(name: string): void {
  const problem =
    name.length < 1 || name.length > 2048
      ? 'must be 1 to 2048 characters'
      : !/^[a-zA-Z0-9_.\-/]+$/.test(name)
        ? 'may hold only a-z, A-Z, 0-9, _, ., - and /'
        : /^\/?(aws|ssm)/i.test(name)
          ? "must not begin with 'aws' or 'ssm'"
          : name.replace(/^\//, '').split('/').length > 15
            ? 'must have at most 15 hierarchy levels'
            : undefined;
  if (problem) throw new Error(`setParameter: the parameter name '${name}' ${problem} (PutParameter reference, Name)`);
}
