import { ERR, StatesError } from '../engine/errors.js';
import type { Frame, MapRunInfo, MapRunResult } from '../engine/frame.js';
import { childRecord, transformResults } from '../engine/map-run.js';
import type { MemoryS3 } from './memory-s3.js';

/**
 * Distributed Map `ResultWriter` (developer guide, "input-output-resultwriter"): the Map Run's results go under
 * `<Prefix>/<map run id>/` — `SUCCEEDED_0.json` (shaped by `WriterConfig.Transformation`, default NONE when
 * exporting), `FAILED_0.json` (failed and aborted children, as records), `PENDING_0.json` (never started) — with a
 * `manifest.json` listing them; the state's result is only `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }`.
 * `WriterConfig.OutputType` JSONL writes one JSON value per line. A Bucket that is not a string is
 * `States.ResultWriterFailed`.
 */
export async function writeMapResults(
  s3: MemoryS3,
  frame: Frame,
  stateName: string,
  args: unknown,
  config: Record<string, unknown> | undefined,
  results: MapRunResult[],
  run?: MapRunInfo,
): Promise<unknown> {
  const a = (args ?? {}) as Record<string, unknown>;
  const bucket = a['Bucket'];
  if (typeof bucket !== 'string' || bucket === '') {
    throw new StatesError(ERR.ResultWriterFailed, `The ResultWriter of '${stateName}' has no Bucket to write to (got ${JSON.stringify(bucket) ?? 'nothing'}).`);
  }
  const info = run ?? fallbackRun(frame, stateName);
  const prefix = `${String(a['Prefix'] ?? '').replace(/\/+$/, '')}/${info.id}`.replace(/^\//, '');
  const transformation = String(config?.['Transformation'] ?? 'NONE');
  const jsonl = config?.['OutputType'] === 'JSONL';
  const format = (values: unknown[]) => (jsonl ? values.map((v) => JSON.stringify(v)).join('\n') : JSON.stringify(values));
  const byStatus = (...statuses: string[]) => results.filter((r) => statuses.includes(r.status ?? (r.error === undefined ? 'SUCCEEDED' : 'FAILED')));
  const files: Record<string, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  const groups: [string, unknown[]][] = [
    ['SUCCEEDED', transformResults(byStatus('SUCCEEDED'), info, transformation)],
    ['FAILED', byStatus('FAILED', 'ABORTED').map((r) => childRecord(r, info))],
    ['PENDING', byStatus('PENDING').map((r) => childRecord(r, info))],
  ];
  for (const [status, values] of groups) {
    if (values.length === 0) continue;
    const key = `${prefix}/${status}_0.json`;
    const body = format(values);
    s3.put(bucket, key, body);
    files[status]!.push({ Key: key, Size: Buffer.byteLength(body) });
  }
  const manifestKey = `${prefix}/manifest.json`;
  s3.put(bucket, manifestKey, JSON.stringify({ DestinationBucket: bucket, MapRunArn: info.mapRunArn, ResultFiles: files }));
  return { MapRunArn: info.mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}

function fallbackRun(frame: Frame, stateName: string): MapRunInfo {
  const exec = frame.exec;
  const id = exec.uuid();
  const machine = `${exec.machineName}/${stateName}`;
  return { mapRunArn: `arn:aws:states:${exec.region}:${exec.account}:mapRun:${machine}:${id}`, id, stateMachineArn: `arn:aws:states:${exec.region}:${exec.account}:stateMachine:${machine}` };
}
