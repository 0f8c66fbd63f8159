import { loadConfig, selectEnvironment } from '@agentflow/compiler';

/** The construct fixtures' config (tests run from the repository root). */
export const FIXTURE_CONFIG = 'fixtures/agentflow.config.yaml';

/** The default environment of a config, for tests that call compileWorkflow directly; a broken config is a test error. */
export function fixtureEnvironment(config: string = FIXTURE_CONFIG) {
  const loaded = loadConfig(config);
  if (!loaded.ok) throw new Error(`cannot load ${config}`);
  const selected = selectEnvironment(loaded.config, undefined);
  if (!selected.ok) throw new Error(selected.message);
  return { env: selected.env, envName: selected.name };
}
