import { createStateMachineAlias, deleteStateMachineAlias, describeStateMachineAlias, listStateMachineAliases, updateStateMachineAlias } from './aliases.js';
import { createStateMachine, deleteStateMachine, describeStateMachine, listStateMachines, updateStateMachine } from './machines.js';
import type { Input } from './rules.js';
import type { SfnStore } from './store.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
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
};

/** The operations that change state: what a dry run must never call. */
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
