import type { ApprovalAnswer, ApprovalRequest, Json } from '../types.js';
import { SimulationSetupError, StatesError } from '../engine/errors.js';
import { PAYLOAD_LIMIT, jsonBytes } from '../engine/payload-limit.js';
import type { TaskCall } from '../engine/frame.js';

/** An approval: an SNS publish that waits for its task token (docs/agent-adapter.md, "Approvals"). */
export function isApprovalCall(call: TaskCall): boolean {
  return call.resource.startsWith('arn:aws:states:::sns:publish.waitForTaskToken');
}

/** What the responder reads from the published message; the token must be in it or nobody could answer. */
export function approvalRequest(call: TaskCall): ApprovalRequest {
  const args = (call.args ?? {}) as Record<string, Json>;
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
