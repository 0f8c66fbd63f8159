import { basename, dirname, relative, resolve } from 'node:path';
import {
  findConfig,
  formatLockfile,
  loadConfig,
  lockFileFor,
  readBoundedFile,
  readLockfile,
  selectEnvironment,
  withEnvironmentAgents,
  CONFIG_FILE,
  LOCK_FILE,
  type Diagnostic,
  type Environment,
} from '@agentflow/compiler';
import { createAgentClient, lockDrift, resolveAgents, type ByNameAgentConfig, type DeployProblem } from '@agentflow/deploy';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { diagnosticsJson, renderDiagnostics } from '../render/diagnostics-text.js';
import { terminalSafe } from '../render/terminal-text.js';
import { writeFileSet } from '../write-file-set.js';

export interface ResolveCommandOptions {
  readonly env?: string;
  readonly config?: string;
  /** Compare the lock with the account; write nothing, exit 1 on drift. */
  readonly check?: boolean;
  /** Accept the draft alias TSTALIASID. */
  readonly allowDraft?: boolean;
  readonly json?: boolean;
}

/**
 * `agentflow resolve`: looks up the ids of the environment's agents configured by name and records them in
 * agentflow.lock.json beside the config, keeping other environments' entries. The account is reached through the
 * AWS SDK's usual credential chain, in the environment's region (AWS_ENDPOINT_URL_BEDROCK_AGENT overrides the
 * endpoint, which is how tests reach a fake).
 */
export async function runResolve(options: ResolveCommandOptions, io: Io): Promise<number> {
  const configFile = options.config ? resolve(io.cwd, options.config) : findConfig(io.cwd);
  if (!configFile) throw new UsageError(`No ${CONFIG_FILE} found in ${io.cwd} or its parents.`, 'Create one (see README) or pass --config <file>.');
  const loaded = loadConfig(configFile);
  if (!loaded.ok) return fail(loaded.diagnostics, options, io);
  const selected = selectEnvironment(loaded.config, options.env);
  if (!selected.ok) throw new UsageError(selected.message, 'Pass --env with one of the environments in the config.');
  const envName = selected.name;
  const wanted = byNameAgents(selected.env);
  const lockFile = lockFileFor(configFile);
  const shownLock = relative(io.cwd, lockFile) || LOCK_FILE;

  if (Object.keys(wanted).length === 0) {
    if (options.json) io.stdout(`${JSON.stringify({ environment: envName, lockFile: shownLock, agents: {}, drift: [], written: false, problems: [] }, null, 2)}\n`);
    else io.stdout(`Environment '${terminalSafe(envName)}' configures no agent by name; nothing to resolve.\n`);
    return EXIT_OK;
  }
  const lock = readLockfile(lockFile);
  if (!lock.ok) return fail(lock.diagnostics, options, io);

  const client = createAgentClient(selected.env.region);
  let result: Awaited<ReturnType<typeof resolveAgents>>;
  try {
    result = await resolveAgents(client, wanted, { allowDraft: options.allowDraft === true });
  } finally {
    client.destroy();
  }
  if (result.problems.length > 0) return fail(result.problems.map(asDiagnostic), options, io);

  const drift = lockDrift(lock.lock?.environments[envName]?.agents, result.agents);
  if (options.check) {
    if (options.json) io.stdout(`${JSON.stringify({ environment: envName, lockFile: shownLock, agents: result.agents, drift, written: false, problems: [] }, null, 2)}\n`);
    else if (drift.length === 0) io.stdout(`${shownLock} matches the account for environment '${terminalSafe(envName)}'.\n`);
    else io.stderr(`${shownLock} differs from the account for environment '${terminalSafe(envName)}':\n${drift.map((line) => `  ${terminalSafe(line)}\n`).join('')}hint: run \`agentflow resolve --env ${terminalSafe(envName)}\` and commit ${LOCK_FILE}.\n`);
    return drift.length === 0 ? EXIT_OK : EXIT_ERRORS;
  }

  const text = formatLockfile(withEnvironmentAgents(lock.lock, envName, result.agents));
  const current = readBoundedFile(lockFile);
  const written = !(current.ok && current.text === text);
  if (written) {
    // Whole or not at all: a killed run never leaves a truncated lock for compile to reject.
    const outcome = writeFileSet(dirname(lockFile), [{ path: lockFile, shown: basename(lockFile), text }]);
    if (!outcome.ok) {
      io.stderr(`error: cannot write ${terminalSafe(shownLock)}: ${terminalSafe(outcome.reason)}.\n`);
      return EXIT_ERRORS;
    }
  }
  if (options.json) {
    io.stdout(`${JSON.stringify({ environment: envName, lockFile: shownLock, agents: result.agents, drift, written, problems: [] }, null, 2)}\n`);
    return EXIT_OK;
  }
  const agents = Object.keys(result.agents).length;
  const aliases = Object.values(result.agents).reduce((n, a) => n + Object.keys(a.aliases).length, 0);
  const summary = `${agents} agent${agents === 1 ? '' : 's'}, ${aliases} alias${aliases === 1 ? '' : 'es'}`;
  io.stdout(written ? `Wrote ${shownLock} for environment '${terminalSafe(envName)}' (${summary}).\n${drift.map((line) => `  ${terminalSafe(line)}\n`).join('')}` : `${shownLock} is up to date for environment '${terminalSafe(envName)}' (${summary}).\n`);
  return EXIT_OK;
}

function byNameAgents(env: Environment): Record<string, ByNameAgentConfig> {
  const wanted: Record<string, ByNameAgentConfig> = {};
  for (const [logical, agent] of Object.entries(env.agents)) {
    if (agent.name !== undefined) wanted[logical] = { name: agent.name, ...(agent.aliases !== undefined ? { aliases: agent.aliases } : {}) };
  }
  return wanted;
}

function asDiagnostic(problem: DeployProblem): Diagnostic {
  return { code: problem.code, severity: 'error', message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}) };
}

function fail(diagnostics: readonly Diagnostic[], options: ResolveCommandOptions, io: Io): number {
  if (options.json) io.stdout(`${JSON.stringify({ problems: diagnosticsJson(diagnostics, io.cwd) }, null, 2)}\n`);
  else io.stderr(renderDiagnostics(diagnostics, io.cwd));
  return EXIT_ERRORS;
}
