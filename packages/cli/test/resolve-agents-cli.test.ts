import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeAwsEnv, startFakeBedrockAgent, type FakeAgent, type FakeBedrockAgent } from '@agentflow/aws-fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, type CliRun, type FoundDiagnostic } from './run-cli.js';

/** 23 unrelated agents before the wanted one: it is found on the third page of ListAgents. */
const AGENTS: FakeAgent[] = [
  ...Array.from({ length: 23 }, (_, i) => ({ agentId: `FILL${String(i).padStart(6, '0')}`, agentName: `team-bot-${i}` })),
  {
    agentId: 'SRCH7Q2K1A',
    agentName: 'research-search-prod',
    aliases: [
      { agentAliasId: 'TSTALIASID', agentAliasName: 'AgentTestAlias' },
      { agentAliasId: 'LIVE4S0R1A', agentAliasName: 'prod-live', agentVersion: '3' },
    ],
  },
];

const CONFIG = [
  'defaultEnvironment: prod',
  'environments:',
  '  prod:',
  '    region: eu-west-1',
  '    account: "111122223333"',
  '    adapterFunction: agentflow-agent-adapter',
  '    agents:',
  '      search: { name: research-search-prod, aliases: { live: prod-live } }',
  '  dev:',
  '    region: eu-west-1',
  '    account: "111122223333"',
  '    adapterFunction: agentflow-agent-adapter',
  '    agents:',
  '      search: { id: DEVSRCH001, aliases: { live: DEVLIVE001 } }',
  '  typo:',
  '    region: eu-west-1',
  '    account: "111122223333"',
  '    adapterFunction: agentflow-agent-adapter',
  '    agents:',
  '      search: { name: research-serch-prod }',
  '      writer: { name: research-search-prod, aliases: [AgentTestAlias] }',
  '',
].join('\n');

const WORKFLOW = [
  `import { agent, workflow } from ${JSON.stringify(join(ROOT, 'packages/dsl/src/index.ts'))};`,
  `import { z } from ${JSON.stringify(join(ROOT, 'packages/dsl/node_modules/zod/index.js'))};`,
  '',
  "const search = agent('search', { agentName: 'search', alias: 'live', maxOutputBytes: 8_000 });",
  '',
  "export default workflow('by-name', { input: z.object({ topic: z.string().max(200) }) }, (flow) =>",
  '  flow.invoke(search, { prompt: flow.input.topic }),',
  ');',
  '',
].join('\n');

/** The lock `resolve --env prod` writes, with the entry of another environment it must keep. */
const OTHER_ENV = { agents: { search: { agentId: 'STAGE00001', agentName: 'research-search-staging', aliases: {} } } };
const EXPECTED_LOCK = `{
  "environments": {
    "prod": {
      "agents": {
        "search": {
          "agentId": "SRCH7Q2K1A",
          "agentName": "research-search-prod",
          "aliases": {
            "live": {
              "agentVersion": "3",
              "aliasId": "LIVE4S0R1A",
              "aliasName": "prod-live"
            }
          }
        }
      }
    },
    "staging": {
      "agents": {
        "search": {
          "agentId": "STAGE00001",
          "agentName": "research-search-staging",
          "aliases": {}
        }
      }
    }
  },
  "lockfileVersion": 1
}
`;

let fake: FakeBedrockAgent;
let dir: string;
let lockFile: string;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startFakeBedrockAgent({ agents: AGENTS });
  // The CLI's client takes endpoint and credentials from the environment, as it would from a real shell.
  Object.assign(process.env, fakeAwsEnv({ bedrockAgent: fake.endpoint }));
  dir = mkdtempSync(join(tmpdir(), 'agentflow-resolve-'));
  writeFileSync(join(dir, 'agentflow.config.yaml'), CONFIG);
  writeFileSync(join(dir, 'by-name.ts'), WORKFLOW);
  lockFile = join(dir, 'agentflow.lock.json');
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await fake.close();
});

