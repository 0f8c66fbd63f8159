import { extname, resolve } from 'node:path';
import { hasErrors, READ_LIMIT_BYTES, describeReadProblem, type BoundedRead } from '@agentflow/compiler';
import type { WorkflowDef } from '@agentflow/dsl';
import { simulate, SimulationSetupError, type AslDefinition, type SimulationResult } from '@agentflow/testing';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { loadWorkflow } from '../load-workflow.js';
import { interceptExit, withExit } from '../exit-guard.js';
import { loadProject } from '../project.js';
import { DEFAULT_LIMITS } from '../contain/limits.js';
import { WorkflowWorker } from '../contain/workflow-worker.js';
import { loadMocks, MODULE_EXTENSIONS, setupProblem, type Mocks, type MocksOption } from '../mocks-file.js';
import { existingFile, label, parseJson, readUserFile, Stop } from '../user-files.js';
import { renderDiagnostics } from '../render/diagnostics-text.js';
import { renderRunText } from '../render/run-text.js';
import { readCheckedDefinition } from '../checked-definition.js';

export interface RunCommandOptions {
  /** Execution input: a JSON file, or `-` for standard input. Default: the mocks' `input`, else `{}`. */
  readonly input?: string;
  /** A .ts/.js/.json module whose default export holds `{ agents?, approvals?, tasks?, workflows?, s3?, dynamodb?, input? }`. */
  readonly mocks?: string;
  /** Print every state visit instead of the path (and, with --json, the history events). */
  readonly trace?: boolean;
  readonly json?: boolean;
  readonly env?: string;
  readonly config?: string;
  /** Seed of retry jitter, `$random`, `$uuid` and task tokens, as text from the command line. */
  readonly seed?: string;
}

const STDIN = '-';
const MOCKS_OPTION: MocksOption = { command: 'run', option: '--mocks' };

/** What the simulator runs, and the options that compile it. */
interface Target {
  readonly target: WorkflowDef | AslDefinition;
  readonly options: { readonly config?: string; readonly env?: string };
}

/**
 * `agentflow run`: executes one workflow (compiled as `compile` would) or one ASL definition offline, on the
 * simulator's virtual clock, with mocks answering every Task. Exit 0 when the execution succeeded, 1 when it
 * failed or timed out (or the workflow does not compile), 2 for mistakes in the command, the input or the mocks.
 */
export async function runRun(target: string, options: RunCommandOptions, io: Io): Promise<number> {
  try {
    return await run(target, options, io);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    io.stderr(renderDiagnostics(error.diagnostics, io.cwd));
    return error.exit;
  }
}

async function run(target: string, options: RunCommandOptions, io: Io): Promise<number> {
  const seed = parseSeed(options.seed);
  const file = existingFile(target, io.cwd, 'Pass a workflow (.ts) or a definition (.asl.json).');
  const isDefinition = extname(file) === '.json';
  if (!isDefinition && !MODULE_EXTENSIONS.includes(extname(file))) {
    throw new UsageError(`${target} is neither a workflow (.ts, .js) nor a definition (.json).`, 'Pass a workflow file or a compiled .asl.json definition.');
  }
  // The workflow first: a mocks module that imports it (for its agents) must not hide its errors.
  const resolved: Target = isDefinition ? readDefinition(file, target) : await compileTarget(file, options, io.cwd);
  const mocksLabel = options.mocks === undefined ? undefined : label(resolve(io.cwd, options.mocks), io.cwd);
  const mocks: Mocks = options.mocks === undefined ? {} : (await loadMocks(options.mocks, io.cwd, MOCKS_OPTION)).mocks;
  const input = options.input !== undefined ? await readInput(options.input, io) : mocks.input === undefined ? {} : mocks.input;
  let result: SimulationResult;
  try {
    result = await simulate(resolved.target, { ...mocks, input, seed, ...resolved.options });
  } catch (error) {
    if (error instanceof SimulationSetupError) {
      const problem = setupProblem(error, mocksLabel, MOCKS_OPTION);
      throw new UsageError(problem.message, problem.hint);
    }
    throw error;
  }
  io.stdout(options.json ? jsonReport(result, options.trace === true) : renderRunText(result, { trace: options.trace === true }));
  return result.status === 'SUCCEEDED' ? EXIT_OK : EXIT_ERRORS;
}

