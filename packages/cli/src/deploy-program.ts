import type { Command } from 'commander';
import type { Io } from './io.js';

const EXIT_CODES_HELP = `
Exit codes: 0 done or nothing to change, 1 errors (compile, AWS, problems), 2 usage,
            3 --plan found changes pending (0 when there are none).`;

/** deploy, promote, rollback and status, registered after `run`; each action imports its module when it runs. */
export function registerDeployCommands(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('deploy')
    .description('Compile workflows and create or update their state machines: publish a version, move the alias.')
    .argument('[paths...]', 'workflow .ts files or directories')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml (default: its defaultEnvironment)')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--plan', 'only show what would change (read-only); exit 3 when changes are pending')
    .option('-y, --yes', 'apply without asking (required without a terminal, as in CI)')
    .option('--alias <name>', "the alias to move (default: the environment's alias, else live)")
    .option('--canary <percent>', 'route this percent (1-99) to the new version, the rest to the previous one')
    .option('--keep <n>', 'keep the n newest versions; delete older ones no alias routes to')
    .option('--remote-validate', "also check each definition with AWS's ValidateStateMachineDefinition")
    .option('--json', 'print one JSON document at the end: { ok, plan, applied, notApplied, problems }')
    .option('--markdown', 'print the plan as Markdown (for a pull-request comment)')
    .option('--time-limit <seconds>', 'stop a workflow file whose loading and building takes longer (default: 30)')
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (paths: string[], options) => setExit(await (await import('./commands/deploy.js')).runDeploy(paths, options, io)));

  program
    .command('promote')
    .description("Move a workflow's alias from a canary split to 100% on the new version.")
    .argument('<workflow>', 'workflow name or file')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--alias <name>', "the alias (default: the environment's alias, else live)")
    .option('-y, --yes', 'do it without asking (required without a terminal)')
    .option('--json', 'print the result as JSON')
    .action(async (workflow: string, options) => setExit(await (await import('./commands/promote.js')).runPromote(workflow, options, io)));

  program
    .command('rollback')
    .description("Move a workflow's alias back to 100% on an older version (no re-deploy).")
    .argument('<workflow>', 'workflow name or file')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--to <version>', 'the version to route to (default: the one before the current)')
    .option('--alias <name>', "the alias (default: the environment's alias, else live)")
    .option('-y, --yes', 'do it without asking (required without a terminal)')
    .option('--json', 'print the result as JSON')
    .action(async (workflow: string, options) => setExit(await (await import('./commands/rollback.js')).runRollback(workflow, options, io)));

  program
    .command('status')
    .description('Show what is deployed: latest revision and version, alias routing, and whether it matches the local compile.')
    .argument('<workflows...>', 'workflow names, files or directories')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--alias <name>', "the alias (default: the environment's alias, else live)")
    .option('--json', 'print the status as JSON')
    .action(async (workflows: string[], options) => setExit(await (await import('./commands/status.js')).runStatus(workflows, options, io)));
}
