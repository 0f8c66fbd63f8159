import type { AgentRequest, Json } from '../types.js';
import { StatesError } from '../engine/errors.js';
import type { TaskCall } from '../engine/frame.js';
import { parseS3Uri, type MemoryS3 } from './memory-s3.js';
import { schemaErrors } from './output-schema.js';
import { checkAdapterRequest, checkAnswerBudget } from './agent-adapter-request.js';

/** A `lambda:invoke` whose payload is an adapter request (docs/agent-adapter.md). */
export function adapterPayload(call: TaskCall): Record<string, Json> | undefined {
  if (!call.resource.startsWith('arn:aws:states:::lambda:invoke')) return undefined;
  const payload = (call.args as { Payload?: unknown } | null)?.Payload;
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const p = payload as Record<string, Json>;
  return typeof p['agentId'] === 'string' && ('inputText' in p || 'inputParts' in p) ? p : undefined;
}

/** What the adapter does before InvokeAgent: expand `inputParts` from S3 into one prompt. */
export function agentRequest(payload: Record<string, Json>, s3: MemoryS3): AgentRequest {
  checkAdapterRequest(payload);
  const parts = payload['inputParts'];
  let prompt: string;
  if (Array.isArray(parts)) {
    prompt = expandParts(parts, s3, 'inputParts');
  } else if (typeof payload['inputText'] === 'string') {
    prompt = payload['inputText'];
  } else {
    throw new StatesError('Agentflow.InvalidRequest', 'The adapter request has neither a string inputText nor inputParts.');
  }
  return {
    agentId: String(payload['agentId']),
    agentAliasId: String(payload['agentAliasId']),
    sessionId: String(payload['sessionId']),
    prompt,
    outputSchema: payload['outputSchema'] ?? { type: 'string' },
    payload,
  };
}

/**
 * The text of `inputParts` (or an approval request's `messageParts`, the same items): strings as they are, each
 * expand part's value read from S3 and spliced as JSON text unless it is a string, concatenated in order. A missing
 * object is `Agentflow.OffloadMissing`.
 */
export function expandParts(parts: readonly Json[], s3: MemoryS3, field = 'inputParts'): string {
  return parts.map((part) => (typeof part === 'string' ? part : splice(expandPart(part, s3, field)))).join('');
}

function splice(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function expandPart(part: Json, s3: MemoryS3, field: string): unknown {
  if (!part || typeof part !== 'object' || Array.isArray(part) || !('expand' in part)) {
    throw new StatesError('Agentflow.InvalidRequest', `An ${field} entry is neither text nor { expand }: ${JSON.stringify(part)}.`);
  }
  let value = resolvePointers(part['expand'], s3);
  const path = part['path'];
  if (Array.isArray(path)) {
    for (const key of path) value = (value as Record<string, unknown> | undefined)?.[String(key)];
  }
  return value;
}

/** Replaces every `{ "$s3": uri, … }` with the object it names; a Distributed Map manifest with its results. */
function resolvePointers(value: unknown, s3: MemoryS3): unknown {
  if (Array.isArray(value)) return value.map((v) => resolvePointers(v, s3));
  if (!value || typeof value !== 'object') return value;
  const pointer = (value as Record<string, unknown>)['$s3'];
  if (typeof pointer === 'string') {
    const loaded = s3.getJson(pointer.replace(/#.*$/, ''), 'Agentflow.OffloadMissing');
    return isManifest(loaded) ? manifestResults(loaded, s3) : loaded;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePointers(v, s3)]));
}

interface Manifest {
  readonly DestinationBucket: string;
  readonly ResultFiles: { readonly SUCCEEDED?: readonly { readonly Key: string }[] };
}

function isManifest(value: unknown): value is Manifest {
  return !!value && typeof value === 'object' && 'ResultFiles' in value && 'DestinationBucket' in value;
}

/**
 * The outputs of the succeeded child executions, in item order. A result file holds either records
 * (`Transformation: NONE`, `Output` a JSON string) or the outputs themselves (`COMPACT`/`FLATTEN`), as a JSON array
 * or as JSON Lines.
 */
function manifestResults(manifest: Manifest, s3: MemoryS3): unknown[] {
  const out: unknown[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    const uri = `s3://${manifest.DestinationBucket}/${file.Key}`;
    const { bucket, key } = parseS3Uri(uri);
    const text = s3.getText(bucket, key, 'Agentflow.OffloadMissing');
    let entries: unknown[];
    try {
      const parsed = JSON.parse(text) as unknown;
      entries = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      entries = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
    }
    for (const entry of entries) out.push(isRecord(entry) ? JSON.parse(entry.Output) : entry);
  }
  return out;
}

/** A child execution record (`Transformation: NONE`), as opposed to a bare output. */
function isRecord(entry: unknown): entry is { Output: string } {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return false;
  const e = entry as Record<string, unknown>;
  return typeof e['Output'] === 'string' && typeof e['ExecutionArn'] === 'string' && e['Status'] === 'SUCCEEDED';
}

/**
 * What the adapter does with the agent's answer: validate it against `outputSchema`
 * (`Agentflow.InvalidAgentOutput` otherwise), apply the `offload` directive, and return what fits `maxOutputBytes`
 * (`Agentflow.AnswerTooLarge` otherwise; nothing is written to S3 then).
 */
export function adapterAnswer(payload: Record<string, Json>, answer: unknown, s3: MemoryS3): unknown {
  const schema = payload['outputSchema'] ?? { type: 'string' };
  const errors = schemaErrors(schema, answer);
  if (errors !== undefined) throw new StatesError('Agentflow.InvalidAgentOutput', `The agent's answer does not match outputSchema: ${errors}`);
  const offload = payload['offload'] as { bucket?: string; key?: string; inline?: string[]; arrays?: { field: string; key: string }[] } | undefined;
  if (!offload) {
    checkAnswerBudget(payload, answer, false);
    return answer;
  }
  if (typeof offload.bucket !== 'string' || typeof offload.key !== 'string') {
    throw new StatesError('Agentflow.InvalidRequest', `The offload directive needs a bucket and a key: ${JSON.stringify(offload)}.`);
  }
  const record = (answer && typeof answer === 'object' && !Array.isArray(answer) ? answer : {}) as Record<string, unknown>;
  const inline: Record<string, unknown> = {};
  for (const field of offload.inline ?? []) if (field in record) inline[field] = record[field];
  const uri = `s3://${offload.bucket}/${offload.key}`;
  parseS3Uri(uri);
  const returned = { ...inline, $s3: uri };
  checkAnswerBudget(payload, returned, true);
  s3.put(offload.bucket, offload.key, JSON.stringify(answer));
  for (const array of offload.arrays ?? []) s3.put(offload.bucket, array.key, JSON.stringify(record[array.field] ?? []));
  return returned;
}
