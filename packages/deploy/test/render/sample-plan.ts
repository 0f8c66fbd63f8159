import type { DeployPlan, MachinePlan } from '../../src/index.js';

const HASH_A = `sha256:1a2b3c4d5e6f${'0'.repeat(52)}`;
const HASH_B = `sha256:9f8e7d6c5b4a${'1'.repeat(52)}`;
const HASH_C = `sha256:abcdef012345${'2'.repeat(52)}`;
const HASH_D = `sha256:5555aaaa5555${'3'.repeat(52)}`;

const LONG_BEFORE =
  "{% 'Summarize ' & $states.input.value.title & ' (' & $states.input.value.url & ') in at most 300 words, citing the source.' %}";
const LONG_AFTER =
  "{% 'Summarize ' & $states.input.value.title & ' (' & $states.input.value.url & ') in at most 200 words, citing the source.' %}";

export const created: MachinePlan = {
  workflow: 'approval',
  stateMachineName: 'approval-prod',
  stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:approval-prod',
  action: 'create',
  definitionHash: HASH_C,
  stateCount: 7,
  settings: [
    { pointer: '/roleArn', kind: 'added', after: 'arn:aws:iam::111122223333:role/agentflow-approval' },
    { pointer: '/logging/level', kind: 'added', after: 'ERROR' },
    { pointer: '/logging/includeExecutionData', kind: 'added', after: false },
    { pointer: '/tracing', kind: 'added', after: true },
  ],
  tags: { added: { team: 'research' }, changed: {}, removed: [] },
  publish: true,
  alias: { name: 'live', after: [{ version: 0, weight: 100 }] },
  prune: [],
  warnings: [],
};

export const updated: MachinePlan = {
  workflow: 'research-report',
  stateMachineName: 'research-report-prod',
  stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:research-report-prod',
  action: 'update',
  definitionHash: HASH_B,
  deployedHash: HASH_A,
  definition: {
    top: [{ pointer: '/TimeoutSeconds', kind: 'changed', before: 3600, after: 7200 }],
    added: [{ path: ['Notify Reviewers'], pointer: '/States/Notify Reviewers', type: 'Task' }],
    removed: [{ path: ['Notify'], pointer: '/States/Notify', type: 'Task' }],
    changed: [
      {
        path: ['Write Draft'],
        pointer: '/States/Write Draft',
        type: 'Task',
        fields: [
          { pointer: '/Arguments/Payload/prompt', kind: 'changed', before: "{% 'Write about ' & $topic %}", after: "{% 'Write a report about ' & $topic %}" },
          { pointer: '/Retry/2', kind: 'added', after: { ErrorEquals: ['States.Timeout'], MaxAttempts: 2 } },
          { pointer: '/TimeoutSeconds', kind: 'changed', before: 300, after: 600 },
        ],
      },
      {
        path: ['Summarize Sources', 'Summarize'],
        pointer: '/States/Summarize Sources/ItemProcessor/States/Summarize',
        type: 'Task',
        fields: [{ pointer: '/Arguments/Payload/inputText', kind: 'changed', before: LONG_BEFORE, after: LONG_AFTER }],
      },
    ],
  },
  settings: [{ pointer: '/logging/level', kind: 'changed', before: 'ERROR', after: 'ALL' }],
  tags: { added: { team: 'research' }, changed: { env: { before: 'dev', after: 'prod' } }, removed: ['owner'] },
  publish: true,
  alias: { name: 'live', before: [{ version: 3, weight: 100 }], after: [{ version: 0, weight: 10 }, { version: 3, weight: 90 }] },
  prune: [1, 2],
  warnings: ['980 of 1,000 versions used; raise --keep pruning or delete old versions.'],
};

export const unchanged: MachinePlan = {
  workflow: 'sequential',
  stateMachineName: 'sequential-prod',
  stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:sequential-prod',
  action: 'unchanged',
  definitionHash: HASH_D,
  deployedHash: HASH_D,
  settings: [],
  tags: { added: {}, changed: {}, removed: [] },
  publish: false,
  prune: [],
  warnings: [],
};

export const samplePlan: DeployPlan = {
  environment: 'prod',
  region: 'us-east-1',
  account: '111122223333',
  machines: [created, updated, unchanged],
};
