import type { LoopbackReply } from '../loopback-server.js';
import type { FaultKind } from '../faults.js';

/**
 * restJson1 replies as Bedrock Agent sends them: JSON bodies, and errors as an HTTP status plus the
 * `x-amzn-errortype` header naming the exception (AWS restJson1 protocol, "Operation error serialization"), which
 * the SDK turns into its typed exception class.
 */
export function ok(body: unknown): LoopbackReply {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Status codes from the bedrock-agent model's error shapes (research file a.4; the SDK's `@httpError` traits). */
const STATUS: Record<string, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
};

export type BedrockAgentErrorCode = keyof typeof STATUS | 'UnknownOperationException';

export function error(code: BedrockAgentErrorCode, message: string): LoopbackReply {
  return {
    status: STATUS[code] ?? 404,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code, 'x-amzn-requestid': 'fake-request' },
    body: JSON.stringify({ message }),
  };
}

/** The reply an injected fault gives. */
export function faultReply(kind: FaultKind, operation: string): LoopbackReply {
  switch (kind) {
    case 'drop':
      return { drop: true };
    case 'throttle':
      return error('ThrottlingException', 'Rate exceeded');
    case 'server-error':
      return error('InternalServerException', 'Internal server error (injected)');
    case 'access-denied':
      return error('AccessDeniedException', `User: arn:aws:iam::111122223333:user/tester is not authorized to perform: bedrock:${operation}`);
    case 'conflict':
      return error('ConflictException', 'A concurrent operation is in progress (injected)');
  }
}
