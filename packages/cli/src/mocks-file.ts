import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { types } from 'node:util';
import type { SourceLocation } from '@agentflow/dsl';
import type { SimulateOptions, SimulationSetupError } from '@agentflow/testing';
import { EXIT_USAGE, UsageError } from './errors.js';
import { importFailure, importModule, type ModuleKind } from './load-workflow.js';
import { existingFile, label, parseJson, readUserFile, Stop } from './user-files.js';

/** What a mocks module exports by default: the mock fields of `simulate`'s options. */
export type Mocks = Pick<SimulateOptions, 'agents' | 'approvals' | 'tasks' | 'workflows' | 's3' | 'dynamodb' | 'input'>;

/** A loaded mocks file, and where its mocks object is written (for diagnostics about it). */
export interface LoadedMocks {
  readonly mocks: Mocks;
  readonly loc: SourceLocation;
}

/** The command and option that named a mocks file, for messages: `run --mocks`, `cost --scenario`. */
export interface MocksOption {
  readonly command: string;
  readonly option: string;
}

const MOCK_KEYS: readonly (keyof Mocks)[] = ['agents', 'approvals', 'tasks', 'workflows', 's3', 'dynamodb', 'input'];
const MOCK_TABLES = ['agents', 'approvals', 'tasks'] as const;
export const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** Mocks JSON may hold whole S3 objects (a distributed Map's items), so it gets more room than a definition. */
const MOCKS_JSON_LIMIT_BYTES = 16 * 1024 * 1024;

/** The hint for a mocks file that is missing or not a file. */
export const MOCKS_FILE_HINT = 'Pass a .ts, .js or .json file whose default export holds the mocks.';

/** Loads the mocks module: TypeScript and JavaScript through the workflow loader, JSON as data. */
export async function loadMocks(path: string, cwd: string, named: MocksOption): Promise<LoadedMocks> {
  const file = existingFile(path, cwd, MOCKS_FILE_HINT, named.option);
  const mocksModule: ModuleKind = { noun: 'mocks', runsWhen: `the mocks module runs when \`agentflow ${named.command}\` loads it` };
  const ext = extname(file);
  let value: unknown;
  let source: string;
  if (ext === '.json') {
    source = readUserFile(file, `${named.option} ${path}`, MOCKS_JSON_LIMIT_BYTES);
    value = parseJson(source, file, `The mocks file ${label(file, cwd)}`);
  } else if (MODULE_EXTENSIONS.includes(ext)) {
    // Through the workflow loader: TypeScript runs as is, and imports share the modules already loaded.
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(file);
    } catch (error) {
      throw new Stop([importFailure(file, error, mocksModule)], EXIT_USAGE);
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
    throw new UsageError(`${named.option} ${path} is not a .ts, .js or .json file.`, MOCKS_FILE_HINT);
  }
  // Looking into a Proxy runs its traps, which may throw; mocks are plain objects.
  const problems = types.isProxy(value)
    ? [{ message: 'The default export of the mocks file is a Proxy, not a plain object.', hint: 'Export the mocks object itself: export default { agents: { … } }.' }]
    : mockProblems(value);
  const loc = defaultExportLocation(source, file);
  if (problems.length > 0) {
    throw new Stop(problems.map((p) => ({ code: 'mocks-invalid', severity: 'error', message: p.message, loc, hint: p.hint })), EXIT_USAGE);
  }
  return { mocks: value as Mocks, loc };
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

/** A test mistake found by the simulator (a missing mock, a malformed answer): its message, and a hint naming what to add where. */
export function setupProblem(error: SimulationSetupError, mocksLabel: string | undefined, named: MocksOption): { message: string; hint: string | undefined } {
  const suffix = error.hint === undefined ? '' : `\nhint: ${error.hint}`;
  const message = error.message.endsWith(suffix) ? error.message.slice(0, error.message.length - suffix.length) : error.message;
  const where = mocksLabel === undefined ? `a mocks file and pass it with ${named.option}` : `the default export of ${mocksLabel}`;
  return { message, hint: error.hint?.replace(/to the simulate options\.$/, `to ${where}.`) };
}