function noStackTrace(run: CliRun): void {
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe('agentflow resolve, then compile', () => {
  it('compile without a lock is agent-not-resolved, located at the agent of the step', async () => {
    const run = await runCli(['compile', 'by-name.ts', '--json'], dir);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { workflows: { diagnostics: (FoundDiagnostic & { message: string; hint: string; path: string })[] }[] };
    expect(report.workflows[0]!.diagnostics.filter((d) => d.severity === 'error')).toMatchObject([
      {
        code: 'agent-not-resolved',
        loc: { file: 'by-name.ts', line: 4, column: 16 },
        path: 'by-name/search',
        message: "Agent 'search' is configured by name (research-search-prod) but agentflow.lock.json has no ids for it in environment 'prod'.",
        hint: 'Run `agentflow resolve --env prod` and commit agentflow.lock.json.',
      },
    ]);
  });

  it('writes the lock (keys sorted, no timestamps, other environments kept), and compile then uses its ids', async () => {
    writeFileSync(lockFile, JSON.stringify({ lockfileVersion: 1, environments: { staging: OTHER_ENV } }));
    const run = await runCli(['resolve'], dir);
    expect(run).toEqual({ code: 0, stdout: "Wrote agentflow.lock.json for environment 'prod' (1 agent, 1 alias).\n  search: not in the lock; the account has research-search-prod (SRCH7Q2K1A)\n", stderr: '' });
    expect(readFileSync(lockFile, 'utf8')).toBe(EXPECTED_LOCK);
    expect(fake.calls.map((c) => c.operation)).toEqual(['ListAgents', 'ListAgents', 'ListAgents', 'ListAgentAliases']);

    const again = await runCli(['resolve', '--env', 'prod'], dir);
    expect(again).toEqual({ code: 0, stdout: "agentflow.lock.json is up to date for environment 'prod' (1 agent, 1 alias).\n", stderr: '' });

    const compiled = await runCli(['compile', 'by-name.ts', '--out', 'out'], dir);
    expect(compiled.code).toBe(0);
    const asl = JSON.parse(readFileSync(join(dir, 'out/by-name.asl.json'), 'utf8')) as { States: Record<string, { Arguments: { Payload: Record<string, unknown> } }> };
    expect(asl.States['Search']!.Arguments.Payload).toMatchObject({ agentId: 'SRCH7Q2K1A', agentAliasId: 'LIVE4S0R1A' });
    const iam = readFileSync(join(dir, 'out/by-name.iam.json'), 'utf8');
    expect(iam).toContain('arn:aws:bedrock:eu-west-1:111122223333:agent-alias/SRCH7Q2K1A/LIVE4S0R1A');
  });

  it('--check exits 0 while the lock matches, 1 with the drift when an alias moved, and writes nothing', async () => {
    const check = await runCli(['resolve', '--check'], dir);
    expect(check).toEqual({ code: 0, stdout: "agentflow.lock.json matches the account for environment 'prod'.\n", stderr: '' });
    const live = AGENTS.at(-1)!.aliases![1]!;
    live.agentVersion = '4';
    try {
      const drifted = await runCli(['resolve', '--check'], dir);
      expect(drifted.code).toBe(1);
      expect(drifted.stderr).toBe(
        "agentflow.lock.json differs from the account for environment 'prod':\n  search alias live: routes to version 4 in the account, 3 in the lock\nhint: run `agentflow resolve --env prod` and commit agentflow.lock.json.\n",
      );
      expect(readFileSync(lockFile, 'utf8')).toBe(EXPECTED_LOCK);
      const json = await runCli(['resolve', '--check', '--json'], dir);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({ environment: 'prod', written: false, drift: ['search alias live: routes to version 4 in the account, 3 in the lock'] });
    } finally {
      live.agentVersion = '3';
    }
  });

  it('lists every problem with its code and hint, exits 1 and leaves the lock alone', async () => {
    const run = await runCli(['resolve', '--env', 'typo'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      [
        "error[agent-not-found]: Agent 'search': no Bedrock agent is named 'research-serch-prod' in eu-west-1 (24 agents listed). Close matches: research-search-prod.",
        '  = hint: Fix the name under environments.<env>.agents in agentflow.config.yaml, or check the region and account.',
        '',
        "error[agent-alias-draft]: Agent 'writer' (research-search-prod, SRCH7Q2K1A): alias 'AgentTestAlias' is the draft alias TSTALIASID, which runs the unversioned working draft.",
        '  = hint: Create a version and an alias for it, or pass --allow-draft for a development environment.',
        '',
      ].join('\n'),
    );
    expect(readFileSync(lockFile, 'utf8')).toBe(EXPECTED_LOCK);
  });

  it('turns an AWS failure into one line with a hint, never a stack trace', async () => {
    fake.faults.add({ operation: 'ListAgents', kind: 'access-denied' });
    const run = await runCli(['resolve'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'error[aws-access-denied]: AWS denied bedrock:ListAgents: User: arn:aws:iam::111122223333:user/tester is not authorized to perform: bedrock:ListAgents\n' +
        '  = hint: Grant the deployer bedrock:ListAgents; the minimal deployer policy is in docs/deploy.md#a-minimal-deployer-policy.\n',
    );
    noStackTrace(run);
  });

  it('rides out throttling with the SDK retries (maxAttempts 5) and converges', async () => {
    fake.faults.add({ operation: 'ListAgentAliases', kind: 'throttle', times: 2 });
    const before = fake.calls.length;
    expect((await runCli(['resolve', '--check'], dir)).code).toBe(0);
    expect(fake.calls.slice(before).map((c) => c.operation)).toEqual(['ListAgents', 'ListAgents', 'ListAgents', 'ListAgentAliases', 'ListAgentAliases', 'ListAgentAliases']);
  });

  it('says so in one line when there are no credentials', async () => {
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = process.env;
    delete process.env['AWS_ACCESS_KEY_ID'];
    delete process.env['AWS_SECRET_ACCESS_KEY'];
    try {
      const run = await runCli(['resolve'], dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error\[aws-no-credentials\]: No AWS credentials found\. The SDK default chain tried, in order: the environment \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\), AWS_PROFILE .*\n  = hint: Set AWS_PROFILE .*\n$/);
    } finally {
      Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY });
    }
  });

  it('says there is nothing to resolve for an environment without agents by name', async () => {
    const before = fake.calls.length;
    expect(await runCli(['resolve', '--env', 'dev'], dir)).toEqual({ code: 0, stdout: "Environment 'dev' configures no agent by name; nothing to resolve.\n", stderr: '' });
    expect(fake.calls.length).toBe(before);
  });

  it('reports a broken lock file as located lockfile-invalid, for compile and resolve alike', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'agentflow-resolve-broken-'));
    writeFileSync(join(broken, 'agentflow.config.yaml'), CONFIG);
    writeFileSync(join(broken, 'by-name.ts'), WORKFLOW);
    writeFileSync(join(broken, 'agentflow.lock.json'), '{\n  "lockfileVersion": 1,\n  "environments": { "prod": { "agents": { "search": { "agentName": "research-search-prod", "agentId": "short", "aliases": {} } } } }\n}\n');
    const compile = await runCli(['compile', 'by-name.ts'], broken);
    expect(compile.code).toBe(1);
    expect(compile.stderr).toContain('error[lockfile-invalid]: agentflow.lock.json: environments.prod.agents.search.agentId: must be a 10-character Bedrock agent id');
    expect(compile.stderr).toContain('--> agentflow.lock.json:3:103');
    const resolve = await runCli(['resolve'], broken);
    expect(resolve.code).toBe(1);
    expect(resolve.stderr).toContain('error[lockfile-invalid]');
    expect(existsSync(join(broken, 'out'))).toBe(false);
  });
});
