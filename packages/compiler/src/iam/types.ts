import type { Environment } from '../config/project-config.js';

/** What `generateIam` needs besides the ASL: where it deploys, and the deploy-time choices the ASL cannot show. */
export interface IamContext {
  /** The workflow's name; also the state machine's name unless `stateMachineArn` says otherwise. */
  readonly workflowName: string;
  /** Partition, region and account become the ARNs' own (see docs/iam.md, "ARNs"). */
  readonly env: Environment;
  /** Defaults to the ARN the environment's `stateMachineName` gives the workflow (config/state-machine-name.ts). */
  readonly stateMachineArn?: string;
  /**
   * Agents from the IR (`ResolvedEnvironment.agents`). Optional: every adapter invocation in the ASL names its
   * agent and alias ids, and those are read too; the adapter role gets the union.
   */
  readonly agents?: readonly { readonly agentId: string; readonly aliasId: string }[];
  /**
   * Where this workflow's large payloads go (bucket name, key prefix without a trailing slash). The compiler passes
   * the workflow's own prefix, `<configured prefix>/<workflow name>`, and only when the workflow offloads anything.
   * Logging, tracing and KMS keys come from `env` (`logging`, `tracing`, `kms`).
   */
  readonly offload?: { readonly bucket: string; readonly prefix: string };
  /**
   * Wildcards the author accepts where the resource is unknown at compile time. Each entry is either an ARN pattern
   * for one service (`arn:aws:sns:us-east-1:111122223333:alerts-*`), which covers dynamic or underivable resources
   * of that service, or an IAM action (`ec2:DescribeInstances`), which accepts `Resource: "*"` for that action.
   */
  readonly allowWildcards?: readonly string[];
}

export type RoleKey = 'stateMachine' | 'agentAdapter' | 'approvalResponder';

export const ROLE_ORDER: readonly RoleKey[] = ['stateMachine', 'agentAdapter', 'approvalResponder'];

export type ConditionBlock = Record<string, Record<string, string | readonly string[]>>;

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal?: { readonly Service: string };
  readonly Action: readonly string[];
  readonly Resource?: readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export interface IamRole {
  /** One line for humans: what the role is for. */
  readonly description: string;
  /** The Lambda function this role belongs to, for the adapter and the responder: this workflow's own. */
  readonly functionArn?: string;
  /** Trust policy (`assume_role_policy` in Terraform, `AssumeRolePolicyDocument` in CloudFormation). */
  readonly assumeRolePolicy: PolicyDocument;
  /**
   * The inline permissions policy (`aws_iam_role_policy.policy`, `Policies[].PolicyDocument`). Absent when the role
   * needs no permission at all: IAM rejects a policy without statements.
   */
  readonly policy?: PolicyDocument;
}

/** Why a statement's resource holds a wildcard. Every `*` or `?` in the artifact has one. */
export interface IamNote {
  readonly role: RoleKey;
  readonly sid: string;
  readonly resources: readonly string[];
  readonly reason: string;
}

/** The `<workflow-name>.iam.json` artifact. */
export interface IamArtifact {
  readonly workflow: string;
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly stateMachineArn: string;
  readonly roles: {
    readonly stateMachine: IamRole;
    readonly agentAdapter?: IamRole;
    readonly approvalResponder?: IamRole;
  };
  readonly notes: readonly IamNote[];
}
