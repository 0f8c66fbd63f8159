/**
 * The errors the adapter throws. Lambda reports a thrown Error's `name` as the function error type, which Step
 * Functions matches in `Retry`/`Catch` (`ErrorEquals`), so each name is part of the contract (docs/agent-adapter.md,
 * Response). Messages never quote the prompt or the answer: Lambda logs them and Step Functions keeps them in the
 * execution history.
 */
export const ADAPTER_ERRORS = {
  InvalidRequest: 'Agentflow.InvalidRequest',
  InvalidAgentOutput: 'Agentflow.InvalidAgentOutput',
  AnswerTooLarge: 'Agentflow.AnswerTooLarge',
  AgentThrottled: 'Agentflow.AgentThrottled',
  OffloadMissing: 'Agentflow.OffloadMissing',
  OffloadFailed: 'Agentflow.OffloadFailed',
  AgentTimeout: 'Agentflow.AgentTimeout',
  AgentUnavailable: 'Agentflow.AgentUnavailable',
  AgentFailed: 'Agentflow.AgentFailed',
  ReturnControlUnhandled: 'Agentflow.ReturnControlUnhandled',
} as const;

export type AdapterErrorName = (typeof ADAPTER_ERRORS)[keyof typeof ADAPTER_ERRORS];

/** Step Functions keeps at most 32,768 characters of a Cause; the message is most of it. */
const MAX_MESSAGE = 30_000;

export class AdapterError extends Error {
  override readonly name: AdapterErrorName;

  constructor(name: AdapterErrorName, message: string, cause?: unknown) {
    super(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}… (cut at ${MAX_MESSAGE} characters)` : message, cause === undefined ? undefined : { cause });
    this.name = name;
  }
}

/**
 * The errors the approval responder throws when Step Functions invokes it with an approval request. As with the
 * adapter, Lambda reports the name as the function error type, so a `Retry` or `Catch` on the approval step can
 * match it (docs/runtime.md, The approval responder).
 */
export const APPROVAL_ERRORS = {
  /** The event is not an approval request of this agentflow version, nor an HTTP request the responder serves. */
  InvalidRequest: 'Agentflow.InvalidRequest',
  /** The reviewers could not be notified: a setting, the link key (SSM) or SNS failed. */
  NotifyFailed: 'Agentflow.ApprovalNotifyFailed',
} as const;

export type ApprovalErrorName = (typeof APPROVAL_ERRORS)[keyof typeof APPROVAL_ERRORS];

export class ApprovalError extends Error {
  override readonly name: ApprovalErrorName;

  constructor(name: ApprovalErrorName, message: string, cause?: unknown) {
    super(message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}… (cut at ${MAX_MESSAGE} characters)` : message, cause === undefined ? undefined : { cause });
    this.name = name;
  }
}
