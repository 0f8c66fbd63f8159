import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';

/** The diagnostics of a config made of `lines`, as `line:col message | hint`. */
function problems(lines: string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'agentflow-config-')), 'agentflow.config.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const loaded = loadConfig(file);
  if (loaded.ok) throw new Error('the config loaded');
  return loaded.diagnostics.map((d) => `${d.loc?.line}:${d.loc?.column} ${d.message} | ${d.hint}`);
}

const ENV = ['defaultEnvironment: dev', 'environments:', '  dev:', '    region: us-east-1', '    account: "111122223333"', '    adapterFunction: agentflow-agent-adapter'];
const ENVIRONMENT_KEYS =
  'partition, region, account, adapterFunction, stateMachineName, approvalResponderFunction, approvalKeyParameter, agents, topics, tables, eventBuses, functions, queues, offload, payload, roleArn, tags, alias, logging, tracing, kms';

describe('an unknown key in agentflow.config.yaml', () => {
  it('is answered with the key it most likely meant and every key allowed where it stands', () => {
    expect(problems([...ENV, '    function: { render: agentflow-render }'])).toEqual([
      `7:5 environments.dev: Unrecognized key: "function" | Did you mean 'functions'? The keys allowed here: ${ENVIRONMENT_KEYS} (docs/configuration.md describes each).`,
    ]);
  });

  it('is answered inside nested settings and agents, whatever the environment and agent are called', () => {
    expect(problems([...ENV, '    agents: { writer: { id: WRTR5K1Z3C, alias: { live: LIVE2W8N4C } } }'])).toEqual([
      "7:41 environments.dev.agents.writer: Unrecognized key: \"alias\" | Did you mean 'aliases'? The keys allowed here: id, name, aliases (docs/configuration.md describes each).",
    ]);
    expect(problems([...ENV, '    payload: { marginPrecent: 5, limitbytes: 1000 }'])).toEqual([
      "7:16 environments.dev.payload: Unrecognized keys: \"marginPrecent\", \"limitbytes\" | Did you mean 'marginPercent' for 'marginPrecent', 'limitBytes' for 'limitbytes'? The keys allowed here: limitBytes, marginPercent, unboundedStringBytes, unboundedArrayItems (docs/configuration.md describes each).",
    ]);
  });

  it('lists the allowed keys without a guess when none is close', () => {
    expect(problems([...ENV, 'region: us-east-1'])).toEqual([
      "7:1 (root): Unrecognized key: \"region\" | The keys allowed here: defaultEnvironment, environments, pricing (docs/configuration.md describes each).",
    ]);
  });
});
