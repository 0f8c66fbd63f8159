import type { Field } from '../asl-fields.js';

/** What the Task derivations share: the adapter's ARNs, and where adapter payloads (naming agents) are reported. */
export interface TaskScope {
  /** The grant resources of the agent adapter function, to recognise its invocations. */
  readonly adapterResources: readonly string[];
  /** Reports an adapter invocation's `Payload`, whose `agentId`/`agentAliasId` name the agent. */
  adapterCall(payload: Field): void;
  /** The state machine this definition deploys as. */
  readonly stateMachine: { readonly arn: string; readonly name: string };
}
