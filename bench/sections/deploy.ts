/**
 * `agentflow deploy` (issue 13): how long planning and applying the seed workflows takes against the loopback Step
 * Functions fake (the SDK's serialisation and the plan's diff, not AWS's latency), how many calls each phase makes,
 * and the semantic diff of a large definition with 10% of its states changed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FAKE_CREDENTIALS, startFakeStepFunctions, startFakeSts } from '../../packages/aws-fakes/src/index.js';
import { applyDeploy, createClients, desiredMachine, diffDefinitions, fixedDelayRetries, planDeploy } from '../../packages/deploy/src/index.js';
// The environment the deploy tests use: an account, a role per workflow, one tag.
import { ACCOUNT, ENV } from '../../packages/deploy/test/deploy-harness.js';
import { ROOT } from '../lib/proc.js';
import { measured, type Row } from '../lib/stats.js';

const SECTION = 'deploy (loopback Step Functions fake)';

const TITLES = {
  first: (n: number) => `first deploy of ${n} seed workflows`,
  unchanged: (n: number) => `redeploy of ${n} unchanged`,
  changed: (n: number) => `deploy of ${n} changed (update, publish, alias)`,
} as const;

export async function deployBench(options: { runs: number; log: (message: string) => void }): Promise<Row[]> {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const dir = join(ROOT, 'fixtures/workflows');
  const seeds = readdirSync(dir).filter((f) => f.endsWith('.asl.json')).sort();
  const machines = (suffix: string) =>
    seeds.map((f) => desiredMachine({ workflow: f.replace('.asl.json', ''), aslText: readFileSync(join(dir, f), 'utf8').replace('"Comment": "', `"Comment": "${suffix}`), env: ENV, envName: 'bench' }));
  const first: number[] = [];
  const unchanged: number[] = [];
  const changed: number[] = [];
  const calls: Record<string, number> = {};
  const writes: Record<string, number> = {};
  for (let run = 0; run < options.runs; run++) {
    options.log(`deploy: run ${run + 1} of ${options.runs}`);
    const sfn = await startFakeStepFunctions({ region: 'us-east-1', account: ACCOUNT, pageSize: 100 });
    const sts = await startFakeSts({ account: ACCOUNT });
    const clients = createClients('us-east-1', { endpoints: { sfn: sfn.endpoint, sts: sts.endpoint }, credentials: FAKE_CREDENTIALS, retryStrategy: fixedDelayRetries(5) });
    const phase = async (name: string, samples: number[], suffix: string) => {
      const before = sfn.calls.length;
      const writesBefore = sfn.writes().length;
      const t = performance.now();
      const planned = await planDeploy(clients, { envName: 'bench', account: ACCOUNT }, machines(suffix));
      await applyDeploy(clients, planned, () => {}, { delayMs: 1 });
      samples.push(performance.now() - t);
      calls[name] = sfn.calls.length - before;
      writes[name] = sfn.writes().length - writesBefore;
    };
    try {
      await phase('first', first, '');
      await phase('unchanged', unchanged, '');
      await phase('changed', changed, 'v2 ');
    } finally {
      clients.sfn.destroy();
      clients.sts.destroy();
      await sfn.close();
      await sts.close();
    }
  }
  const n = seeds.length;
  const rows: Row[] = [
    ...(['first', 'unchanged', 'changed'] as const).map((phase) =>
      measured(SECTION, TITLES[phase](n), { first, unchanged, changed }[phase], `${calls[phase]} Step Functions calls, ${writes[phase]} of them writes`, { calls: calls[phase], writes: writes[phase] }),
    ),
  ];
  // The semantic diff of a 2,000-state definition with every 10th state changed.
  const big = (variant: number) => ({
    QueryLanguage: 'JSONata',
    StartAt: 'S0',
    States: Object.fromEntries(
      Array.from({ length: 2000 }, (_, i) => [`S${i}`, { Type: 'Pass', Output: { value: `{% $states.input.v & '${i % 10 === 0 ? variant : 0}' %}` }, ...(i < 1999 ? { Next: `S${i + 1}` } : { End: true }) }]),
    ),
  });
  const [a, b] = [big(1), big(2)];
  const samples: number[] = [];
  let changedStates = 0;
  for (let i = 0; i < Math.max(5, options.runs); i++) {
    const t = performance.now();
    changedStates = diffDefinitions(a, b).changed.length;
    samples.push(performance.now() - t);
  }
  rows.push(measured(SECTION, 'semantic diff, 2,000 states, 200 changed', samples, `${changedStates} states reported changed`, { changedStates }));
  return rows;
}