function parseSeed(seed: string | undefined): number {
  if (seed === undefined) return 1;
  const n = Number(seed);
  if (!/^\d+$/.test(seed) || !Number.isSafeInteger(n)) throw new UsageError(`--seed must be a non-negative integer, not '${seed}'.`);
  return n;
}

/** A workflow is loaded and compiled exactly as `agentflow compile` does; the simulator then runs that definition. */
async function compileTarget(file: string, options: RunCommandOptions, cwd: string): Promise<Target> {
  const project = loadProject(cwd, options);
  if (!project.ok) throw new Stop(project.diagnostics, EXIT_ERRORS);
  // The simulator needs the definition itself (functions, schemas), which cannot leave a worker thread; so the file
  // is first loaded and built there, within the time and memory limits, and only code that finished is run here.
  const worker = new WorkflowWorker(DEFAULT_LIMITS);
  let checked;
  try {
    checked = await worker.compile({ file, env: project.env, envName: project.envName });
  } finally {
    await worker.close();
  }
  const found = checked.ok ? checked.compiled.diagnostics : checked.diagnostics;
  if (!checked.ok || hasErrors(found)) throw new Stop(found.filter((d) => d.severity === 'error'), EXIT_ERRORS);
  // The worker compiled it without errors; here it is only loaded again (the simulator builds and compiles it). As in
  // `compile`, workflow code that exits while it loads is an error, not the run's exit code.
  const { value: loaded, exited } = await interceptExit(file, () => loadWorkflow(file));
  const reported = loaded.ok ? [] : loaded.diagnostics;
  if (exited) throw new Stop(withExit(reported, exited).filter((d) => d.severity === 'error'), EXIT_ERRORS);
  if (!loaded.ok) throw new Stop(loaded.diagnostics, EXIT_ERRORS);
  return { target: loaded.def, options: { config: project.configFile, env: project.envName } };
}

/** An ASL definition, checked as `agentflow validate` checks it: a JSON syntax error exits 2, other errors 1. */
function readDefinition(file: string, shown: string): Target {
  const checked = readCheckedDefinition(file, shown);
  if (!checked.ok) throw new Stop([...checked.diagnostics], checked.syntax ? EXIT_USAGE : EXIT_ERRORS);
  return { target: checked.definition as unknown as AslDefinition, options: {} };
}

function stdinText(read: BoundedRead): string {
  if (read.ok) return read.text;
  throw new UsageError(`Cannot read the input from standard input: ${describeReadProblem(read)}.`, 'Step Functions accepts at most 256 KiB of execution input.');
}

async function readInput(path: string, io: Io): Promise<unknown> {
  if (path === STDIN) return parseJson(stdinText(await io.readStdin(READ_LIMIT_BYTES)), '<stdin>', 'The input (standard input)');
  const file = existingFile(path, io.cwd, 'Pass the execution input as a JSON file, or - for standard input.', '--input');
  return parseJson(readUserFile(file, `--input ${path}`), file, `The input ${label(file, io.cwd)}`);
}

/** The result for machines: fixed key order; the history only with --trace. */
function jsonReport(result: SimulationResult, withEvents: boolean): string {
  const report = {
    status: result.status,
    ...(result.status === 'SUCCEEDED' ? { output: result.output ?? null } : { error: result.error ?? '', cause: result.cause ?? '' }),
    transitions: result.transitions,
    durationSeconds: result.durationSeconds,
    trace: result.trace,
    coverage: result.coverage,
    ...(withEvents ? { events: result.events } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
