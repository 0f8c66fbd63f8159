import { dirname, relative } from 'node:path';
import {
  agentsByName,
  applyDeploy,
  checkAgentLock,
  createAgentClient,
  defaultClients,
  desiredMachine,
  DeployError,
  gitHead,
  planDeploy,
  remoteValidate,
  renderPlanMarkdown,
  renderPlanText,
  type AppliedMachine,
  type DeployEvent,
  type DeployPlan,
  type DeployProblem,
  type DesiredMachine,
  type PlannedDeploy,
} from '@agentflow/deploy';
import { lockFileFor, readLockfile, type Diagnostic } from '@agentflow/compiler';
import type { Io } from '../io.js';
import { EXIT_CHANGES_PENDING, EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { loadProject } from '../project.js';
import { workflowFileSet } from '../workflow-files.js';
import { renderDiagnostics, diagnosticsJson } from '../render/diagnostics-text.js';
import { eventLine, renderProblem } from '../render/deploy-text.js';
import { terminalSafe } from '../render/terminal-text.js';
import { compileAll, type CompiledForDeploy } from './deploy-compile.js';
import { integerOption } from './deploy-options.js';

export interface DeployCommandOptions {
  readonly env?: string;
  readonly config?: string;
  readonly plan?: boolean;
  readonly yes?: boolean;
  readonly alias?: string;
  readonly canary?: string;
  readonly keep?: string;
  readonly remoteValidate?: boolean;
  readonly json?: boolean;
  readonly markdown?: boolean;
  readonly timeLimit?: string;
  readonly memoryLimit?: string;
}

/** What `--json` prints, once, at the end. */
interface DeployReport {
  ok: boolean;
  plan?: DeployPlan;
  applied: AppliedMachine[];
  notApplied: string[];
  problems: DeployProblem[];
  diagnostics: unknown[];
}

/**
 * `agentflow deploy`: compile everything, check the caller's account, plan with read calls only, print the plan, and
 * (unless --plan) apply it after confirmation or --yes.
 */
export async function runDeploy(paths: readonly string[], options: DeployCommandOptions, io: Io): Promise<number> {
  const canary = integerOption(options.canary, '--canary', 1, 99);
  const keep = integerOption(options.keep, '--keep', 1, 1000);
  if (options.json && options.markdown) throw new UsageError('--json and --markdown both print the plan on standard output; pass one of them.');
  if (!options.plan && !options.yes && !io.isInteractive) {
    throw new UsageError('deploy needs confirmation, and there is no terminal to ask on.', 'Pass --yes to apply without asking (as in CI), or --plan to only show what would change.');
  }
  if (paths.length === 0) throw new UsageError('No workflow files to deploy.', 'Pass workflow files or directories.');
  const files = workflowFileSet(paths, io.cwd);
  const project = loadProject(io.cwd, options);
  const report: DeployReport = { ok: false, applied: [], notApplied: [], problems: [], diagnostics: [] };
  const finish = (code: number): number => {
    if (options.json) io.stdout(`${JSON.stringify({ ...report, ok: code === EXIT_OK || code === EXIT_CHANGES_PENDING }, null, 2)}\n`);
    return code;
  };
  const findings = (diagnostics: readonly Diagnostic[]): void => {
    if (options.json) report.diagnostics.push(...diagnosticsJson(diagnostics, io.cwd));
    else io.stderr(renderDiagnostics(diagnostics, io.cwd));
  };
  const fail = (problems: readonly DeployProblem[]): number => {
    report.problems.push(...problems);
    if (!options.json) for (const p of problems) io.stderr(renderProblem(p));
    return finish(EXIT_ERRORS);
  };
  if (!project.ok) {
    findings(project.diagnostics);
    return finish(EXIT_ERRORS);
  }
  const progress = (event: DeployEvent): void => {
    if (!options.json) io.stderr(eventLine(event));
  };

  const compiled = await compileAll(files, project, io, options, (file) => {
    if (!options.json) io.stderr(`${terminalSafe(relative(io.cwd, file) || file)}: compiling\n`);
  });
  findings(compiled.diagnostics);
  if (!compiled.ok) {
    if (!options.json) io.stderr('Nothing was deployed: fix the errors above first (no AWS call was made).\n');
    return finish(EXIT_ERRORS);
  }

  const gitSha = gitHead(dirname(project.configFile));
  const desired: DesiredMachine[] = [];
  const problems: DeployProblem[] = [];
  for (const w of compiled.workflows) {
    try {
      desired.push(desiredFor(w, project, options.alias, gitSha));
    } catch (error) {
      if (!(error instanceof DeployError)) throw error;
      problems.push(error.problem);
    }
  }
  if (problems.length > 0) return fail(problems);

  const clients = (io.awsClients ?? defaultClients)(project.env.region);
  let planned: PlannedDeploy;
  try {
    planned = await planDeploy(clients, { envName: project.envName, account: project.env.account }, desired, { ...(canary !== undefined ? { canary } : {}), ...(keep !== undefined ? { keep } : {}) }, progress);
    const warnings = await agentLockWarnings(project, io);
    if (warnings.problems.length > 0) {
      report.plan = planned.plan;
      if (!options.json) io.stderr('Nothing was deployed: the agent lock does not match the account (no write call was made).\n');
      return fail(warnings.problems);
    }
    if (warnings.warnings.length > 0) planned = { ...planned, plan: { ...planned.plan, warnings: warnings.warnings } };
    if (options.remoteValidate) {
      const gate = await validateRemotely(clients, compiled.workflows, desired, findings);
      if (!gate) {
        report.plan = planned.plan;
        if (!options.json) io.stderr('Nothing was deployed: AWS rejected a definition (no write call was made).\n');
        return finish(EXIT_ERRORS);
      }
    }
  } catch (error) {
    if (!(error instanceof DeployError)) throw error;
    return fail([error.problem]);
  }
  report.plan = planned.plan;
  const pending = planned.plan.machines.filter((m) => m.action !== 'unchanged');
  const runWarnings = planned.plan.warnings ?? [];
  if (options.markdown) {
    io.stdout(renderPlanMarkdown(planned.plan));
    if (runWarnings.length > 0) io.stdout(`\n### Warnings\n\n${runWarnings.map((w) => `- ${markdownText(w)}`).join('\n')}\n`);
  } else if (!options.json) {
    io.stdout(renderPlanText(planned.plan, { color: io.isInteractive === true }));
  }
  if (!options.json) for (const w of runWarnings) io.stderr(`warning: ${terminalSafe(w)}\n`);

  if (options.plan) return finish(pending.length > 0 ? EXIT_CHANGES_PENDING : EXIT_OK);
  if (pending.length === 0) {
    if (!options.json) io.stderr('No changes: everything is deployed as compiled.\n');
    report.applied = planned.plan.machines.map((m) => ({ workflow: m.workflow, stateMachineArn: m.stateMachineArn, action: m.action, pruned: [] }));
    return finish(EXIT_OK);
  }
  if (!options.yes) {
    const yes = io.confirm ? await io.confirm('Apply these changes? [y/N] ') : false;
    if (!yes) {
      io.stderr('Nothing applied.\n');
      report.notApplied = pending.map((m) => m.workflow);
      return finish(EXIT_ERRORS);
    }
  }
  const outcome = await applyDeploy(clients, planned, progress);
  report.applied = [...outcome.applied];
  report.notApplied = [...outcome.notApplied];
  if (outcome.problems.length > 0) {
    if (!options.json) {
      io.stderr(`applied: ${outcome.applied.map((a) => a.workflow).join(', ') || 'none'}\n`);
      io.stderr(`not applied: ${outcome.notApplied.join(', ')}\n`);
      io.stderr('Run the same command again to finish: what was applied shows as unchanged.\n');
    }
    return fail(outcome.problems);
  }
  if (!options.json) io.stderr(`deployed ${outcome.applied.filter((a) => a.action !== 'unchanged').length} of ${outcome.applied.length} workflow(s)\n`);
  return finish(EXIT_OK);
}

export function desiredFor(w: CompiledForDeploy, project: { env: Parameters<typeof desiredMachine>[0]['env']; envName: string }, alias: string | undefined, gitSha: string | undefined): DesiredMachine {
  return desiredMachine({
    workflow: w.name,
    aslText: w.aslText,
    env: project.env,
    envName: project.envName,
    ...(alias !== undefined ? { alias } : {}),
    ...(gitSha !== undefined ? { gitSha } : {}),
  });
}

/** --remote-validate: AWS's findings in our format; true when every definition passed (`result` is not FAIL). */
async function validateRemotely(
  clients: Parameters<typeof remoteValidate>[0],
  workflows: readonly CompiledForDeploy[],
  desired: readonly DesiredMachine[],
  findings: (diagnostics: readonly Diagnostic[]) => void,
): Promise<boolean> {
  let ok = true;
  for (let i = 0; i < desired.length; i++) {
    const d = desired[i]!;
    const result = await remoteValidate(clients, d.definition, d.workflow);
    const loc = workflows[i]!.loc;
    const { stepOfState } = workflows[i]!;
    const diagnostics: Diagnostic[] = result.findings.map((f) => {
      // The innermost state the pointer names, and the step it was compiled from (state names derive from step ids).
      const state = f.statePath?.split(' › ').at(-1);
      const step = state !== undefined ? stepOfState[state] : undefined;
      return {
        code: `aws-${f.code}`,
        severity: f.severity,
        message: `AWS ValidateStateMachineDefinition: ${f.message}${step !== undefined ? ` (step '${step}')` : ''}`,
        ...(loc ? { loc } : {}),
        ...(f.pointer !== undefined ? { pointer: f.pointer } : {}),
        ...(f.statePath ? { path: f.statePath } : {}),
      };
    });
    if (result.truncated) {
      diagnostics.push({ code: 'aws-validate-truncated', severity: 'warning', message: `AWS listed only the first ${result.findings.length} findings of ${d.workflow}.`, ...(loc ? { loc } : {}) });
    }
    findings(diagnostics);
    ok &&= result.ok;
  }
  return ok;
}

/**
 * Agents configured by name: re-resolved read-only and compared with agentflow.lock.json, which the definitions were
 * compiled from (see checkAgentLock for what is an error and what a warning).
 */
async function agentLockWarnings(project: { env: Parameters<typeof agentsByName>[0]; envName: string; configFile: string }, io: Io): ReturnType<typeof checkAgentLock> {
  if (Object.keys(agentsByName(project.env)).length === 0) return { warnings: [], problems: [] };
  const lock = readLockfile(lockFileFor(project.configFile));
  const locked = lock.ok ? lock.lock?.environments[project.envName]?.agents : undefined;
  const client = (io.agentClient ?? createAgentClient)(project.env.region);
  try {
    return await checkAgentLock(client, project.env, project.envName, locked);
  } finally {
    client.destroy();
  }
}

/** AWS-sourced text inside a Markdown list item: on one line, without characters that start Markdown or HTML. */
function markdownText(text: string): string {
  return terminalSafe(text).replace(/\s+/g, ' ').replace(/[\\`*_<>[\]|#]/g, (c) => `\\${c}`);
}
