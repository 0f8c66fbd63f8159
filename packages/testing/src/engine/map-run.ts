import type { MapRunInfo, MapRunResult } from './frame.js';
import { jsonText } from './history.js';

/**
 * A child execution as a Distributed Map reports it with `Transformation: NONE` (developer guide,
 * "input-output-resultwriter"): `Input`/`Output` are JSON strings; a failed child has `Error`/`Cause` instead of
 * `Output`. The failed-record fields beyond the documented succeeded ones are UNSETTLED (docs/simulator.md §7).
 */
export function childRecord(run: MapRunResult, info: MapRunInfo): Record<string, unknown> {
  const status = run.status ?? (run.error === undefined ? 'SUCCEEDED' : 'FAILED');
  const base: Record<string, unknown> = {
    ExecutionArn: run.executionArn ?? '',
    Input: jsonText(run.input),
    InputDetails: { Included: true },
    Name: run.name ?? String(run.index),
  };
  if (status === 'SUCCEEDED') {
    return {
      ...base,
      Output: jsonText(run.output),
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      StartDate: run.startDate,
      StateMachineArn: info.stateMachineArn,
      Status: status,
      StopDate: run.stopDate,
    };
  }
  if (status === 'PENDING') {
    return { ...base, RedriveCount: 0, RedriveStatus: 'NOT_REDRIVABLE', StateMachineArn: info.stateMachineArn, Status: status };
  }
  return {
    ...base,
    Status: status,
    Error: run.error ?? 'States.Runtime',
    Cause: run.cause ?? '',
    StartDate: run.startDate,
    StopDate: run.stopDate,
    StateMachineArn: info.stateMachineArn,
    RedriveCount: 0,
    RedriveStatus: 'REDRIVABLE_BY_MAP_RUN',
  };
}

/**
 * The outputs a Map Run reports under a `WriterConfig.Transformation`: `NONE` the records, `COMPACT` the outputs,
 * `FLATTEN` the outputs with array outputs spread. A failed child is always reported as its record.
 */
export function transformResults(runs: readonly MapRunResult[], info: MapRunInfo, transformation: string): unknown[] {
  const out: unknown[] = [];
  for (const run of runs) {
    const succeeded = (run.status ?? (run.error === undefined ? 'SUCCEEDED' : 'FAILED')) === 'SUCCEEDED';
    if (!succeeded || transformation === 'NONE') out.push(childRecord(run, info));
    else if (transformation === 'FLATTEN' && Array.isArray(run.output)) out.push(...(run.output as unknown[]));
    else out.push(run.output);
  }
  return out;
}
