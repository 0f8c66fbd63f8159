import { Command, CommanderError, Option } from 'commander';
import type { Io } from './io.js';
import { EXIT_USAGE, UsageError } from './errors.js';
import { registerDeployCommands } from './deploy-program.js';
import { registerApprovalCommands } from './approvals-program.js';
import { registerCostCommand } from './cost-program.js';

/**
 * Every command, declared in one place; the actions return exit codes instead of exiting. Each action imports its
 * command's module when it runs, so `agentflow --help` or a usage error loads no compiler, executor or AWS SDK (the
 * bundled bin keeps these imports as chunks of their own).
 */
export function buildProgram(io: Io, setExit: (code: number) => void, beforeCommand?: () => Promise<void>): Command {
  const program = new Command('agentflow')
    .description('Typed multi-agent workflows compiled to AWS Step Functions (ASL + IAM).')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run agentflow --help for usage)');
  // Before a command's action only: help and usage errors skip it.
  if (beforeCommand) program.hook('preAction', beforeCommand);

  program
    .command('init')
    .description('Set up a project: agentflow.config.yaml, an example workflow with mocks, tsconfig, package.json scripts, a GitHub Actions check.')
    .argument('[dir]', 'the project folder (default: the working directory; created when missing)')
    .option('--force', 'overwrite scaffolded files that exist with other content (package.json scripts are never replaced)')
    .option('--json', 'print a machine-readable result')
    .action(async (dir: string | undefined, options: { force?: boolean; json?: boolean }) =>
      setExit((await import('./commands/init.js')).runInit(dir, { force: options.force === true, json: options.json === true }, io)),
    );

  program
    .command('compile')
    .description('Compile workflow files (or directories of them) to ASL JSON.')
    .argument('[paths...]', 'workflow .ts files or directories')
    .option('--files-from <file>', 'also compile the paths listed in this file, one per line (- for standard input)')
    .option('-o, --out <dir>', 'write <workflow-name>.asl.json files into this directory')
    .option('--check', 'compare with the files already in --out; exit 1 with a diff on drift')
    .option('--json', 'print a machine-readable result')
    .option('-w, --watch', 'compile, then recompile the workflows a change affects (their files and local imports) until Ctrl-C')
    .option('--report', 'also print the worst-case payload size of every state, on stderr (with --out: write <name>.report.txt)')
    .option('--verbose', 'also list the files of a directory skipped as modules (no default export)')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml (default: its defaultEnvironment)')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--time-limit <seconds>', 'stop a workflow file whose loading and building takes longer (default: 30)')
    .addOption(new Option('--memory-limit <MiB>', 'heap cap of the thread that loads and builds workflows (default: 2048)').hideHelp())
    .action(async (paths: string[], options) => setExit(await (await import('./commands/compile.js')).runCompile(paths, options, io)));

  program
    .command('graph')
    .description('Draw compiled workflows (and ASL definitions, .json) as Mermaid (default), Graphviz DOT or a text outline.')
    .argument('<paths...>', 'workflow .ts files or directories, or ASL definition .asl.json (.json) files')
    .addOption(new Option('--format <format>', 'diagram format').choices(['mermaid', 'dot', 'ascii']).default('mermaid'))
    .option('-o, --out <dir>', 'write <workflow-name>.mmd (.dot, .txt) files into this directory')
    .option('--markdown <file>', 'write one Markdown page with every workflow\'s Mermaid diagram')
    .option('--check', 'compare with the files already in --out (and --markdown); exit 1 with a diff on drift')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml (default: its defaultEnvironment)')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--time-limit <seconds>', 'stop a workflow file whose loading and building takes longer (default: 30)')
    .action(async (paths: string[], options) => setExit(await (await import('./commands/graph.js')).runGraph(paths, options, io)));

  program
    .command('validate')
    .description('Validate Amazon States Language definitions offline, as strictly as AWS does.')
    .argument('[files...]', 'ASL JSON files, directories (their *.asl.json files, at any depth), or - for standard input')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--strict', 'treat ${...} placeholders as errors (for fully substituted definitions)')
    .option('--max-diagnostics <n>', 'findings listed per file, then a count of the rest; 0 lists all (default: 200)')
    .option('--files-from <file>', 'also validate the paths listed in this file, one per line (- for standard input)')
    .action(async (files: string[], options: { format: 'text' | 'json' | 'sarif'; strict?: boolean; maxDiagnostics?: string; filesFrom?: string }) =>
      setExit(
        await (await import('./commands/validate.js')).runValidate(
          files,
          {
            format: options.format,
            strict: options.strict === true,
            ...(options.maxDiagnostics !== undefined ? { maxDiagnostics: options.maxDiagnostics } : {}),
            ...(options.filesFrom !== undefined ? { filesFrom: options.filesFrom } : {}),
          },
          io,
        ),
      ),
    );

  program
    .command('run')
    .description('Run a workflow or ASL definition offline: mocks answer every Task, time is virtual.')
    .argument('<workflow>', 'workflow .ts file, or an .asl.json definition')
    .option('-i, --input <file>', 'execution input JSON, or - for standard input (default: the mocks\' input, else {})')
    .option('-m, --mocks <file>', '.ts, .js or .json module whose default export is { agents?, approvals?, tasks?, workflows?, s3?, input? }')
    .option('--trace', 'list every state visit with its virtual start time and duration (with --json: add the history events)')
    .option('--json', 'print { status, output | error and cause, transitions, durationSeconds, trace, coverage }')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml (default: its defaultEnvironment)')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--seed <n>', 'seed of retry jitter, $random, $uuid and task tokens', '1')
    .action(async (workflow: string, options) => setExit(await (await import('./commands/run.js')).runRun(workflow, options, io)));

  registerDeployCommands(program, io, setExit);
  registerApprovalCommands(program, io, setExit);
  registerCostCommand(program, io, setExit);

  program
    .command('config-schema')
    .description('Print the JSON Schema of agentflow.config.yaml, which editors use to complete and check the file.')
    .option('-o, --out <file>', 'write it to this file instead of standard output')
    .option('--check', 'with --out: compare with that file; exit 1 when it is stale')
    .action(async (options: { out?: string; check?: boolean }) =>
      setExit((await import('./commands/config-schema.js')).runConfigSchema({ ...(options.out !== undefined ? { out: options.out } : {}), check: options.check === true }, io)),
    );

  program
    .command('bundle-runtime')
    .description('Build reproducible Lambda zips of the runtime handlers (agentflow-agent-adapter.zip, agentflow-approval-responder.zip; handler index.handler).')
    .requiredOption('-o, --out <dir>', 'write <zip> and <zip>.sha256 files into this directory')
    .option('--json', 'print a machine-readable result')
    .action(async (options: { out: string; json?: boolean }) => setExit(await (await import('./commands/bundle-runtime.js')).runBundleRuntime({ out: options.out, json: options.json === true }, io)));

  program
    .command('resolve')
    .description('Look up the ids of agents configured by name in the AWS account and record them in agentflow.lock.json.')
    .option('-e, --env <name>', 'environment from agentflow.config.yaml (default: its defaultEnvironment)')
    .option('-c, --config <file>', 'project config (default: nearest agentflow.config.yaml)')
    .option('--check', 'write nothing; exit 1 listing the differences when the lock no longer matches the account')
    .option('--allow-draft', 'accept the draft alias TSTALIASID (development environments)')
    .option('--json', 'print a machine-readable result')
    .action(async (options: { env?: string; config?: string; check?: boolean; allowDraft?: boolean; json?: boolean }) => setExit(await (await import('./commands/resolve.js')).runResolve(options, io)));

  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 workflow errors, 2 usage errors, 3 `deploy --plan` found changes. */
export async function main(argv: readonly string[], io: Io, beforeCommand?: () => Promise<void>): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c), beforeCommand);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      io.stderr(`error${error.code ? `[${error.code}]` : ''}: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

export { Option };
