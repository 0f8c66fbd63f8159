import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { compareCodePoints, GRAPH_EXTENSIONS, graphText, hasErrors, workflowsMarkdown, type Diagnostic, type GraphFormat } from '@agentflow/compiler';
import type { Io } from '../io.js';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import { containmentLimits } from '../contain/limits.js';
import { WorkflowWorker } from '../contain/workflow-worker.js';
import { loadProject } from '../project.js';
import { workflowFileSet } from '../workflow-files.js';
import { compileWorkflowSet } from '../workflow-set.js';
import { WorkflowNames } from '../workflow-names.js';
import { outputPath } from '../output-path.js';
import { writeFileSet, type SetFile } from '../write-file-set.js';
import { renderDiagnostics } from '../render/diagnostics-text.js';
import { readCheckedDefinition } from '../checked-definition.js';
import { DEFINITION_SUFFIX } from '../definition-files.js';

export interface GraphCommandOptions {
  readonly format?: string;
  readonly out?: string;
  /** Write one Markdown page with every workflow's Mermaid diagram (`docs/workflows.md`). */
  readonly markdown?: string;
  readonly check?: boolean;
  readonly env?: string;
  readonly config?: string;
  readonly timeLimit?: string;
  readonly memoryLimit?: string;
}

const FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'ascii'];

/** What the markdown page says regenerates it. */
export const WORKFLOWS_PAGE_COMMAND = 'pnpm agentflow graph workflows --markdown docs/workflows.md';

interface Drawn {
  readonly name: string;
  readonly comment: string | undefined;
  readonly text: string;
  /** The Mermaid diagram, for the markdown page (whatever `--format` is). */
  readonly mermaid: string;
}

/**
 * `agentflow graph`: compiles workflows as `compile` does (in the containing worker thread) and draws each compiled
 * definition as Mermaid, DOT or a text outline; prints it, writes `<name>.mmd|.dot|.txt` into `--out`, or compares
 * with the files there (`--check`). A `.json` file named on the command line is an ASL definition (as for `run`):
 * validated as `validate` does, then drawn from the definition alone, after the workflows.
 */
export async function runGraph(paths: readonly string[], options: GraphCommandOptions, io: Io): Promise<number> {
  const format = (options.format ?? 'mermaid') as GraphFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`Unknown --format ${options.format}.`, `Use one of ${FORMATS.join(', ')}.`);
  if (options.check && !options.out && !options.markdown) throw new UsageError('--check compares against files; pass --out <dir> or --markdown <file> too.');
  if (paths.length === 0) throw new UsageError('No workflow files to draw.', 'Pass workflow files or directories.');
  const definitions = paths.filter((p) => isDefinitionFile(p, io.cwd));
  const workflows = paths.filter((p) => !definitions.includes(p));
  // Definitions alone need no project: they are drawn without compiling anything.
  const set = workflows.length > 0 ? workflowFileSet(workflows, io.cwd) : undefined;
  const project = set ? loadProject(io.cwd, options) : undefined;
  if (project && !project.ok) {
    io.stderr(renderDiagnostics(project.diagnostics, io.cwd));
    return EXIT_ERRORS;
  }
  const diagnostics: Diagnostic[] = [];
  const drawn: Drawn[] = [];
  const names = new WorkflowNames(io.cwd, 'their diagrams would overwrite each other');
  const worker = new WorkflowWorker(containmentLimits(options));
  let failed = 0;
  const draw = (name: string, definition: Record<string, unknown>, facts: Parameters<typeof graphText>[2]): void => {
    const comment = typeof definition['Comment'] === 'string' ? definition['Comment'] : undefined;
    const mermaid = graphText(name, definition, facts, 'mermaid');
    const text = format === 'mermaid' ? mermaid : graphText(name, definition, facts, format);
    drawn.push({ name, comment, text, mermaid });
  };
  try {
    if (set && project?.ok) {
      await compileWorkflowSet(set, worker, { env: project.env, envName: project.envName, graphFacts: true }, io.cwd, (file, loaded) => {
        if (!loaded.ok) {
          diagnostics.push(...loaded.diagnostics);
          failed += 1;
          return;
        }
        const result = loaded.compiled;
        diagnostics.push(...result.diagnostics);
        const duplicate = names.claim(result.name, file, result.loc);
        if (duplicate) diagnostics.push(duplicate);
        if (!result.definition || hasErrors(result.diagnostics) || duplicate) {
          failed += 1;
          return;
        }
        draw(result.name, result.definition, result.graph);
      });
    }
  } finally {
    await worker.close();
  }
  for (const path of definitions) {
    const file = resolve(io.cwd, path);
    const checked = readCheckedDefinition(file, path);
    if (!checked.ok) {
      // Invalid ASL is not drawn: the validator's findings say why, as `agentflow validate` would.
      diagnostics.push(...checked.diagnostics);
      failed += 1;
      continue;
    }
    const name = definitionName(file);
    const duplicate = names.claim(name, file, { file, line: 1, column: 1 });
    if (duplicate) {
      diagnostics.push(duplicate);
      failed += 1;
      continue;
    }
    // No step ids, kinds or loop bounds: only the compiler knows them. Offloads are read from the definition itself.
    draw(name, checked.definition, undefined);
  }
  io.stderr(renderDiagnostics(diagnostics, io.cwd));
  const toFiles = options.out !== undefined || options.markdown !== undefined;
  if (failed > 0) {
    // Like `compile`: files are written only when every workflow compiled, but what compiled is still shown.
    if (!toFiles) printAll(drawn, format, io);
    io.stderr(`${drawn.length}/${drawn.length + failed} workflow(s) drawn${toFiles ? '; nothing was written' : ''}\n`);
    return EXIT_ERRORS;
  }
  const files: SetFile[] = [];
  if (options.out) {
    const dir = resolve(io.cwd, options.out);
    for (const d of drawn) {
      const path = outputPath(dir, `${d.name}.${GRAPH_EXTENSIONS[format]}`);
      if (path === undefined) throw new UsageError(`The workflow name ${JSON.stringify(d.name.slice(0, 120))} is not a file name inside --out.`);
      files.push({ path, shown: relative(io.cwd, path), text: d.text });
    }
  }
  if (options.markdown) {
    const path = resolve(io.cwd, options.markdown);
    files.push({ path, shown: relative(io.cwd, path), text: workflowsMarkdown(drawn.map((d) => ({ name: d.name, mermaid: d.mermaid, ...(d.comment ? { comment: d.comment } : {}) })), WORKFLOWS_PAGE_COMMAND) });
  }
  if (!toFiles) {
    printAll(drawn, format, io);
    io.stderr(`${drawn.length} workflow(s) drawn\n`);
    return EXIT_OK;
  }
  if (options.check) return check(files, set?.onlyDirectories && definitions.length === 0 && options.out ? staleDiagrams(resolve(io.cwd, options.out), format, drawn, io) : [], io);
  return write(files, io);
}

