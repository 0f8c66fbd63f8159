import type { ConditionBlock, RoleKey } from './types.js';

/**
 * One permission need, before merging: these actions on these resources, for this reason. `sid` is the base of the
 * statement's Sid and names the reason; `reason` explains any wildcard in `resources` and is required when there is one.
 */
export interface Grant {
  readonly role: RoleKey;
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly reason?: string;
  /** Limits the grant to requests whose context matches; such a grant becomes a statement of its own. */
  readonly condition?: ConditionBlock;
}

/** Sid bases and wildcard reasons, one place, so a reviewer can read them all together. */
export const SID = {
  invokeAgentAdapter: 'InvokeAgentAdapter',
  invokeApprovalResponder: 'InvokeApprovalResponder',
  invokeLambda: 'InvokeLambdaFunctions',
  publishSns: 'PublishToSnsTopics',
  publishApproval: 'PublishApprovalRequests',
  sendSqs: 'SendSqsMessages',
  dynamodbItems: 'AccessDynamoDbItems',
  putEvents: 'PutEventsOnEventBuses',
  invokeModels: 'InvokeBedrockModels',
  invokeProfiles: 'InvokeBedrockInferenceProfiles',
  profileModels: 'InvokeModelsBehindInferenceProfiles',
  modelInput: 'ReadBedrockModelInputFromS3',
  modelOutput: 'WriteBedrockModelOutputToS3',
  guardrails: 'ApplyBedrockGuardrails',
  harness: 'InvokeAgentCoreHarnesses',
  startChild: 'StartChildStateMachines',
  manageChild: 'ManageSyncChildExecutions',
  syncRule: 'ManagedRuleForSyncChildExecutions',
  mapStart: 'DistributedMapStartsChildExecutions',
  mapManage: 'DistributedMapManagesChildExecutions',
  mapRead: 'DistributedMapReadsItemsFromS3',
  mapList: 'DistributedMapListsItemsInS3',
  mapWrite: 'DistributedMapWritesResultsToS3',
  offload: 'ReadWriteOffloadedPayloads',
  offloadMissingKeys: 'ListOwnOffloadPrefixSoMissingKeysAre404',
  assumeTaskRole: 'AssumeTaskCredentialsRoles',
  configuredWildcard: 'ConfiguredWildcard',
  configuredUnscoped: 'ConfiguredUnscopedAction',
  logDelivery: 'LogDeliveryRequiresWildcard',
  xray: 'XRayRequiresWildcard',
  kmsWorkflow: 'UseKmsKeyForWorkflowData',
  invokeAgents: 'InvokeBedrockAgentAliases',
  kmsOffload: 'UseKmsKeyForOffloadedPayloads',
  adapterLogs: 'WriteAdapterLogs',
  kmsTopics: 'UseKmsKeysOfEncryptedTopics',
  respond: 'SendTaskResponsesScopedToStateMachine',
  responderLogs: 'WriteApprovalResponderLogs',
  responderReads: 'ReadOffloadedPayloadsToShowReviewers',
  notifyReviewers: 'NotifyReviewers',
  approvalLinkKey: 'ReadApprovalLinkKey',
} as const;

export const REASON = {
  lambdaQualifiers: 'Step Functions may invoke a version or alias of the function; `function:NAME:*` covers that function\'s qualifiers only (asl-facts §4, Lambda).',
  profileRegions: 'A cross-Region inference profile sends each request to the model in any Region of its geography, so the Region is `*`; the account is empty and the model id exact (asl-facts §4, invokeModel).',
  childExecutions: 'Child execution names are chosen at run time; `execution:CHILD:*` matches only executions of that child state machine.',
  mapChildren: 'Map Run child executions get generated names; `execution:STATE_MACHINE/*` matches only the Map Runs of this state machine.',
  mapResults: 'ResultWriter writes generated keys (a manifest and result files per Map Run) under the configured prefix.',
  offload: 'Offloaded payloads get keys generated per execution; the grant stays under this workflow\'s own offload prefix (`<prefix>/<workflow>/`).',
  offloadMissingKeys:
    'S3 answers GetObject of a missing key with 404 NoSuchKey only to a caller that may s3:ListBucket, and with 403 AccessDenied otherwise (S3 API reference, GetObject, "Permissions"); S3 makes that check with the key as `s3:prefix`, so the condition limits listing, and the 404, to this workflow\'s own offload prefix.',
  responderReads:
    'An approval request may show offloaded values, whose keys are generated per execution; the responder only reads, and only under this workflow\'s own offload prefix (`<prefix>/<workflow>/`).',
  logDelivery: 'CloudWatch Logs vended log delivery accepts only `Resource: "*"` for these actions (asl-facts §4, Logs).',
  xray: 'X-Ray trace and sampling APIs accept only `Resource: "*"` (asl-facts §4, X-Ray).',
  adapterLogs: 'Lambda writes one log stream per execution environment; `:*` matches the streams of the adapter\'s own log group only.',
  responderLogs: 'Lambda writes one log stream per execution environment; `:*` matches the streams of the responder\'s own log group only.',
  secretSuffix: 'Secrets Manager appends six random characters to a secret\'s ARN; `-??????` matches exactly those.',
  invokeApprovalResponder:
    'Approval steps hand their task token to this workflow\'s own approval responder only (lambda:invoke.waitForTaskToken); the execution role publishes nothing to the reviewers\' topics, so no subscriber ever holds a token.',
  notifyReviewers:
    'The responder notifies the reviewers on each approval step\'s topic with sealed approve/reject links instead of the task token (docs/agent-adapter.md, "Approvals").',
  approvalLinkKey:
    'The responder seals and opens the reviewers\' links with the keys in this SecureString parameter (GetParameter WithDecryption); the parameter is in the Region the responder runs in.',
  respond:
    'The responder answers only the tasks of this state machine. CDK\'s grantTaskResponse scopes SendTask* the same way and AccessDenied messages for these calls name the state machine ARN, while AWS\'s tutorial uses "*" and the Service Authorization Reference lists no resource type: enforcement is unsettled (asl-facts §4, Callback responder). If a deployment gets AccessDenied here, widen this one statement to "*".',
} as const;

/** Collects grants in a stable order-independent way: the merge sorts everything. */
export class GrantSet {
  readonly grants: Grant[] = [];

  add(grant: Grant): void {
    if (grant.actions.length === 0 || grant.resources.length === 0) return;
    this.grants.push(grant);
  }
}
