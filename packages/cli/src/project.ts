import { resolve } from 'node:path';
import { applyLock, findConfig, hasAgentsByName, loadConfig, lockFileFor, readLockfile, selectEnvironment, CONFIG_FILE, type Diagnostic, type Environment, type PricingConfig } from '@agentflow/compiler/compiling';
import { UsageError } from './errors.js';

export type ProjectResult =
  /** `pricing`: the config's `pricing:` section (`agentflow cost`), so that no command reads the config twice. */
  | { ok: true; env: Environment; envName: string; configFile: string; pricing?: PricingConfig }
  | { ok: false; diagnostics: Diagnostic[] };

/** Finds and reads the project config, then picks the environment to compile for. */
export function loadProject(cwd: string, options: { config?: string; env?: string }): ProjectResult {
  const file = options.config ? resolve(cwd, options.config) : findConfig(cwd);
  if (!file) throw new UsageError(`No ${CONFIG_FILE} found in ${cwd} or its parents.`, `Create one (see README) or pass --config <file>.`);
  const loaded = loadConfig(file);
  if (!loaded.ok) {
    const unreadable = loaded.diagnostics.find((d) => d.code === 'config-not-found');
    // The reason (no such file, a FIFO, …) follows the file name in the message.
    if (options.config && unreadable) throw new UsageError(`Cannot read --config ${options.config}${unreadable.message.slice(`Cannot read the project config ${file}`.length)}`);
    return { ok: false, diagnostics: loaded.diagnostics };
  }
  const selected = selectEnvironment(loaded.config, options.env);
  if (!selected.ok) throw new UsageError(selected.message, 'Pass --env with one of the environments in the config.');
  // The lock matters only when agents are configured by name; a project without them needs no lock file at all.
  const pricing = loaded.config.pricing ? { pricing: loaded.config.pricing } : {};
  if (!hasAgentsByName(selected.env)) return { ok: true, env: selected.env, envName: selected.name, configFile: file, ...pricing };
  const lock = readLockfile(lockFileFor(file));
  if (!lock.ok) return { ok: false, diagnostics: lock.diagnostics };
  return { ok: true, env: applyLock(selected.env, selected.name, lock.lock), envName: selected.name, configFile: file, ...pricing };
}
