import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ExpandPart } from './contract/request.js';
import { ADAPTER_ERRORS, AdapterError } from './errors.js';

/** What the adapter reads and writes in the offload bucket (docs/payload.md): JSON documents. */
export class OffloadStore {
  constructor(private readonly s3: S3Client) {}

  async getText(bucket: string, key: string): Promise<string> {
    try {
      const reply = await this.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await reply.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'NoSuchKey' || name === 'NotFound') {
        throw new AdapterError(ADAPTER_ERRORS.OffloadMissing, `s3://${bucket}/${key} does not exist (NoSuchKey): an expand pointer names an object that was never written or was deleted.`, error);
      }
      // Without s3:ListBucket on the key S3 answers a missing key with 403, not 404 (S3 API reference, GetObject:
      // "Permissions"). The compiled adapter role may list its own offload prefix (docs/iam.md), so there a 403 is a
      // refusal; a role without that grant, or a key outside the prefix, cannot tell the two apart.
      const hint = name === 'AccessDenied' ? ' S3 also answers AccessDenied for a missing object when the role may not list the bucket.' : '';
      throw s3Failure('read', bucket, key, error, hint);
    }
  }

  async getJson(bucket: string, key: string): Promise<unknown> {
    const text = await this.getText(bucket, key);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AdapterError(ADAPTER_ERRORS.OffloadMissing, `s3://${bucket}/${key} is not a JSON document.`);
    }
  }

  /** PutObject overwrites: a retried invocation writes the same key again (the key names no attempt). */
  async putJson(bucket: string, key: string, value: unknown): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(value), ContentType: 'application/json' }));
    } catch (error) {
      throw s3Failure('write', bucket, key, error);
    }
  }
}

function s3Failure(what: string, bucket: string, key: string, error: unknown, hint = ''): AdapterError {
  const e = error as { name?: string; message?: string };
  return new AdapterError(ADAPTER_ERRORS.OffloadFailed, `Could not ${what} s3://${bucket}/${key} (${e.name ?? 'Error'}: ${e.message ?? String(error)}). The adapter role may read and write only under its workflow's offload prefix.${hint}`, error);
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new AdapterError(ADAPTER_ERRORS.InvalidRequest, `${JSON.stringify(uri)} is not an s3://bucket/key URI.`);
  return { bucket: match[1]!, key: match[2]! };
}

/** The prompt of `inputParts`: strings as they are, expanded values as JSON text, concatenated in order. */
export async function expandInputParts(parts: readonly (string | ExpandPart)[], store: OffloadStore): Promise<string> {
  const texts: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    let value = await resolvePointers(part.expand, store);
    for (const step of part.path ?? []) value = (value as Record<string, unknown> | undefined)?.[String(step)];
    texts.push(typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'));
  }
  return texts.join('');
}

/** Replaces every `{ "$s3": uri, … }` with the document it names; a Distributed Map manifest with its results. */
async function resolvePointers(value: unknown, store: OffloadStore): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolvePointers(v, store)));
  if (!value || typeof value !== 'object') return value;
  const pointer = (value as Record<string, unknown>)['$s3'];
  if (typeof pointer === 'string') {
    const { bucket, key } = parseS3Uri(pointer.replace(/#.*$/, ''));
    const loaded = await store.getJson(bucket, key);
    return isManifest(loaded) ? manifestResults(loaded, store) : loaded;
  }
  const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolvePointers(v, store)] as const));
  return Object.fromEntries(entries);
}

/** The `manifest.json` a Distributed Map's ResultWriter writes (Step Functions developer guide, ResultWriter). */
interface Manifest {
  readonly DestinationBucket: string;
  readonly ResultFiles: { readonly SUCCEEDED?: readonly { readonly Key: string }[] };
}

function isManifest(value: unknown): value is Manifest {
  return !!value && typeof value === 'object' && 'ResultFiles' in value && 'DestinationBucket' in value;
}

/**
 * The outputs of the succeeded child executions, in file order. A result file holds records (`Transformation:
 * NONE`, each `Output` a JSON string) or the outputs themselves (`COMPACT`/`FLATTEN`), as a JSON array or JSON Lines.
 */
async function manifestResults(manifest: Manifest, store: OffloadStore): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const file of manifest.ResultFiles.SUCCEEDED ?? []) {
    const text = await store.getText(manifest.DestinationBucket, file.Key);
    let entries: unknown[];
    try {
      const parsed = JSON.parse(text) as unknown;
      entries = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      try {
        entries = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
      } catch {
        throw new AdapterError(ADAPTER_ERRORS.OffloadMissing, `s3://${manifest.DestinationBucket}/${file.Key} is neither JSON nor JSON Lines.`);
      }
    }
    for (const entry of entries) out.push(isRecord(entry) ? (JSON.parse(entry.Output) as unknown) : entry);
  }
  return out;
}

/** A child execution record (`Transformation: NONE`), as opposed to a bare output. */
function isRecord(entry: unknown): entry is { Output: string } {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return false;
  const e = entry as Record<string, unknown>;
  return typeof e['Output'] === 'string' && typeof e['ExecutionArn'] === 'string' && e['Status'] === 'SUCCEEDED';
}
