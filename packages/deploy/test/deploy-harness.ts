import { FAKE_CREDENTIALS } from '@agentflow/aws-fakes';
import type { Environment } from '@agentflow/compiler';
import { applyDeploy, createClients, desiredMachine, fixedDelayRetries, planDeploy, type DeployClients, type DesiredMachine, type PlanOptions } from '../src/index.js';
import { startFakeStepFunctions, startFakeSts, type FakeSfnSnapshot, type SfnDiagnostic } from './fakes.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export const ACCOUNT = '111122223333';

export const ENV: Environment = {
  partition: 'aws',
  region: 'us-east-1',
  account: ACCOUNT,
  adapterFunction: 'agentflow-adapter-{workflow}',
  agents: {},
  topics: {},
  tables: {},
  eventBuses: {},
  functions: {},
  queues: {},
  roleArn: `arn:aws:iam::${ACCOUNT}:role/agentflow-{workflow}`,
  tags: { team: 'research' },
};

/** A small valid definition whose Pass result is `value`, so tests can change it. */
export function asl(value: string): string {
  return `${JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'Hello', States: { Hello: { Type: 'Pass', Output: { value }, End: true } } }, null, 2)}\n`;
}

export function desired(workflow: string, value: string, env: Environment = ENV, alias?: string): DesiredMachine {
  return desiredMachine({ workflow, aslText: asl(value), env, envName: 'dev', ...(alias ? { alias } : {}) });
}

export type Fakes = Awaited<ReturnType<typeof startFakes>>;

export async function startFakes(options: { staleDescribes?: number; stsAccount?: string; validate?: (definition: string) => SfnDiagnostic[] } = {}) {
  const sfn = await startFakeStepFunctions({ region: 'us-east-1', account: ACCOUNT, ...(options.staleDescribes ? { staleDescribes: options.staleDescribes } : {}), ...(options.validate ? { validate: options.validate } : {}) });
  const sts = await startFakeSts({ account: options.stsAccount ?? ACCOUNT });
  const clients: DeployClients = createClients('us-east-1', {
    endpoints: { sfn: sfn.endpoint, sts: sts.endpoint },
    credentials: FAKE_CREDENTIALS,
    retryStrategy: fixedDelayRetries(5),
  });
  return { sfn, sts, clients, close: async () => (await sfn.close(), await sts.close()) };
}

/** Plan and apply, as `agentflow deploy --yes` does; returns the plan and the outcome. */
export async function deploy(clients: DeployClients, machines: DesiredMachine[], options: PlanOptions = {}) {
  const planned = await planDeploy(clients, { envName: 'dev', account: ACCOUNT }, machines, options);
  const outcome = await applyDeploy(clients, planned, () => {}, { delayMs: 1 });
  return { plan: planned.plan, outcome };
}

/** The operations the fake saw since `from`. */
export function opsSince(fakes: Fakes, from: number): string[] {
  return fakes.sfn.calls.slice(from).map((c) => c.operation);
}

export function writesSince(fakes: Fakes, from: number): string[] {
  const all = fakes.sfn.writes();
  return all.slice(from);
}

/** A snapshot without what differs between equivalent runs: revision ids (fresh per update) and dates. */
export function endState(snapshot: FakeSfnSnapshot): unknown {
  return JSON.parse(JSON.stringify(snapshot, (key, value: unknown) => (key === 'revisionId' || /Date$/.test(key) ? undefined : value)));
}
