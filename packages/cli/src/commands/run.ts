import { readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { types } from 'node:util';
import { describeReadProblem, hasErrors, readBoundedFile, READ_LIMIT_BYTES, specialKind, validateAslText, type BoundedRead, type Diagnostic } from '@agentflow/compiler';
import type { WorkflowDef } from '@agentflow/dsl';
import { simulate, SimulationSetupError, type AslDefinition, type SimulateOptions, type SimulationResult } from '@agentflow/testing';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { importFailure, importModule, loadWorkflow, type ModuleKind } from '../load-workflow.js';
import { interceptExit, withExit } from '../exit-guard.js';
import { loadProject } from '../project.js';
import { DEFAULT_LIMITS } from '../contain/limits.js';
import { WorkflowWorker } from '../contain/workflow-worker.js';
import { renderDiagnostics } from '../render/diagnostics-text.js';
import { renderRunText } from '../render/run-text.js';
import { JSON_SYNTAX, readCheckedDefinition } from '../checked-definition.js';

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

/** What a mocks module exports by default: the mock fields of `simulate`'s options. */
type Mocks = Pick<SimulateOptions, 'agents' | 'approvals' | 'tasks' | 'workflows' | 's3' | 'dynamodb' | 'input'>;

const MOCK_KEYS: readonly (keyof Mocks)[] = ['agents', 'approvals', 'tasks', 'workflows', 's3', 'dynamodb', 'input'];
const MOCK_TABLES = ['agents', 'approvals', 'tasks'] as const;
const MOCKS_MODULE: ModuleKind = { noun: 'mocks', runsWhen: 'the mocks module runs when `agentflow run` loads it' };
const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];
const STDIN = '-';

/** What the simulator runs, and the options that compile it. */
interface Target {
  readonly target: WorkflowDef | AslDefinition;
  readonly options: { readonly config?: string; readonly env?: string };
}

