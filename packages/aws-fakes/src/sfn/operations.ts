import { createStateMachineAlias, deleteStateMachineAlias, describeStateMachineAlias, listStateMachineAliases, updateStateMachineAlias } from './aliases.js';
import { createStateMachine, deleteStateMachine, describeStateMachine, listStateMachines, updateStateMachine } from './machines.js';
import type { Input } from './rules.js';
import type { SfnStore } from './store.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import { sendTaskFailure, sendTaskHeartbeat, sendTaskSuccess } from './tasks.js';
import { validateStateMachineDefinition } from './validate-definition.js';
import { deleteStateMachineVersion, listStateMachineVersions, publishStateMachineVersion } from './versions.js';

/** The operations the fake serves, by the name in `X-Amz-Target: AWSStepFunctions.<Operation>`. */
export const SFN_OPERATIONS: Readonly<Record<string, (store: SfnStore, input: Input) => Record<string, unknown>>> = {
  CreateStateMachine: createStateMachine,
  UpdateStateMachine: updateStateMachine,
  DescribeStateMachine: describeStateMachine,
  DeleteStateMachine: deleteStateMachine,
  ListStateMachines: listStateMachines,
  PublishStateMachineVersion: publishStateMachineVersion,
  ListStateMachineVersions: listStateMachineVersions,
  DeleteStateMachineVersion: deleteStateMachineVersion,
  CreateStateMachineAlias: createStateMachineAlias,
  UpdateStateMachineAlias: updateStateMachineAlias,
  DescribeStateMachineAlias: describeStateMachineAlias,
  ListStateMachineAliases: listStateMachineAliases,
  DeleteStateMachineAlias: deleteStateMachineAlias,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
  ValidateStateMachineDefinition: validateStateMachineDefinition,
  SendTaskSuccess: sendTaskSuccess,
  SendTaskFailure: sendTaskFailure,
  SendTaskHeartbeat: sendTaskHeartbeat,
};

/**
 * The operations that change deployed resources: what a dry run must never call. SendTaskSuccess/Failure/Heartbeat
 * change a running execution, not a deployment, and deploy never calls them, so they are not listed: `writes()`
 * stays the record of what a deploy did to state machines, versions, aliases and tags.
 */
export const SFN_MUTATING_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateStateMachine',
  'UpdateStateMachine',
  'DeleteStateMachine',
  'PublishStateMachineVersion',
  'DeleteStateMachineVersion',
  'CreateStateMachineAlias',
  'UpdateStateMachineAlias',
  'DeleteStateMachineAlias',
  'TagResource',
  'UntagResource',
]);