/**
 * A `.json` file named on the command line is a definition, as `agentflow run` decides; directories are walked for
 * workflows only (a build directory holds each workflow's .asl.json beside it: drawing both would draw it twice).
 */
function isDefinitionFile(path: string, cwd: string): boolean {
  if (extname(path) !== '.json') return false;
  try {
    return !statSync(resolve(cwd, path)).isDirectory();
  } catch {
    // A missing file is reported by the reader, with the path as given.
    return true;
  }
}

/** The diagram's name: the file name without `.asl.json` (or `.json`), as `compile` names `<workflow>.asl.json`. */
function definitionName(file: string): string {
  const base = basename(file);
  return base.endsWith(DEFINITION_SUFFIX) ? base.slice(0, -DEFINITION_SUFFIX.length) : base.slice(0, -'.json'.length);
}

/** Every diagram on standard output; several are headed by their file name, as `compile` does. */
function printAll(drawn: readonly Drawn[], format: GraphFormat, io: Io): void {
  for (const d of drawn) {
    if (drawn.length > 1) io.stdout(`==> ${d.name}.${GRAPH_EXTENSIONS[format]} <==\n`);
    io.stdout(d.text);
  }
}

/** Drift from the files on disk, as unified diffs, like `compile --check`. */
async function check(files: readonly SetFile[], stale: readonly string[], io: Io): Promise<number> {
  let drifted = stale.length;
  for (const shown of stale) io.stderr(`${shown} has no workflow (deleted or renamed?); delete it or restore the workflow.\n`);
  for (const f of files) {
    const current = existsSync(f.path) ? readFileSync(f.path, 'utf8') : undefined;
    if (current === f.text) continue;
    drifted += 1;
    if (current === undefined) {
      io.stderr(`${f.shown} is missing; run without --check to create it.\n`);
      continue;
    }
    const { createTwoFilesPatch } = await import('diff');
    io.stderr(`${createTwoFilesPatch(`${f.shown} (checked in)`, `${f.shown} (drawn)`, current, f.text, '', '', { context: 3 })}\n`);
  }
  io.stderr(drifted ? `${drifted} diagram file(s) out of date\n` : 'diagram files up to date\n');
  return drifted ? EXIT_ERRORS : EXIT_OK;
}

/**
 * With --check over whole directories, a diagram in --out that no workflow of the run draws is drift too: its
 * workflow was deleted or renamed (as `compile --check` reports stale ASL files).
 */
function staleDiagrams(dir: string, format: GraphFormat, drawn: readonly Drawn[], io: Io): string[] {
  const suffix = `.${GRAPH_EXTENSIONS[format]}`;
  const names = new Set(drawn.map((d) => `${d.name}${suffix}`));
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((f) => f.endsWith(suffix) && !f.startsWith('.') && !names.has(f))
    .sort(compareCodePoints)
    .map((f) => relative(io.cwd, resolve(dir, f)));
}

/** Each directory's files as one set (write-file-set.ts): every file whole, old or new. */
function write(files: readonly SetFile[], io: Io): number {
  const byDir = new Map<string, SetFile[]>();
  for (const f of files) byDir.set(dirname(f.path), [...(byDir.get(dirname(f.path)) ?? []), f]);
  for (const [dir, set] of byDir) {
    const outcome = writeFileSet(dir, set);
    if (!outcome.ok) {
      io.stderr(`error: could not write ${relative(io.cwd, outcome.path) || basename(outcome.path)}: ${outcome.reason}\n`);
      return EXIT_ERRORS;
    }
    for (const f of set) io.stderr(`wrote ${f.shown}\n`);
  }
  return EXIT_OK;
}