/** Located problems that stop the run before it starts: printed as diagnostics, then `exit`. */
class Stop extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly exit: number,
  ) {
    super(diagnostics[0]?.message ?? 'stopped');
  }
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
  const mocks = options.mocks === undefined ? {} : await loadMocks(options.mocks, io.cwd);
  const input = options.input !== undefined ? await readInput(options.input, io) : mocks.input === undefined ? {} : mocks.input;
  let result: SimulationResult;
  try {
    result = await simulate(resolved.target, { ...mocks, input, seed, ...resolved.options });
  } catch (error) {
    if (error instanceof SimulationSetupError) throw setupError(error, mocksLabel);
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

/** A path as the user should read it: relative below the working directory, absolute elsewhere. */
function label(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** The absolute path of a file the user named; a missing file or a directory is a usage error. */
function existingFile(path: string, cwd: string, hint: string, option = ''): string {
  const file = resolve(cwd, path);
  let kind: string | undefined;
  try {
    kind = specialKind(statSync(file));
  } catch {
    throw new UsageError(`No such file: ${path}${option ? ` (${option})` : ''}`, hint);
  }
  // A FIFO or a device would block the read or never end: see readBoundedFile.
  if (kind !== undefined) throw new UsageError(`${path}${option ? ` (${option})` : ''} is ${kind}, not a file.`, hint);
  return file;
}

/** Mocks JSON may hold whole S3 objects (a distributed Map's items), so it gets more room than a definition. */
const MOCKS_JSON_LIMIT_BYTES = 16 * 1024 * 1024;

/** The text of a file the user named, read by the shared bounded reader; a file that cannot be read is a usage error. */
function readUserFile(file: string, what: string, limit = READ_LIMIT_BYTES): string {
  return textOf(readBoundedFile(file, limit), what);
}

/** The text of a read, or the usage error that says why there is none. */
function textOf(read: BoundedRead, what: string): string {
  if (read.ok) return read.text;
  throw new UsageError(`Cannot read ${what}: ${describeReadProblem(read)}.`, read.problem === 'too-large' ? 'Check that the option names the file you meant.' : undefined);
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

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON the user wrote; a syntax error is reported at its line and column, exit 2. */
function parseJson(text: string, file: string, what: string): unknown {
  const source = stripBom(text);
  try {
    return JSON.parse(source);
  } catch (error) {
    // The definition validator locates JSON syntax errors (line, column, a hint); any JSON goes through it.
    const located = validateAslText(text, { file }).find((d) => JSON_SYNTAX.has(d.code));
    const detail = source.trim() === '' ? 'the file is empty' : (located?.message.replace(/^Invalid JSON: /, '').replace(/\.$/, '') ?? (error as Error).message);
    throw new Stop(
      [
        {
          code: 'invalid-json',
          severity: 'error',
          message: `${what} is not valid JSON: ${detail}.`,
          loc: located?.loc ?? { file, line: 1, column: 1 },
          hint: source.trim() === '' ? 'Write a JSON value, e.g. {}.' : (located?.hint ?? 'Fix the JSON syntax.'),
        },
      ],
      EXIT_USAGE,
    );
  }
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

/** Loads the mocks module: TypeScript and JavaScript through the workflow loader, JSON as data. */
async function loadMocks(path: string, cwd: string): Promise<Mocks> {
  const file = existingFile(path, cwd, 'Pass a .ts, .js or .json file whose default export holds the mocks.', '--mocks');
  const ext = extname(file);
  let value: unknown;
  let source: string;
  if (ext === '.json') {
    source = readUserFile(file, `--mocks ${path}`, MOCKS_JSON_LIMIT_BYTES);
    value = parseJson(source, file, `The mocks file ${label(file, cwd)}`);
  } else if (MODULE_EXTENSIONS.includes(ext)) {
    // Through the workflow loader: TypeScript runs as is, and imports share the modules already loaded.
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(file);
    } catch (error) {
      throw new Stop([importFailure(file, error, MOCKS_MODULE)], EXIT_USAGE);
    }
    source = readFileSync(file, 'utf8');
    if (!('default' in mod) || mod['default'] === undefined) {
      throw new Stop(
        [
          {
            code: 'mocks-missing-default-export',
            severity: 'error',
            message: 'The mocks file has no default export.',
            loc: { file, line: 1, column: 1 },
            hint: "End the file with `export default { agents: { 'step-id': [answer] }, tasks: { … } }`.",
          },
        ],
        EXIT_USAGE,
      );
    }
    value = mod['default'];
  } else {
    throw new UsageError(`--mocks ${path} is not a .ts, .js or .json file.`);
  }
  // Looking into a Proxy runs its traps, which may throw; mocks are plain objects.
  const problems = types.isProxy(value)
    ? [{ message: 'The default export of the mocks file is a Proxy, not a plain object.', hint: 'Export the mocks object itself: export default { agents: { … } }.' }]
    : mockProblems(value);
  if (problems.length > 0) {
    const loc = defaultExportLocation(source, file);
    throw new Stop(problems.map((p) => ({ code: 'mocks-invalid', severity: 'error', message: p.message, loc, hint: p.hint })), EXIT_USAGE);
  }
  return value as Mocks;
}

/** Where `export default` is written (the top of a JSON file), to point at the mocks object. */
function defaultExportLocation(source: string, file: string): { file: string; line: number; column: number } {
  const at = /\bexport\s+default\b/.exec(source)?.index;
  if (at === undefined) return { file, line: 1, column: 1 };
  const before = source.slice(0, at).split('\n');
  return { file, line: before.length, column: before.at(-1)!.length + 1 };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Shape checks the simulator would only report when a step runs, or never (a misspelt table is silently unused). */
function mockProblems(value: unknown): { message: string; hint: string }[] {
  if (!isRecord(value)) {
    return [{ message: `The default export of the mocks file is ${kindOf(value)}, not an object.`, hint: "Export { agents?, approvals?, tasks?, workflows?, s3?, dynamodb?, input? }, e.g. export default { agents: { search: [{ sources: [] }] } }." }];
  }
  const problems: { message: string; hint: string }[] = [];
  for (const key of Object.keys(value)) {
    if (!(MOCK_KEYS as readonly string[]).includes(key)) {
      problems.push({ message: `The mocks have an unknown key '${key}'.`, hint: `Use ${MOCK_KEYS.join(', ')}.` });
    }
  }
  for (const table of MOCK_TABLES) {
    const mocks = value[table];
    if (mocks === undefined) continue;
    if (!isRecord(mocks)) {
      problems.push({ message: `'${table}' is ${kindOf(mocks)}; it must map step ids (or state names) to mocks.`, hint: `${table}: { 'step-id': [answer] }` });
      continue;
    }
    for (const [key, mock] of Object.entries(mocks)) {
      if (typeof mock !== 'function' && !Array.isArray(mock)) {
        problems.push({ message: `${table}['${key}'] is ${kindOf(mock)}; a mock is a function or a list of answers.`, hint: 'Wrap a fixed answer in a list: [answer] answers every call with it.' });
      }
    }
  }
  problems.push(...childProblems(value['workflows']));
  if (value['s3'] !== undefined && !isRecord(value['s3'])) {
    problems.push({ message: `'s3' is ${kindOf(value['s3'])}; it must map s3:// URIs to objects.`, hint: "s3: { 's3://bucket/key.json': { … } }" });
  }
  const tables = value['dynamodb'];
  if (tables !== undefined && !isRecord(tables)) {
    problems.push({ message: `'dynamodb' is ${kindOf(tables)}; it must map table names to { key, items? }.`, hint: "dynamodb: { 'my-table': { key: 'id', items: [{ id: { S: 'a' } }] } }" });
  } else if (tables !== undefined) {
    for (const [name, table] of Object.entries(tables)) {
      const key = isRecord(table) ? table['key'] : undefined;
      const keyOk = typeof key === 'string' || (Array.isArray(key) && key.length > 0 && key.every((k) => typeof k === 'string'));
      if (!keyOk || (isRecord(table) && table['items'] !== undefined && !Array.isArray(table['items']))) {
        problems.push({ message: `dynamodb['${name}'] must be { key, items? }: key names the table's key attribute(s), items is a list.`, hint: "dynamodb: { 'my-table': { key: 'id', items: [{ id: { S: 'a' } }] } }" });
      }
    }
  }
  return problems;
}

/** `workflows`: the children `flow.run` steps start, by state machine name, each with its workflow and mocks. */
function childProblems(workflows: unknown): { message: string; hint: string }[] {
  if (workflows === undefined) return [];
  const hint = "workflows: { 'child-name': { workflow: child, agents: { … } } }";
  if (!isRecord(workflows)) return [{ message: `'workflows' is ${kindOf(workflows)}; it must map child state machine names to their workflow and mocks.`, hint }];
  return Object.entries(workflows).flatMap(([name, child]) =>
    isRecord(child) && child['workflow'] !== undefined ? [] : [{ message: `workflows['${name}'] must be an object with the child's workflow (workflow: …) and its mocks.`, hint }],
  );
}

/** A test mistake found by the simulator (a missing mock, a malformed answer): a usage error naming what to add. */
function setupError(error: SimulationSetupError, mocksLabel: string | undefined): UsageError {
  const suffix = error.hint === undefined ? '' : `\nhint: ${error.hint}`;
  const message = error.message.endsWith(suffix) ? error.message.slice(0, error.message.length - suffix.length) : error.message;
  const where = mocksLabel === undefined ? 'a mocks file and pass it with --mocks' : `the default export of ${mocksLabel}`;
  return new UsageError(message, error.hint?.replace(/to the simulate options\.$/, `to ${where}.`));
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
