/**
 * Conformance corpus: inline and Distributed Map (docs/simulator.md §7).
 */
import { describe, expect, it } from 'vitest';
import { failWith, SimulationSetupError, type Json } from '../../src/index.js';
import type { AslState } from '../../src/engine/asl.js';
import { graph, machine, ofType, one, run, task, types } from './helpers.js';

const INLINE = { Mode: 'INLINE' };
const DISTRIBUTED = { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' };

/** A Map whose iterations run the Task `Work` on each item. */
const mapOf = (config: Record<string, unknown>, extra: Partial<AslState> = {}) =>
  machine({ M: { Type: 'Map', ItemProcessor: { ProcessorConfig: config, ...graph({ Work: task() }) }, End: true, ...extra } as never });

/** A mock that sleeps `item` seconds and answers `item * 10`. */
const sleepy = { Work: async (item: unknown, ctx: { sleep(s: number): Promise<void> }) => (await ctx.sleep(item as number), (item as number) * 10) };

describe('inline Map', () => {
  // SPEC "Map State concurrency": the result follows item order, whatever the completion order.
  it('keeps item order whatever the completion order', async () => {
    const r = await run(mapOf(INLINE), { input: [3, 1, 2], tasks: sleepy });
    expect(r.output).toEqual([30, 10, 20]);
    expect(r.durationSeconds).toBe(3);
  });

  // SPEC "Map State concurrency"; DG "state-map": MaxConcurrency 1 is strictly sequential, 0 is unlimited.
  it('runs sequentially with MaxConcurrency 1 and all at once with 0', async () => {
    const one_ = await run(mapOf(INLINE, { MaxConcurrency: 1 }), { input: [3, 1, 2], tasks: sleepy });
    expect(one_.durationSeconds).toBe(6);
    const all = await run(mapOf(INLINE, { MaxConcurrency: 0 }), { input: [3, 1, 2], tasks: sleepy });
    expect(all.durationSeconds).toBe(3);
    const two = await run(mapOf(INLINE, { MaxConcurrency: '{% 2 %}' }), { input: [3, 1, 2], tasks: sleepy });
    expect(two.durationSeconds).toBe(3);
  });

  // DG "state-map-inline": an inline Map runs at most 40 iterations at once.
  it('runs at most 40 iterations at once', async () => {
    const r = await run(mapOf(INLINE), { input: Array.from({ length: 50 }, () => 1), tasks: sleepy });
    expect(r.durationSeconds).toBe(2);
  });

  // REC/assign/test_assign_reference_variables: MapStateStarted{length}, MapIterationStarted/Succeeded{name, index}.
  it('records MapStateStarted and one Started/Succeeded pair per iteration', async () => {
    const r = await run(mapOf(INLINE, { MaxConcurrency: 1 }), { input: [1, 2], tasks: sleepy });
    expect(one(r, 'MapStateStarted')['mapStateStartedEventDetails']).toEqual({ length: 2 });
    expect(ofType(r, 'MapIterationStarted').map((e) => e['mapIterationStartedEventDetails'])).toEqual([{ name: 'M', index: 0 }, { name: 'M', index: 1 }]);
    expect(types(r).filter((t) => t.startsWith('Map'))).toEqual([
      'MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'MapIterationSucceeded', 'MapIterationStarted', 'MapIterationSucceeded', 'MapStateSucceeded', 'MapStateExited',
    ]);
    // Each state entered is billed: the Map and one Work per item.
    expect(r.transitions).toBe(3);
  });

  // SPEC "Processing Items": $states.context.Map.Item exists only while evaluating ItemSelector.
  it('binds $states.context.Map.Item only in ItemSelector', async () => {
    const r = await run(machine({ M: { Type: 'Map', Items: [1], ItemProcessor: { ProcessorConfig: INLINE, ...graph({ P: { Type: 'Pass', Output: '{% $states.context.Map.Item.Index %}', End: true } }) }, End: true } as never }));
    expect(r.error).toBe('States.QueryEvaluationError');
  });

  // SPEC "Map State": Items must be an array (States.QueryEvaluationError); a JSON object is not simulated.
  it('requires Items to be an array', async () => {
    expect((await run(mapOf(INLINE, { Items: '{% 5 %}' }))).error).toBe('States.QueryEvaluationError');
    await expect(run(mapOf(INLINE), { input: { a: 1 } })).rejects.toThrow(SimulationSetupError);
  });

  // SPEC "Map State"; REC/timeouts/test_timeouts (`test_service_lambda_map_timeout`): a failing iteration fails the
  // Map with its error unchanged; the others are stopped (TaskStateAborted, MapIterationAborted), then MapStateFailed.
  it('fails with the first failing iteration and aborts the others', async () => {
    const r = await run(mapOf(INLINE), {
      input: [10, 1, 10],
      tasks: { Work: async (item, ctx) => { await ctx.sleep(item as number); if (item === 1) throw failWith('Item.Broken', 'item 1'); return item; } },
    });
    expect(r).toMatchObject({ status: 'FAILED', error: 'Item.Broken', cause: 'item 1', durationSeconds: 1 });
    expect(types(r).slice(-8)).toEqual(['TaskFailed', 'MapIterationFailed', 'TaskStateAborted', 'MapIterationAborted', 'TaskStateAborted', 'MapIterationAborted', 'MapStateFailed', 'ExecutionFailed']);
    // Each aborted iteration's events chain from its own last event; MapStateFailed follows the failed iteration.
    const byType = (t: string) => ofType(r, t);
    expect(byType('MapStateFailed')[0]!.previousEventId).toBe(byType('MapIterationFailed')[0]!.id);
    expect(ofType(r, 'MapIterationAborted').map((e) => e['mapIterationAbortedEventDetails'])).toEqual([{ name: 'M', index: 0 }, { name: 'M', index: 2 }]);
    // Nothing more happens in the aborted iterations.
    expect(ofType(r, 'TaskSucceeded')).toHaveLength(0);
  });

  // SPEC "Map State": the failure is catchable on the Map.
  it('lets the Map catch the failure', async () => {
    const def = machine({
      M: { Type: 'Map', ItemProcessor: { ProcessorConfig: INLINE, ...graph({ Work: task() }) }, Catch: [{ ErrorEquals: ['Item.Broken'], Next: 'X' }], Next: 'X' } as never,
      X: { Type: 'Pass', End: true },
    });
    const r = await run(def, { input: [1, 2], tasks: { Work: (item) => { if (item === 2) throw failWith('Item.Broken', 'two'); return item; } } });
    expect(r.output).toEqual({ Error: 'Item.Broken', Cause: 'two' });
  });

  // DG "state-map-distributed": ToleratedFailure*, ItemReader, ResultWriter and Label need a Distributed Map.
  it('rejects distributed-only fields on an inline Map', async () => {
    await expect(run(mapOf(INLINE, { ToleratedFailureCount: 1 }), { input: [1] })).rejects.toThrow(/needs a Distributed Map/);
  });
});

describe('Distributed Map', () => {
  const reader = (key: string, config: Record<string, unknown>) => ({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: config, Arguments: { Bucket: 'b', Key: key } });
  const echo = { Work: (item: Json) => item };

  // DG "input-output-itemreader": a JSON array object, one item per element, cut to MaxItems.
  it('reads a JSON array from S3, cut to MaxItems', async () => {
    const r = await run(mapOf(DISTRIBUTED, { ItemReader: reader('items.json', { InputType: 'JSON', MaxItems: 2 }) }), { s3: { 's3://b/items.json': [{ a: 1 }, { a: 2 }, { a: 3 }] }, tasks: echo });
    expect(r.output).toEqual([{ a: 1 }, { a: 2 }]);
  });

  // DG "input-output-itemreader": JSONL (one item per line) and CSV (first row as header).
  it('reads JSONL and CSV', async () => {
    const jsonl = await run(mapOf(DISTRIBUTED, { ItemReader: reader('items.jsonl', { InputType: 'JSONL' }) }), { s3: { 's3://b/items.jsonl': '{"a":1}\n{"a":2}\n' }, tasks: echo });
    expect(jsonl.output).toEqual([{ a: 1 }, { a: 2 }]);
    const csv = await run(mapOf(DISTRIBUTED, { ItemReader: reader('items.csv', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }) }), { s3: { 's3://b/items.csv': 'id,name\n1,"Smith, J"\n2,Lee\n' }, tasks: echo });
    expect(csv.output).toEqual([{ id: '1', name: 'Smith, J' }, { id: '2', name: 'Lee' }]);
  });

  // DG "input-output-itemreader"; SPEC App. A: a missing object or a non-array body is States.ItemReaderFailed.
  it('fails with States.ItemReaderFailed on a missing object or a non-array body', async () => {
    const missing = await run(mapOf(DISTRIBUTED, { ItemReader: reader('nope.json', { InputType: 'JSON' }) }), { tasks: echo });
    expect(missing.error).toBe('States.ItemReaderFailed');
    expect(one(missing, 'MapRunFailed')['mapRunFailedEventDetails']).toMatchObject({ error: 'States.ItemReaderFailed' });
    const object = await run(mapOf(DISTRIBUTED, { ItemReader: reader('o.json', { InputType: 'JSON' }) }), { s3: { 's3://b/o.json': { a: 1 } }, tasks: echo });
    expect(object.error).toBe('States.ItemReaderFailed');
  });

  // REC/assign/test_assign_reference_variables (`MAP_STATE_REFERENCE_IN_*`): MapStateStarted{length} (0 with an
  // ItemReader), MapRunStarted{mapRunArn}, MapRunSucceeded; children are separate executions: no iteration events.
  it('records a Map Run and no iteration events', async () => {
    const fromInput = await run(mapOf(DISTRIBUTED, { Label: 'Work' }), { input: [1, 2, 3], tasks: echo });
    expect(types(fromInput)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded']);
    expect(one(fromInput, 'MapStateStarted')['mapStateStartedEventDetails']).toEqual({ length: 3 });
    const arn = (one(fromInput, 'MapRunStarted')['mapRunStartedEventDetails'] as { mapRunArn: string }).mapRunArn;
    expect(arn).toMatch(/^arn:aws:states:us-east-1:123456789012:mapRun:simulated\/Work:[0-9a-f-]{36}$/);
    const fromReader = await run(mapOf(DISTRIBUTED, { ItemReader: reader('items.json', { InputType: 'JSON' }) }), { s3: { 's3://b/items.json': [1, 2] }, tasks: echo });
    expect(one(fromReader, 'MapStateStarted')['mapStateStartedEventDetails']).toEqual({ length: 0 });
    // The children still show in the trace, under the Map's scope.
    expect(fromInput.trace.filter((t) => t.state === 'Work').map((t) => t.scope)).toEqual([['M', '0'], ['M', '1'], ['M', '2']]);
  });

  // PRICE: child workflow executions of a Distributed Map are Standard executions, billed per transition like
  // the parent; a run's transitions (what the execution costs) include them.
  it("bills the children's transitions with the parent's", async () => {
    const r = await run(mapOf(DISTRIBUTED), { input: [1, 2, 3], tasks: echo });
    const childStates = r.trace.filter((t) => t.scope.length > 0).length;
    expect(childStates).toBe(3);
    expect(r.transitions).toBe(1 + childStates);
    // Children of this definition's own Map, not of another workflow.
    expect(r.cost.otherWorkflowTransitions).toBe(0);
  });

  // docs/simulator.md §11; DG "input-output-resultwriter": a child's Execution.Id is …:execution:<sm>/<label>:<uuid>.
  it("gives each child an execution id of its own", async () => {
    const r = await run(
      machine({ M: { Type: 'Map', Label: 'Lbl', ItemProcessor: { ProcessorConfig: DISTRIBUTED, ...graph({ P: { Type: 'Pass', Output: '{% $states.context.Execution.Id %}', End: true } }) }, End: true } as never }),
      { input: [1, 2] },
    );
    const ids = r.output as string[];
    for (const id of ids) expect(id).toMatch(/^arn:aws:states:us-east-1:123456789012:execution:simulated\/Lbl:[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(2);
  });

  // SPEC "Map State concurrency": MaxConcurrency 1 runs the children one after the other on the virtual clock.
  it('runs sequentially with MaxConcurrency 1 and all at once with 0', async () => {
    expect((await run(mapOf(DISTRIBUTED, { MaxConcurrency: 1 }), { input: [3, 1, 2], tasks: sleepy })).durationSeconds).toBe(6);
    expect((await run(mapOf(DISTRIBUTED), { input: [3, 1, 2], tasks: sleepy })).durationSeconds).toBe(3);
  });

  // SPEC "Map State Failure Tolerance": with no threshold set, one failed child fails the Map Run with
  // States.ExceedToleratedFailureThreshold (MapRunFailed{error, cause}, MapStateFailed).
  it('fails the Map Run over the tolerated threshold', async () => {
    const r = await run(mapOf(DISTRIBUTED), { input: [1, 2], tasks: { Work: (item) => { if (item === 2) throw failWith('Child.Broken', 'two'); return item; } } });
    expect(r.error).toBe('States.ExceedToleratedFailureThreshold');
    expect(types(r).slice(-4)).toEqual(['MapRunStarted', 'MapRunFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(one(r, 'MapRunFailed')['mapRunFailedEventDetails']).toMatchObject({ error: 'States.ExceedToleratedFailureThreshold' });
  });

  // SPEC "Map State Failure Tolerance": ToleratedFailureCount / ToleratedFailurePercentage; a tolerated failed
  // child's slot is its record (UNSETTLED, docs/simulator.md §7).
  it('tolerates failures up to ToleratedFailureCount or ToleratedFailurePercentage', async () => {
    const failOdd = { Work: (item: Json) => { if ((item as number) % 2 === 1) throw failWith('Child.Odd', `item ${String(item)}`); return item; } };
    const byCount = await run(mapOf(DISTRIBUTED, { ToleratedFailureCount: 2 }), { input: [1, 2, 3, 4], tasks: failOdd });
    expect(byCount.status).toBe('SUCCEEDED');
    const slots = byCount.output as unknown[];
    expect(slots[1]).toBe(2);
    expect(slots[0]).toMatchObject({ Status: 'FAILED', Error: 'Child.Odd', Cause: 'item 1', Input: '1', InputDetails: { Included: true }, RedriveCount: 0 });
    expect(Object.keys(slots[0] as object).sort()).toEqual(['Cause', 'Error', 'ExecutionArn', 'Input', 'InputDetails', 'Name', 'RedriveCount', 'RedriveStatus', 'StartDate', 'StateMachineArn', 'Status', 'StopDate']);
    expect((await run(mapOf(DISTRIBUTED, { ToleratedFailureCount: 1 }), { input: [1, 2, 3, 4], tasks: failOdd })).error).toBe('States.ExceedToleratedFailureThreshold');
    expect((await run(mapOf(DISTRIBUTED, { ToleratedFailurePercentage: 50 }), { input: [1, 2, 3, 4], tasks: failOdd })).status).toBe('SUCCEEDED');
    expect((await run(mapOf(DISTRIBUTED, { ToleratedFailurePercentage: 40 }), { input: [1, 2, 3, 4], tasks: failOdd })).error).toBe('States.ExceedToleratedFailureThreshold');
    // Either threshold exceeded fails the run.
    expect((await run(mapOf(DISTRIBUTED, { ToleratedFailureCount: 5, ToleratedFailurePercentage: 40 }), { input: [1, 2, 3, 4], tasks: failOdd })).error).toBe('States.ExceedToleratedFailureThreshold');
  });

  // DG "input-output-resultwriter": the result names the manifest; manifest.json and SUCCEEDED_0.json are written
  // under <Prefix>/<map run id>/ (records with Transformation NONE, the default when exporting).
  it('writes a manifest and SUCCEEDED_0.json with ResultWriter', async () => {
    const r = await run(mapOf(DISTRIBUTED, { ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'out', Prefix: 'runs/' } } }), { input: [1, 2], tasks: echo });
    const result = r.output as { MapRunArn: string; ResultWriterDetails: { Bucket: string; Key: string } };
    const id = result.MapRunArn.split(':').at(-1)!;
    expect(result.ResultWriterDetails).toEqual({ Bucket: 'out', Key: `runs/${id}/manifest.json` });
    const manifest = JSON.parse(r.s3.get(`s3://out/runs/${id}/manifest.json`)!) as Record<string, unknown>;
    const succeeded = r.s3.get(`s3://out/runs/${id}/SUCCEEDED_0.json`)!;
    expect(manifest).toEqual({ DestinationBucket: 'out', MapRunArn: result.MapRunArn, ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [{ Key: `runs/${id}/SUCCEEDED_0.json`, Size: Buffer.byteLength(succeeded) }] } });
    const records = JSON.parse(succeeded) as Record<string, unknown>[];
    expect(records.map((rec) => [rec['Input'], rec['Output'], rec['Status']])).toEqual([['1', '1', 'SUCCEEDED'], ['2', '2', 'SUCCEEDED']]);
    expect(Object.keys(records[0]!).sort()).toEqual(['ExecutionArn', 'Input', 'InputDetails', 'Name', 'Output', 'OutputDetails', 'RedriveCount', 'RedriveStatus', 'RedriveStatusReason', 'StartDate', 'StateMachineArn', 'Status', 'StopDate']);
  });

  // DG "input-output-resultwriter": WriterConfig COMPACT writes the outputs only; JSONL one per line; failed
  // children go to FAILED_0.json as records.
  it('applies WriterConfig and writes failed children to FAILED_0.json', async () => {
    const r = await run(
      mapOf(DISTRIBUTED, { ToleratedFailureCount: 1, ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'out', Prefix: 'p' }, WriterConfig: { Transformation: 'COMPACT', OutputType: 'JSONL' } } }),
      { input: [{ a: 1 }, { a: 2 }, { a: 3 }], tasks: { Work: (item) => { if ((item as { a: number }).a === 2) throw failWith('Child.Two', 'two'); return item; } } },
    );
    const id = (r.output as { MapRunArn: string }).MapRunArn.split(':').at(-1)!;
    expect(r.s3.get(`s3://out/p/${id}/SUCCEEDED_0.json`)).toBe('{"a":1}\n{"a":3}');
    const failed = JSON.parse(r.s3.get(`s3://out/p/${id}/FAILED_0.json`)!) as Record<string, unknown>;
    expect(failed).toMatchObject({ Status: 'FAILED', Error: 'Child.Two', Cause: 'two', Input: '{"a":2}' });
  });

  // DG "input-output-resultwriter": a failed Map Run still exports its results: failed (and aborted) children in
  // FAILED_0.json, children never started in PENDING_0.json.
  it('exports FAILED and PENDING children when the Map Run fails', async () => {
    const r = await run(
      mapOf(DISTRIBUTED, { MaxConcurrency: 1, ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Arguments: { Bucket: 'out', Prefix: 'p' } } }),
      { input: [1, 2, 3], tasks: { Work: (item) => { if (item === 2) throw failWith('Child.Two', 'two'); return item; } } },
    );
    expect(r.error).toBe('States.ExceedToleratedFailureThreshold');
    const manifestKey = [...r.s3.keys()].find((k) => k.endsWith('/manifest.json'))!;
    const manifest = JSON.parse(r.s3.get(manifestKey)!) as { ResultFiles: Record<string, { Key: string }[]> };
    const read = (status: string) => JSON.parse(r.s3.get(`s3://out/${manifest.ResultFiles[status]![0]!.Key}`)!) as Record<string, unknown>[];
    expect(read('SUCCEEDED').map((rec) => rec['Output'])).toEqual(['1']);
    expect(read('FAILED')).toMatchObject([{ Status: 'FAILED', Error: 'Child.Two', Input: '2' }]);
    expect(read('PENDING')).toMatchObject([{ Status: 'PENDING', Input: '3' }]);
  });

  // docs/simulator.md §9 and §2: a child is an execution of its own; its over-limit output fails the child, which
  // counts as a failed item of the Map Run.
  it('fails only the child whose output is over the limit', async () => {
    const r = await run(mapOf(DISTRIBUTED, { ToleratedFailureCount: 1 }), { input: [1, 2], tasks: { Work: (item) => (item === 2 ? 'x'.repeat(300_000) : (item as number)) } });
    expect(r.status).toBe('SUCCEEDED');
    expect((r.output as unknown[])[0]).toBe(1);
    expect((r.output as unknown[])[1]).toMatchObject({ Status: 'FAILED', Error: 'States.DataLimitExceeded' });
  });

  // DG "input-output-resultwriter": FLATTEN spreads array outputs (without exporting, the result stays in the state).
  it('flattens array outputs with a WriterConfig alone', async () => {
    const r = await run(mapOf(DISTRIBUTED, { ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSON' } } }), { input: [[1, 2], [3]], tasks: echo });
    expect(r.output).toEqual([1, 2, 3]);
  });

  // DG "input-output-itembatcher": children get {Items, BatchInput} batches.
  it('batches items with ItemBatcher', async () => {
    const r = await run(mapOf(DISTRIBUTED, { ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { tag: '{% $states.input.tag %}' } }, Items: '{% $states.input.xs %}' }), { input: { xs: [1, 2, 3], tag: 't' }, tasks: echo });
    expect(r.output).toEqual([{ BatchInput: { tag: 't' }, Items: [1, 2] }, { BatchInput: { tag: 't' }, Items: [3] }]);
  });
});
