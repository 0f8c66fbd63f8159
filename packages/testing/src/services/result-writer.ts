import { jsonText } from '../engine/history.js';
import type { Frame, MapRunResult } from '../engine/frame.js';
import type { MemoryS3 } from './memory-s3.js';

/**
 * Distributed Map `ResultWriter` (developer guide, "input-output-resultwriter"): child results go to
 * `<Prefix>/<map run id>/SUCCEEDED_0.json` / `FAILED_0.json` with a `manifest.json` listing them, and the state's
 * result is only `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }` naming the manifest.
 */
export async function writeMapResults(s3: MemoryS3, frame: Frame, stateName: string, args: unknown, _config: Record<string, unknown> | undefined, results: MapRunResult[]): Promise<unknown> {
  const a = (args ?? {}) as Record<string, unknown>;
  const bucket = String(a['Bucket']);
  const exec = frame.exec;
  const runId = `${exec.context.Execution['Name']}-${stateName.replace(/\W+/g, '')}-${exec.transitions}`;
  const mapRunArn = `${String(exec.context.StateMachine['Id']).replace(':stateMachine:', ':mapRun:')}/${runId}`;
  const prefix = `${String(a['Prefix'] ?? '').replace(/\/$/, '')}/${runId}`;
  const entry = (run: MapRunResult) => ({
    ExecutionArn: `${mapRunArn}:${run.index}`,
    Input: jsonText(run.input),
    InputDetails: { Included: true },
    Name: String(run.index),
    ...(run.error === undefined ? { Output: jsonText(run.output), OutputDetails: { Included: true } } : { Error: run.error, Cause: run.cause ?? '' }),
    Status: run.error === undefined ? 'SUCCEEDED' : 'FAILED',
  });
  const files: Record<string, { Key: string; Size: number }[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  for (const [status, runs] of [['SUCCEEDED', results.filter((r) => r.error === undefined)], ['FAILED', results.filter((r) => r.error !== undefined)]] as const) {
    if (runs.length === 0) continue;
    const key = `${prefix}/${status}_0.json`;
    const body = JSON.stringify(runs.map(entry));
    s3.put(bucket, key, body);
    files[status]!.push({ Key: key, Size: Buffer.byteLength(body) });
  }
  const manifestKey = `${prefix}/manifest.json`;
  s3.put(bucket, manifestKey, JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: files }));
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}
