import type { Command } from 'commander';
import type { Io } from './io.js';

/** `agentflow cost`: registered apart from program.ts so the command's options sit in one small file. */
export function registerCostCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('cost')
    .description('Estimate state transitions and monthly cost of workflows from their compiled definitions (docs/cost.md).')
    .argument('<paths...>', 'workflow .ts files or directories')
    .option('--volumes <list>', 'executions a month to project, comma-separated (default: 100,2000,20000)')
    .option('--free-tier', 'subtract Step Functions\' 4,000 free transitions a month (off by default: an account shares them)')
    .option('--scenario <mocks>', 'also run the workflow in the simulator with this mocks file (as run --mocks takes; its input is the execution input) and show the measured transitions; repeatable, one workflow only', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--json', 'print one JSON document')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml (default: its defaultEnvironment)')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml); its pricing: key sets prices')
    .action(async (paths: string[], options: { volumes?: string; freeTier?: boolean; json?: boolean; env?: string; config?: string; scenario?: string[] }) =>
      setExit(await (await import('./commands/cost.js')).runCost(paths, options, io)),
    );
}
