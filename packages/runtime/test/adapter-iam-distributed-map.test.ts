import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { failWith, simulate, type Json } from '@agentflow/testing';
import { expect, test } from 'vitest';
import { compileWorkflow } from '../../compiler/src/compile.js';
import { loadConfig, selectEnvironment } from '../../compiler/src/config/load-config.js';
import { isAllowed } from '../../compiler/test/iam/helpers/iam-evaluator.js';
import { REPO } from '../../compiler/test/iam/helpers/load-workflows.js';
import { startIamRig } from './iam-rig.js';
import { adapterStates, placeOf } from './seed-drive.js';
import { lambdaContext } from './support.js';

/**
 * The adapter paths the seed workflows do not take, under the compiled policy of the `payload-distributed-map`
 * construct fixture: an offload directive with `arrays` (the plan's task list written beside the answer, where the
 * Distributed Map's ItemReader reads it) and an `expand` of a Distributed Map result manifest (the manifest and its
 * result files, where the compiled ResultWriter put them).
 *
 * The simulator keeps its own in-memory S3 for ItemReader and ResultWriter; the real adapter uses the fake S3. The
 * test bridges the two the way AWS would share one bucket: the plan's task list is given to the simulator before the
 * run (and must equal what the adapter writes), and the manifest the simulator names is written to the fake S3 with
 * the items' adapter answers as its result file, at the keys the simulated ResultWriter chose.
 */
const DIR = join(REPO, 'fixtures/payload-distributed-map');
const CONFIG = join(REPO, 'fixtures/agentflow.config.yaml');
const EXECUTION = 'iam-dmap-1';
const PLAN = { goal: 'Check three vendors', tasks: [1, 2, 3].map((n) => ({ id: `t${n}`, instructions: `Check vendor ${n}.` })) };

test('arrays offload and a result manifest stay inside what the compiled adapter policy grants', async () => {
  const loaded = loadConfig(CONFIG);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const selected = selectEnvironment(loaded.config, undefined);
  if (!selected.ok) throw new Error(selected.message);
  const { env, name: envName } = selected;
  const file = join(DIR, 'workflow.ts');
  const workflow = ((await import(pathToFileURL(file).href)) as { default: Parameters<typeof compileWorkflow>[0] }).default;
  const compiled = compileWorkflow(workflow, { env, envName, file });
  expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const role = compiled.iam!.roles.agentAdapter!;
  const bucket = env.offload!.bucket;
  const prefix = `${env.offload!.prefix}/payload-distributed-map/${EXECUTION}`;
  const rig = await startIamRig({ policy: role.policy!, place: placeOf(role.functionArn!), buckets: [bucket], listBucket: true });
  try {
    const workAnswers: unknown[] = [];
    const adapterTask = async (args: Json) => {
      const payload = (args as { Payload: Record<string, unknown> }).Payload;
      const agentId = String(payload['agentId']);
      if (agentId === 'WORKER0001') rig.answer(agentId, String(payload['sessionId']), JSON.stringify(PLAN));
      if (agentId === 'HELPER0002') rig.answer(agentId, String(payload['sessionId']), JSON.stringify({ id: `t${workAnswers.length + 1}`, result: 'ok' }));
      if (agentId === 'JUDGE00003') {
        rig.answer(agentId, String(payload['sessionId']), JSON.stringify({ summary: 'all vendors checked' }));
        const manifest = pointerIn(payload['inputParts']);
        const dir = manifest.slice(`s3://${bucket}/`.length, -'manifest.json'.length);
        // What ResultWriter writes (Step Functions developer guide, ResultWriter; COMPACT: the outputs themselves).
        rig.s3.put(bucket, `${dir}SUCCEEDED_0.json`, JSON.stringify(workAnswers));
        rig.s3.put(bucket, `${dir}manifest.json`, JSON.stringify({ DestinationBucket: bucket, MapRunArn: 'arn:aws:states:us-west-2:123456789012:mapRun:payload-distributed-map/run:1', ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [{ Key: `${dir}SUCCEEDED_0.json`, Size: 1 }] } }));
      }
      try {
        const value = await rig.handler(payload, lambdaContext());
        if (agentId === 'HELPER0002') workAnswers.push(value);
        return { ExecutedVersion: '$LATEST', Payload: value as Json, StatusCode: 200 };
      } catch (error) {
        throw failWith((error as Error).name, (error as Error).message);
      }
    };
    const run = await simulate(workflow, {
      env: envName,
      config: CONFIG,
      executionName: EXECUTION,
      input: { request: 'vendors' },
      s3: { [`s3://${bucket}/${prefix}/plan/tasks.json`]: PLAN.tasks },
      tasks: Object.fromEntries([...adapterStates(compiled.definition!).keys()].map((state) => [state, adapterTask])),
    });
    expect(run.status).toBe('SUCCEEDED');
    // The adapter wrote the task list exactly where, and as, the ItemReader read it.
    expect(JSON.parse(rig.s3.text(bucket, `${prefix}/plan/tasks.json`) ?? 'null')).toEqual(PLAN.tasks);
    const calls = rig.calls.map((c) => `${c.action} ${c.resource.replace(`arn:aws:s3:::${bucket}/${prefix}/`, '')}`);
    expect(calls.filter((c) => c.startsWith('s3:'))).toEqual([
      's3:PutObject plan.json',
      's3:PutObject plan/tasks.json',
      expect.stringMatching(/^s3:GetObject run-tasks\/[^/]+\/manifest\.json$/),
      expect.stringMatching(/^s3:GetObject run-tasks\/[^/]+\/SUCCEEDED_0\.json$/),
    ]);
    expect(rig.denied).toEqual([]);
    for (const c of rig.calls) expect(isAllowed(role.policy!, c.action, c.resource)).toBe(true);
    // The summary agent saw the items' answers, read through the manifest.
    expect(rig.agent.calls.at(-1)!.inputText).toContain('"result":"ok"');
  } finally {
    await rig.close();
  }
});

/** The one `$s3` pointer among the expand parts of `inputParts`. */
function pointerIn(parts: unknown): string {
  const found = JSON.stringify(parts).match(/"\$s3":"(s3:\/\/[^"]+)"/);
  if (!found) throw new Error(`no $s3 pointer in ${JSON.stringify(parts)}`);
  return found[1]!;
}
