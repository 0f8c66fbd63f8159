import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const GROUP = 'arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/states/agentflow:*';

/** A config whose dev environment ends with `extra` (YAML lines, indented under the environment). */
function configWith(extra: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentflow-config-'));
  const file = join(dir, 'agentflow.config.yaml');
  const lines = [
    'defaultEnvironment: dev',
    'environments:',
    '  dev:',
    '    region: us-east-1',
    '    account: "111122223333"',
    '    topics: { reviewers: agentflow-reviewers }',
    ...extra.map((l) => `    ${l}`),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The one diagnostic of a config that must not load, as `code line:col message`. */
function failure(extra: string[]): string {
  const loaded = loadConfig(configWith(extra));
  if (loaded.ok) throw new Error('the config loaded');
  expect(loaded.diagnostics).toHaveLength(1);
  const [d] = loaded.diagnostics;
  expect(d!.hint).toBeTruthy();
  return `${d!.code} ${d!.loc?.line}:${d!.loc?.column} ${d!.message}`;
}

describe('per-environment settings in agentflow.config.yaml', () => {
  it('loads logging, tracing, KMS keys and per-workflow functions', () => {
    const loaded = loadConfig(
      configWith([
        'adapterFunction: agentflow-adapter-{workflow}',
        'approvalResponderFunction: arn:aws:lambda:us-east-1:111122223333:function:approvals-{workflow}:live',
        `logging: { level: ERROR, logGroupArn: "${GROUP}" }`,
        'tracing: true',
        `kms: { stateMachine: "${KEY}", offload: "${KEY}", topics: { reviewers: "${KEY}" } }`,
      ]),
    );
    expect(loaded.ok && loaded.config.environments['dev']).toMatchObject({
      adapterFunction: 'agentflow-adapter-{workflow}',
      logging: { level: 'ERROR', includeExecutionData: false, logGroupArn: GROUP },
      tracing: true,
      kms: { stateMachine: KEY, offload: KEY, topics: { reviewers: KEY } },
    });
  });

  it('reports a bad adapterFunction pattern at its line and column', () => {
    expect(failure(['adapterFunction: adapter-{name}'])).toBe('config-invalid 7:22 environments.dev.adapterFunction: may use only the placeholder {workflow}');
    expect(failure(['adapterFunction: arn:aws:lambda:us-east-1:111122223333:function:adapter:{workflow}'])).toBe(
      'config-invalid 7:22 environments.dev.adapterFunction: may use {workflow} only in the function name',
    );
    expect(failure(['adapterFunction: "adapter for {workflow}"'])).toBe('config-invalid 7:22 environments.dev.adapterFunction: must be a function name of letters, digits, - and _');
    expect(failure(['adapterFunction: arn:aws:sns:us-east-1:111122223333:topic'])).toMatch(/^config-invalid 7:22 environments\.dev\.adapterFunction: must be a Lambda function name or a function ARN/);
  });

  it('reports logging mistakes where they are', () => {
    expect(failure([`adapterFunction: a`, `logging: { level: DEBUG, logGroupArn: "${GROUP}" }`])).toMatch(/^config-invalid 8:23 environments\.dev\.logging\.level: /);
    expect(failure([`adapterFunction: a`, 'logging:', '  level: ALL', '  logGroupArn: arn:aws:logs:us-east-1:111122223333:log-group:states'])).toBe(
      'config-invalid 10:20 environments.dev.logging.logGroupArn: must be a log group ARN ending in :* (arn:<partition>:logs:<region>:<account>:log-group:<name>:*)',
    );
    expect(failure([`adapterFunction: a`, 'logging: { level: ALL }'])).toMatch(/^config-invalid 8:14 environments\.dev\.logging\.logGroupArn: /);
    expect(failure([`adapterFunction: a`, 'tracing: "yes"'])).toMatch(/^config-invalid 8:14 environments\.dev\.tracing: /);
  });

  it('reports KMS mistakes where they are: alias ARNs, unknown fields, topics the environment does not define', () => {
    expect(failure(['adapterFunction: a', 'kms:', '  offload: arn:aws:kms:us-east-1:111122223333:alias/offload'])).toBe(
      'config-invalid 9:16 environments.dev.kms.offload: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>), not an alias',
    );
    // An unknown key is pointed at itself, not at the mapping around it.
    const line = `kms: { stateMachine: "${KEY}", bucket: x }`;
    expect(failure(['adapterFunction: a', line])).toMatch(new RegExp(`^config-invalid 8:${4 + line.indexOf('bucket') + 1} environments\\.dev\\.kms: Unrecognized key`));
    expect(failure(['adapterFunction: a', 'kms:', '  topics:', `    alerts: "${KEY}"`])).toBe(
      "config-invalid 10:17 environments.dev.kms.topics.alerts: names topic 'alerts', which this environment's topics do not define",
    );
  });

  it('the repository and fixture configs load', () => {
    for (const file of ['../../../../agentflow.config.yaml', '../../../../fixtures/agentflow.config.yaml']) {
      const loaded = loadConfig(new URL(file, import.meta.url).pathname);
      expect(loaded.ok ? [] : loaded.diagnostics).toEqual([]);
    }
  });
});
