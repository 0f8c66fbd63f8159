import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { has, own } from '../model/json-value.js';
import { objectField } from '../model/model-queries.js';
import { classifyMapResource } from '../resources/resource-classifier.js';
import type { AslRule } from './asl-rule.js';

const DISTRIBUTED_ONLY = [
  'ItemReader',
  'ItemBatcher',
  'ResultWriter',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
];

/** Distributed Map fields need DISTRIBUTED mode (with an ExecutionType); S3 readers and writers use S3 APIs only. */
export const distributedMapRule: AslRule = {
  name: 'distributed-map',
  codes: ['DISTRIBUTED_MAP_ONLY_FIELD', 'MISSING_REQUIRED_FIELD', 'INVALID_RESOURCE'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (state.type !== 'Map' || !state.node) continue;
      const processor = objectField(state.node, 'ItemProcessor', state.pointer) ?? objectField(state.node, 'Iterator', state.pointer);
      const config = processor ? objectField(processor.value, 'ProcessorConfig', processor.pointer) : undefined;
      const mode = config ? own(config.value, 'Mode') : undefined;
      const distributed = mode === 'DISTRIBUTED' || (config !== undefined && model.isPlaceholder(joinPointer(config.pointer, 'Mode'), mode));
      if (!distributed) {
        for (const field of DISTRIBUTED_ONLY) {
          if (!has(state.node, field)) continue;
          findings.push(
            finding('DISTRIBUTED_MAP_ONLY_FIELD', {
              message: `"${field}" needs a Distributed Map, but Map state "${state.name}" runs inline.`,
              pointer: joinPointer(state.pointer, field),
              target: 'key',
              hint: 'Add "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"} (or "EXPRESS") to the ItemProcessor, or remove the field.',
            }),
          );
        }
        if (config && has(config.value, 'ExecutionType')) {
          findings.push(
            finding('DISTRIBUTED_MAP_ONLY_FIELD', {
              message: `ExecutionType only applies to Distributed Maps (Map state "${state.name}" runs inline).`,
              pointer: joinPointer(config.pointer, 'ExecutionType'),
              target: 'key',
              hint: 'Set "Mode": "DISTRIBUTED" or remove ExecutionType.',
            }),
          );
        }
      } else if (config && !has(config.value, 'ExecutionType')) {
        findings.push(
          finding('MISSING_REQUIRED_FIELD', {
            message: `Distributed Map state "${state.name}" needs ProcessorConfig.ExecutionType.`,
            pointer: config.pointer,
            target: 'key',
            hint: 'Add "ExecutionType": "STANDARD" (child workflows up to a year) or "EXPRESS" (up to 5 minutes).',
          }),
        );
      }
      for (const field of ['ItemReader', 'ResultWriter'] as const) {
        const object = objectField(state.node, field, state.pointer);
        const resource = object ? own(object.value, 'Resource') : undefined;
        if (!object || typeof resource !== 'string' || resource === '') continue;
        const verdict = classifyMapResource(resource, field);
        if (!verdict.ok) {
          findings.push(finding('INVALID_RESOURCE', { message: verdict.message, hint: verdict.hint, pointer: joinPointer(object.pointer, 'Resource') }));
        }
      }
    }
    return findings;
  },
};
