import type { Command } from 'commander';
import type { Io } from './io.js';

/** approvals, approve and reject: human decisions from a terminal, with the caller's own AWS credentials. */
export function registerApprovalCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('approvals')
    .description('List the approval steps waiting for a decision in the running executions of these workflows.')
    .argument('<workflows...>', 'workflow names, files or directories')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--json', 'print { ok, environment, waiting, problems } as JSON')
    .action(async (workflows: string[], options) => setExit(await (await import('./commands/approvals.js')).runApprovals(workflows, options, io)));

  for (const [name, approved] of [['approve', true], ['reject', false]] as const) {
    program
      .command(name)
      .description(`${approved ? 'Approve' : 'Reject'} the approval an execution waits at (SendTaskSuccess with { approved: ${approved}, comments?, reviewer }; the reviewer is your AWS identity).`)
      .argument('<execution>', 'execution ARN, or execution name with --workflow')
      .option('--step <id>', 'the approval step, when several wait')
      .option('--comments <text>', `recorded in the outcome (at most 4000 characters)`)
      .option('--workflow <name>', 'the workflow (name or file) of an execution given by name')
      .option('-e, --env <name>', 'environment from agentflow.config.yaml')
      .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
      .option('--json', 'print the decision as JSON')
      .action(async (execution: string, options) => setExit(await (await import('./commands/approvals.js')).runDecide(approved, execution, options, io)));
  }
}
