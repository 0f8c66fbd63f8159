import type { Field } from '../asl-fields.js';

/** What the Task derivations share: the workflow's own functions, and where their payloads are reported. */
export interface TaskScope {
  /** The grant resources of the agent adapter function, to recognise its invocations. */
  readonly adapterResources: readonly string[];
  /** Reports an adapter invocation's `Payload`, whose `agentId`/`agentAliasId` name the agent. */
  adapterCall(payload: Field): void;
  /** The grant resources of the approval responder function, to recognise approval requests. */
  readonly responderResources: readonly string[];
  /** Reports an approval request's `Payload`, whose `topicArn` names the reviewers' topic. */
  approvalCall(payload: Field): void;
  /** The state machine this definition deploys as. */
  readonly stateMachine: { readonly arn: string; readonly name: string };
}
