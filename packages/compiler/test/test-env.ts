import { loadConfig, selectEnvironment, type Environment } from '../src/index.js';

/** A complete environment for compiling test workflows in-process. */
export const TEST_ENV: Environment = {
  partition: 'aws',
  region: 'us-west-2',
  account: '123456789012',
  adapterFunction: 'agentflow-agent-adapter',
  agents: { worker: { id: 'WORKER0001', aliases: { live: 'LIVEALIAS1' } }, judge: { id: 'JUDGE00003', aliases: { live: 'LIVEALIAS3' } } },
  topics: { reviewers: 'fixture-reviewers' },
  tables: {},
  eventBuses: {},
  functions: {},
  queues: {},
};

/** The default environment of a config file (e.g. fixtures/agentflow.config.yaml), for tests that compile fixtures. */
export function environmentOf(configFile: string): { name: string; env: Environment } {
  const loaded = loadConfig(configFile);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const selected = selectEnvironment(loaded.config, undefined);
  if (!selected.ok) throw new Error(selected.message);
  return selected;
}
