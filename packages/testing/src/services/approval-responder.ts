import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { APPROVAL_REQUEST_KIND, APPROVAL_REQUEST_SCHEMA } from '@agentflow/compiler';
import type { ApprovalAnswer, ApprovalRequest, Json } from '../types.js';
import { SimulationSetupError, StatesError } from '../engine/errors.js';
import { PAYLOAD_LIMIT, jsonBytes } from '../engine/payload-limit.js';
import type { TaskCall } from '../engine/frame.js';
import { expandParts } from './agent-adapter.js';
import type { MemoryS3 } from './memory-s3.js';

const LAMBDA_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const SNS_CALLBACK = 'arn:aws:states:::sns:publish.waitForTaskToken';

/**
 * An approval (docs/agent-adapter.md, "Approvals"): the request a compiled approval step hands to the workflow's
 * approval responder (lambda:invoke.waitForTaskToken, `Payload.kind` agentflow.approval-request), or, in hand-written
 * ASL, an SNS publish that waits for its task token. Reads the state as written or its evaluated arguments alike.
 */
export function isApprovalTask(resource: string, args: unknown): boolean {
  if (resource.startsWith(SNS_CALLBACK)) return true;
  if (resource !== LAMBDA_CALLBACK) return false;
  const payload = (args as { Payload?: unknown } | null | undefined)?.Payload;
  return !!payload && typeof payload === 'object' && (payload as Record<string, unknown>)['kind'] === APPROVAL_REQUEST_KIND;
}

export function isApprovalCall(call: TaskCall): boolean {
  return isApprovalTask(call.resource, call.args);
}

let validate: ValidateFunction | undefined;

/**
 * The responder checks each request against approval-request.schema.json before it notifies anyone, so every
 * scenario with an approval checks what the compiled ASL really sends. A request that breaks the contract is a
 * function error of the responder (`Agentflow.InvalidRequest`), as it would be on AWS.
 */
function checkApprovalRequest(payload: unknown): void {
  // strictRequired off: the `oneOf` branches (message or messageParts) name fields `properties` defines at the top.
  validate ??= new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(APPROVAL_REQUEST_SCHEMA);
  if (validate(payload)) return;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` ('${String(e.params['additionalProperty'])}')` : ''}`);
  throw new StatesError('Agentflow.InvalidRequest', `The approval request breaks the contract (approval-request.schema.json): ${errors.join('; ')}.`);
}

/**
 * What the responder reads from the request; the token must be in it or nobody could answer. The `message` is what
 * the reviewers get: `messageParts` expanded from `s3` as the responder expands them.
 */
export function approvalRequest(call: TaskCall, s3: MemoryS3): ApprovalRequest {
  const args = (call.args ?? {}) as Record<string, Json>;
  if (call.resource === LAMBDA_CALLBACK) return responderRequest(call, args, s3);
  return publishedRequest(call, args);
}

/** The compiled form: the Lambda Payload is the approval request itself. */
function responderRequest(call: TaskCall, args: Record<string, Json>, s3: MemoryS3): ApprovalRequest {
  const payload = args['Payload'] as Record<string, Json>;
  checkApprovalRequest(payload);
  if (call.token === undefined || payload['taskToken'] !== call.token) {
    throw new SimulationSetupError(
      `State '${call.stateName}' waits for a task token but its approval request's taskToken is not that token, so the responder could never answer.`,
      'Set taskToken to $states.context.Task.Token.',
    );
  }
  // The responder's SendTaskHeartbeat right after notifying happens at the moment the task starts: it changes no
  // timer here, so the simulated responder leaves heartbeats to the approval mock (ctx.heartbeat()).
  return {
    workflow: payload['workflow'] as string,
    step: payload['step'] as string,
    execution: payload['execution'] as string,
    message: Array.isArray(payload['messageParts']) ? messageText(payload['messageParts'], s3) : (payload['message'] as Json),
    ...(typeof payload['subject'] === 'string' ? { subject: payload['subject'] } : {}),
    arguments: args,
  };
}

/**
 * The text of `messageParts`, each offloaded value read from the simulated S3 as the responder reads it from the
 * offload bucket. An object it cannot read fails the notification (`Agentflow.ApprovalNotifyFailed`), naming it.
 */
function messageText(parts: readonly Json[], s3: MemoryS3): string {
  try {
    return expandParts(parts, s3, 'messageParts');
  } catch (error) {
    if (!(error instanceof StatesError) || error.error === 'Agentflow.InvalidRequest') throw error;
    throw new StatesError(
      'Agentflow.ApprovalNotifyFailed',
      `The reviewers were not notified: the approval message splices an object that could not be read (${(error.causeText ?? error.error).replace(/\.$/, '')}). The responder role needs s3:GetObject on it (Sid ReadOffloadedPayloadsToShowReviewers, on the workflow's offload prefix).`,
    );
  }
}

/** Hand-written ASL: an SNS message that carries the token, often as `$string({taskToken, …, message})`. */
function publishedRequest(call: TaskCall, args: Record<string, Json>): ApprovalRequest {
  const raw = args['Message'];
  let message: Json = raw ?? null;
  if (typeof raw === 'string') {
    try {
      message = JSON.parse(raw) as Json;
    } catch {
      message = raw;
    }
  }
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  if (call.token === undefined || !text.includes(call.token)) {
    throw new SimulationSetupError(
      `State '${call.stateName}' waits for a task token but its published message does not contain it, so no responder could ever answer.`,
      'Pass $states.context.Task.Token in the message.',
    );
  }
  const fields = message && typeof message === 'object' && !Array.isArray(message) ? message : {};
  return {
    ...(typeof fields['workflow'] === 'string' ? { workflow: fields['workflow'] } : {}),
    ...(typeof fields['step'] === 'string' ? { step: fields['step'] } : {}),
    ...(typeof fields['execution'] === 'string' ? { execution: fields['execution'] } : {}),
    message: 'message' in fields ? (fields['message'] as Json) : message,
    ...(typeof args['Subject'] === 'string' ? { subject: args['Subject'] } : {}),
    arguments: args,
  };
}

/** The responder's SendTaskSuccess output: `{ approved, comments?, reviewer? }`, checked like the real one. */
export function approvalOutput(answer: unknown, stateName: string): ApprovalAnswer {
  const a = answer as Record<string, unknown> | null;
  const ok =
    !!a && typeof a === 'object' && typeof a['approved'] === 'boolean' &&
    (a['comments'] === undefined || typeof a['comments'] === 'string') &&
    (a['reviewer'] === undefined || typeof a['reviewer'] === 'string') &&
    Object.keys(a).every((k) => k === 'approved' || k === 'comments' || k === 'reviewer');
  if (!ok) {
    throw new SimulationSetupError(`The approval mock for '${stateName}' answered ${JSON.stringify(answer)}, not { approved: boolean, comments?: string, reviewer?: string }.`);
  }
  if (jsonBytes(a) > PAYLOAD_LIMIT) throw new StatesError('States.DataLimitExceeded', `The SendTaskSuccess output for '${stateName}' is over ${PAYLOAD_LIMIT} bytes.`);
  return a as unknown as ApprovalAnswer;
}
