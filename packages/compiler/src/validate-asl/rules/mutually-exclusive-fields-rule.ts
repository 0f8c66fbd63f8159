import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { has, type JsonObject } from '../model/json-value.js';
import { objectField } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

/** Groups of alternatives: at most one may be set (`required`: exactly one). */
interface Group {
  readonly fields: readonly string[];
  readonly required?: boolean;
}

const BY_TYPE: Readonly<Record<string, readonly Group[]>> = {
  Task: [{ fields: ['TimeoutSeconds', 'TimeoutSecondsPath'] }, { fields: ['HeartbeatSeconds', 'HeartbeatSecondsPath'] }],
  Wait: [{ fields: ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'], required: true }],
  Fail: [{ fields: ['Error', 'ErrorPath'] }, { fields: ['Cause', 'CausePath'] }],
  Map: [
    { fields: ['ItemProcessor', 'Iterator'], required: true },
    { fields: ['Items', 'ItemsPath'] },
    { fields: ['ItemSelector', 'Parameters'] },
    { fields: ['MaxConcurrency', 'MaxConcurrencyPath'] },
    { fields: ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'] },
    { fields: ['ToleratedFailureCount', 'ToleratedFailureCountPath'] },
  ],
};

const NESTED: readonly { readonly path: readonly string[]; readonly groups: readonly Group[] }[] = [
  { path: ['Credentials'], groups: [{ fields: ['RoleArn', 'RoleArn.$'] }] },
  { path: ['ItemReader'], groups: [{ fields: ['Parameters', 'Arguments'] }] },
  { path: ['ItemReader', 'ReaderConfig'], groups: [{ fields: ['MaxItems', 'MaxItemsPath'] }] },
  {
    path: ['ItemBatcher'],
    groups: [
      { fields: ['MaxItemsPerBatch', 'MaxItemsPerBatchPath'] },
      { fields: ['MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'] },
    ],
  },
  { path: ['ResultWriter'], groups: [{ fields: ['Parameters', 'Arguments'] }] },
];

/** Fields that are alternatives for one another (X and XPath, Items and ItemsPath, ...). */
export const mutuallyExclusiveFieldsRule: AslRule = {
  name: 'mutually-exclusive-fields',
  codes: ['MUTUALLY_EXCLUSIVE_FIELDS', 'MISSING_REQUIRED_FIELD'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (!state.node || !state.type) continue;
      check(state.node, state.pointer, `state "${state.name}"`, BY_TYPE[state.type] ?? [], findings);
      for (const { path, groups } of NESTED) {
        let object: { value: JsonObject; pointer: string } | undefined = { value: state.node, pointer: state.pointer };
        for (const segment of path) object = object ? objectField(object.value, segment, object.pointer) : undefined;
        if (object) check(object.value, object.pointer, `${path.join('.')} of state "${state.name}"`, groups, findings);
      }
      const batcher = objectField(state.node, 'ItemBatcher', state.pointer);
      if (batcher && !['MaxItemsPerBatch', 'MaxItemsPerBatchPath', 'MaxInputBytesPerBatch', 'MaxInputBytesPerBatchPath'].some((f) => has(batcher.value, f))) {
        findings.push(
          finding('MISSING_REQUIRED_FIELD', {
            message: `ItemBatcher of state "${state.name}" sets no batch limit.`,
            pointer: batcher.pointer,
            target: 'key',
            hint: 'Set MaxItemsPerBatch or MaxInputBytesPerBatch (or their *Path forms).',
          }),
        );
      }
    }
    return findings;
  },
};

function check(object: JsonObject, pointer: string, owner: string, groups: readonly Group[], findings: Finding[]): void {
  for (const group of groups) {
    const present = group.fields.filter((f) => has(object, f));
    if (present.length > 1) {
      findings.push(
        finding('MUTUALLY_EXCLUSIVE_FIELDS', {
          message: `${capitalize(owner)} sets ${present.map((f) => `"${f}"`).join(' and ')}; only one of them is allowed.`,
          pointer: joinPointer(pointer, present[1]!),
          target: 'key',
          hint: `Keep one of ${group.fields.join(', ')}.`,
        }),
      );
    } else if (present.length === 0 && group.required) {
      findings.push(
        finding('MISSING_REQUIRED_FIELD', {
          message: `${capitalize(owner)} needs one of ${group.fields.map((f) => `"${f}"`).join(', ')}.`,
          pointer,
          target: 'key',
          hint: group.fields.includes('ItemProcessor')
            ? 'Add "ItemProcessor": {"StartAt": ..., "States": {...}} (Iterator is its deprecated name).'
            : `Set exactly one of ${group.fields.join(', ')}.`,
        }),
      );
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
