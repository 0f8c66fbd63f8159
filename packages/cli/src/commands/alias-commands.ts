import { checkIdentity, defaultClients, DeployError, promote, rollback, type AliasMove, type DeployProblem } from '@agentflow/deploy';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { loadProject } from '../project.js';
import { renderDiagnostics } from '../render/diagnostics-text.js';
import { aliasMoveText, renderProblem } from '../render/deploy-text.js';
import { resolveTargets } from './deploy-targets.js';
import { integerOption } from './deploy-options.js';

export interface AliasCommandOptions {
  readonly env?: string;
  readonly config?: string;
  readonly alias?: string;
  readonly yes?: boolean;
  readonly json?: boolean;
  /** rollback only. */
  readonly to?: string;
}

/**
 * `agentflow promote` and `agentflow rollback`: move one workflow's alias. Moving live traffic needs the same consent
 * as a deploy: a terminal's yes, or --yes.
 */
export async function runAliasCommand(kind: 'promote' | 'rollback', workflow: string, options: AliasCommandOptions, io: Io): Promise<number> {
  const to = kind === 'rollback' ? integerOption(options.to, '--to', 1, 1_000_000) : undefined;
  if (!options.yes && !io.isInteractive) throw new UsageError(`${kind} moves live traffic and needs confirmation, and there is no terminal to ask on.`, 'Pass --yes.');
  const project = loadProject(io.cwd, options);
  if (!project.ok) {
    io.stderr(renderDiagnostics(project.diagnostics, io.cwd));
    return EXIT_ERRORS;
  }
  const targets = await resolveTargets([workflow], project, io, options.alias);
  if (!targets) return EXIT_ERRORS;
  if (targets.length !== 1) throw new UsageError(`${kind} acts on one workflow; ${workflow} holds ${targets.length}.`, 'Pass one workflow file or name.');
  const target = targets[0]!;
  if (!options.yes) {
    const yes = io.confirm ? await io.confirm(`${kind === 'promote' ? 'Promote' : 'Roll back'} alias ${target.alias} of ${target.workflow}? [y/N] `) : false;
    if (!yes) {
      io.stderr('Nothing changed.\n');
      return EXIT_ERRORS;
    }
  }
  const clients = (io.awsClients ?? defaultClients)(project.env.region);
  let move: AliasMove | undefined;
  let problem: DeployProblem | undefined;
  try {
    await checkIdentity(clients, { account: project.env.account, envName: project.envName });
    move = kind === 'promote' ? await promote(clients, target) : await rollback(clients, target, to);
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    problem = error.problem;
  }
  if (options.json) io.stdout(`${JSON.stringify({ ok: problem === undefined, ...(move ? { result: move } : {}), problems: problem ? [problem] : [] }, null, 2)}\n`);
  else if (move) io.stderr(aliasMoveText(move));
  if (problem && !options.json) io.stderr(renderProblem(problem));
  return problem ? EXIT_ERRORS : EXIT_OK;
}
