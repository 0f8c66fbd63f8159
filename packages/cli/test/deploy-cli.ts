import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeAwsEnv, startFakeBedrockAgent, startFakeStepFunctions, startFakeSts, type FakeAgent, type SfnDiagnostic } from '@agentflow/aws-fakes';
import { boundedText } from '@agentflow/compiler';
import { createClients, fixedDelayRetries } from '@agentflow/deploy';
import { main, type Io } from '../src/index.js';
import { ROOT, type CliRun } from './run-cli.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-west-2';
export const MAP_BASIC = 'fixtures/map-basic/workflow.ts';
export const AGENT_RETRY = 'fixtures/agent-retry-catch/workflow.ts';
export const BROKEN = 'fixtures/_error_/unknown-agent/workflow.ts';

/** A project config for the fixtures with deploy settings; `workerId` changes the compiled definitions. */
export function writeConfig(options: { workerId?: string; tags?: Record<string, string>; alias?: string; workerByName?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentflow-deploy-'));
  const file = join(dir, 'agentflow.config.yaml');
  const tags = Object.entries(options.tags ?? { team: 'research' })
    .map(([k, v]) => `      ${k}: ${v}`)
    .join('\n');
  writeFileSync(
    file,
    `defaultEnvironment: dev
environments:
  dev:
    region: ${REGION}
    account: "${ACCOUNT}"
    adapterFunction: agentflow-agent-adapter
    roleArn: arn:aws:iam::${ACCOUNT}:role/agentflow-{workflow}
${options.alias ? `    alias: ${options.alias}\n` : ''}    tags:
${tags}
    offload: { bucket: fixture-offload, prefix: runs }
    agents:
      worker: ${options.workerByName ? '{ name: fixture-worker, aliases: [live] }' : `{ id: ${options.workerId ?? 'WORKER0001'}, aliases: { live: LIVEALIAS1 } }`}
      helper: { id: HELPER0002, aliases: { live: LIVEALIAS2 } }
      judge: { id: JUDGE00003, aliases: { live: LIVEALIAS3 } }
    topics: { reviewers: fixture-reviewers }
    tables: { items: fixture-items, agent-cache: fixture-agent-cache }
`,
  );
  if (options.workerByName) {
    // The lock `agentflow resolve` writes for the by-name worker: agent WORKER0001, alias live LIVEALIAS1 on version 1.
    const lock = { environments: { dev: { agents: { worker: { agentId: 'WORKER0001', agentName: 'fixture-worker', aliases: { live: { agentVersion: '1', aliasId: 'LIVEALIAS1', aliasName: 'live' } } } } } }, lockfileVersion: 1 };
    writeFileSync(join(dir, 'agentflow.lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  }
  return file;
}

export type CliFakes = Awaited<ReturnType<typeof startCliFakes>>;

/** The fakes, and the process environment pointing the SDK's default chains at them (restored by close). */
export async function startCliFakes(options: { stsAccount?: string; validate?: (definition: string) => SfnDiagnostic[]; agents?: FakeAgent[] } = {}) {
  const sfn = await startFakeStepFunctions({ region: REGION, account: ACCOUNT, ...(options.validate ? { validate: options.validate } : {}) });
  const sts = await startFakeSts({ account: options.stsAccount ?? ACCOUNT });
  const bedrock = options.agents ? await startFakeBedrockAgent({ agents: options.agents }) : undefined;
  const saved = { ...process.env };
  Object.assign(process.env, fakeAwsEnv({ sfn: sfn.endpoint, sts: sts.endpoint, ...(bedrock ? { bedrockAgent: bedrock.endpoint } : {}) }, REGION));
  return {
    sfn,
    sts,
    bedrock,
    close: async () => {
      process.env = saved;
      await sfn.close();
      await sts.close();
      await bedrock?.close();
    },
  };
}

export interface DeployRunOptions {
  /** A terminal: the command may ask, and `answer` is what the user types. */
  readonly interactive?: boolean;
  readonly answer?: boolean;
}

/** Runs the CLI in-process with endpoints from the environment and SDK retries without their seconds of backoff. */
export async function runDeployCli(args: readonly string[], options: DeployRunOptions = {}): Promise<CliRun & { questions: string[] }> {
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const io: Io = {
    cwd: ROOT,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async (limit) => boundedText('', limit),
    isInteractive: options.interactive === true,
    confirm: async (question) => {
      questions.push(question);
      return options.answer === true;
    },
    awsClients: (region) => createClients(region, { retryStrategy: fixedDelayRetries(5) }),
  };
  const code = await main(args, io);
  return { code, stdout, stderr, questions };
}
