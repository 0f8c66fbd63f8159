import type { OffloadSettings, WorkflowNode } from '@agentflow/dsl';
import type { Environment } from '../../config/project-config.js';
import type { BoundOptions } from './schema-bounds/index.js';

/** Step Functions' payload limit: 256 KiB of UTF-8, for state input, output, results and each variable. */
export const PAYLOAD_LIMIT = 262_144;
/** Variables are limited to 10 MiB per execution in total. */
export const VARIABLES_LIMIT = 10 * 1024 * 1024;

export interface PayloadOptions {
  readonly limitBytes: number;
  readonly marginPercent: number;
  /** limitBytes less the margin: what every measured size must stay under. */
  readonly budgetBytes: number;
  readonly bounds: BoundOptions;
  /** Where offloaded values go, when configured. */
  readonly offload: Required<OffloadSettings> | undefined;
}

export function payloadOptions(workflow: WorkflowNode, env: Environment): PayloadOptions {
  const limitBytes = env.payload?.limitBytes ?? PAYLOAD_LIMIT;
  const marginPercent = env.payload?.marginPercent ?? 10;
  const bucket = workflow.offload?.bucket ?? env.offload?.bucket;
  const prefix = workflow.offload?.prefix ?? env.offload?.prefix ?? 'agentflow';
  const bounds: { -readonly [K in keyof BoundOptions]: BoundOptions[K] } = {};
  if (env.payload?.unboundedStringBytes !== undefined) bounds.unboundedString = env.payload.unboundedStringBytes;
  if (env.payload?.unboundedArrayItems !== undefined) bounds.unboundedArrayItems = env.payload.unboundedArrayItems;
  return {
    limitBytes,
    marginPercent,
    budgetBytes: Math.floor((limitBytes * (100 - marginPercent)) / 100),
    bounds,
    // Each workflow writes under its own `<prefix>/<workflow>/`, which is all its adapter role may touch (docs/iam.md).
    offload: bucket ? { bucket, prefix: `${prefix.replace(/\/+$/, '')}/${workflow.name}` } : undefined,
  };
}
