import { checkIdentity, defaultClients, DeployError, machineStatus, type DeployProblem, type MachineStatus } from '@agentflow/deploy';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { loadProject } from '../project.js';
import { renderDiagnostics } from '../render/diagnostics-text.js';
import { renderProblem, statusText } from '../render/deploy-text.js';
import { resolveTargets } from './deploy-targets.js';

export interface StatusCommandOptions {
  readonly env?: string;
  readonly config?: string;
  readonly alias?: string;
  readonly json?: boolean;
}

/** `agentflow status`: what is deployed per workflow, read-only, and whether it matches the local compile. */
export async function runStatus(args: readonly string[], options: StatusCommandOptions, io: Io): Promise<number> {
  if (args.length === 0) throw new UsageError('No workflow given.', 'Pass workflow names, files or directories.');
  const project = loadProject(io.cwd, options);
  if (!project.ok) {
    io.stderr(renderDiagnostics(project.diagnostics, io.cwd));
    return EXIT_ERRORS;
  }
  const targets = await resolveTargets(args, project, io, options.alias);
  if (!targets) return EXIT_ERRORS;
  const clients = (io.awsClients ?? defaultClients)(project.env.region);
  const statuses: MachineStatus[] = [];
  let problem: DeployProblem | undefined;
  try {
    await checkIdentity(clients, { account: project.env.account, envName: project.envName });
    for (const t of targets) statuses.push(await machineStatus(clients, t));
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    problem = error.problem;
  }
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: problem === undefined, environment: project.envName, machines: statuses, problems: problem ? [problem] : [] }, null, 2)}\n`);
  } else {
    for (const s of statuses) io.stdout(statusText(s));
    if (problem) io.stderr(renderProblem(problem));
  }
  return problem ? EXIT_ERRORS : EXIT_OK;
}
