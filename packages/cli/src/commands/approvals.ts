import { checkIdentity, decideApproval, defaultClients, DeployError, listWaitingApprovals, type DeployProblem, type WaitingApproval } from '@agentflow/deploy';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { loadProject } from '../project.js';
import { renderDiagnostics } from '../render/diagnostics-text.js';
import { renderProblem } from '../render/deploy-text.js';
import { approvalLines, decisionLine } from '../render/approvals-text.js';
import { resolveTargets } from './deploy-targets.js';

export interface ApprovalsCommandOptions {
  readonly env?: string;
  readonly config?: string;
  readonly json?: boolean;
}

export interface DecideCommandOptions extends ApprovalsCommandOptions {
  readonly step?: string;
  readonly comments?: string;
  readonly workflow?: string;
}

/** The waiting approval as printed: never the token (a bearer capability), only whether the history shows it. */
function shown(w: WaitingApproval): Omit<WaitingApproval, 'token'> & { tokenInHistory: boolean } {
  const { token, ...rest } = w;
  return { ...rest, tokenInHistory: token !== undefined };
}

/** `agentflow approvals <workflows...>`: approvals waiting in the running executions of these workflows. */
export async function runApprovals(args: readonly string[], options: ApprovalsCommandOptions, io: Io): Promise<number> {
  if (args.length === 0) throw new UsageError('No workflow given.', 'Pass workflow names, files or directories.');
  const project = loadProject(io.cwd, options);
  if (!project.ok) {
    io.stderr(renderDiagnostics(project.diagnostics, io.cwd));
    return EXIT_ERRORS;
  }
  const targets = await resolveTargets(args, project, io);
  if (!targets) return EXIT_ERRORS;
  const clients = (io.awsClients ?? defaultClients)(project.env.region);
  let waiting: WaitingApproval[] = [];
  let problem: DeployProblem | undefined;
  try {
    await checkIdentity(clients, { account: project.env.account, envName: project.envName });
    waiting = await listWaitingApprovals(clients, targets);
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    problem = error.problem;
  }
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: problem === undefined, environment: project.envName, waiting: waiting.map(shown), problems: problem ? [problem] : [] }, null, 2)}\n`);
  } else {
    if (!problem) io.stdout(approvalLines(waiting, project.envName));
    if (problem) io.stderr(renderProblem(problem));
  }
  return problem ? EXIT_ERRORS : EXIT_OK;
}

/** `agentflow approve|reject <execution>`: sends the decision with the caller's credentials; the reviewer is the caller's ARN. */
export async function runDecide(approved: boolean, execution: string, options: DecideCommandOptions, io: Io): Promise<number> {
  const project = loadProject(io.cwd, options);
  if (!project.ok) {
    io.stderr(renderDiagnostics(project.diagnostics, io.cwd));
    return EXIT_ERRORS;
  }
  const executionArn = await executionArnOf(execution, options.workflow, project, io);
  if (!executionArn) return EXIT_ERRORS;
  const clients = (io.awsClients ?? defaultClients)(project.env.region);
  try {
    const identity = await checkIdentity(clients, { account: project.env.account, envName: project.envName });
    const decision = await decideApproval(clients, {
      executionArn,
      approved,
      reviewer: identity.arn,
      ...(options.step !== undefined ? { step: options.step } : {}),
      ...(options.comments !== undefined ? { comments: options.comments } : {}),
    });
    io.stdout(options.json ? `${JSON.stringify({ ok: true, environment: project.envName, ...decision }, null, 2)}\n` : decisionLine(decision));
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    if (options.json) io.stdout(`${JSON.stringify({ ok: false, environment: project.envName, problems: [error.problem] }, null, 2)}\n`);
    else io.stderr(renderProblem(error.problem));
    return EXIT_ERRORS;
  }
}

const EXECUTION_ARN = /^arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:execution:[A-Za-z0-9_-]{1,80}:[^:\s]{1,80}$/;
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** An execution ARN as given, or a name within the state machine of `--workflow` (a name or a file). */
async function executionArnOf(execution: string, workflow: string | undefined, project: Parameters<typeof resolveTargets>[1], io: Io): Promise<string | undefined> {
  if (EXECUTION_ARN.test(execution)) return execution;
  if (!EXECUTION_NAME.test(execution)) {
    throw new UsageError(`'${execution}' is neither an execution ARN nor an execution name.`, 'Pass the ARN `agentflow approvals` prints, or a name with --workflow.');
  }
  if (workflow === undefined) throw new UsageError(`'${execution}' is an execution name; which workflow ran it?`, 'Add --workflow NAME (or its file), or pass the execution ARN.');
  const targets = await resolveTargets([workflow], project, io);
  if (!targets) return undefined;
  if (targets.length !== 1) throw new UsageError(`--workflow ${workflow} names ${targets.length} workflows.`, 'Name one workflow or one file.');
  return `${targets[0]!.stateMachineArn.replace(':stateMachine:', ':execution:')}:${execution}`;
}
