import type { PolicyDocument, RoleKey } from './types.js';

/**
 * Trust policies. Step Functions assumes the execution role on behalf of a state machine, so the trust names that
 * state machine (`aws:SourceArn`) as well as its account (`aws:SourceAccount`): with the account alone, any state
 * machine of the account, created by anyone allowed to pass the role, could run with this workflow's permissions
 * (the cross-service confused deputy; Step Functions DG, "Prevent cross-service confused deputy issue").
 *
 * `ArnLike` lists the unqualified ARN and `ARN:*`: executions of a published version or through an alias may
 * carry the qualified ARN, and AWS does not document which one reaches STS. A state machine name cannot contain
 * `:`, so `:*` matches this state machine's versions and aliases only, never another state machine.
 */
export function trustPolicy(role: RoleKey, account: string, stateMachineArn: string): PolicyDocument {
  if (role === 'stateMachine') {
    return {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustStepFunctionsForThisStateMachineOnly',
          Effect: 'Allow',
          Principal: { Service: 'states.amazonaws.com' },
          Action: ['sts:AssumeRole'],
          Condition: {
            ArnLike: { 'aws:SourceArn': [stateMachineArn, `${stateMachineArn}:*`] },
            StringEquals: { 'aws:SourceAccount': account },
          },
        },
      ],
    };
  }
  // A Lambda role is confined by the one function it is attached to (one per workflow, docs/agent-adapter.md).
  return { Version: '2012-10-17', Statement: [{ Sid: 'TrustLambda', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: ['sts:AssumeRole'] }] };
}
