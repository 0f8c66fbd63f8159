import { existsSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { CompileResult } from '@agentflow/compiler';
import { renderPayloadReport, type Diagnostic } from '@agentflow/compiler/reporting';
import type { Io } from './io.js';
import { outputPath } from './output-path.js';
import { UsageError } from './errors.js';
import { writeFileSet, type SetFile } from './write-file-set.js';
import type { CompileCommandOptions, FileOutcome } from './commands/compile.js';

/** What one workflow contributes to `--out`: its files (write mode) or their drift (check mode). */
export interface OutputPlan {
  readonly files: SetFile[];
  readonly drift: FileOutcome['drift'];
  /** Set when a file name would leave --out: nothing of this workflow may be written. */
  readonly refused?: Diagnostic;
}

/**
 * The files a compiled workflow owns in `--out` (`<name>.asl.json`, `.iam.json`, and with --report `.report.txt`),
 * checked against what is there with --check. Nothing is written here: `writeOutputs` writes the whole set of a run
 * at once, so a run either replaces every file or none.
 */
export async function planOutputs(result: CompileResult, options: CompileCommandOptions, io: Io, file: string): Promise<OutputPlan> {
  const drift: FileOutcome['drift'] = [];
  const files: SetFile[] = [];
  if (!options.out || !result.aslText) return { files, drift };
  const dir = resolve(io.cwd, options.out);
  const named: [string, string][] = [[`${result.name}.asl.json`, result.aslText]];
  if (result.iamText) named.push([`${result.name}.iam.json`, result.iamText]);
  if (options.report && result.payload) named.push([`${result.name}.report.txt`, renderPayloadReport(result.name, result.payload)]);
  for (const [name, text] of named) {
    const path = outputPath(dir, name);
    if (path === undefined) return { files: [], drift, refused: outsideOut(name, options.out, result, file) };
    files.push({ path, shown: relative(io.cwd, path), text });
  }
  if (!options.check) return { files, drift };
  for (const { path, shown, text } of files) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === undefined) drift.push({ path: shown, diff: `${shown} is missing; run without --check to create it.\n` });
    else if (current !== text) {
      // Loaded only on drift: most runs never diff, and every module costs start-up time.
      const { createTwoFilesPatch } = await import('diff');
      drift.push({ path: shown, diff: createTwoFilesPatch(`${shown} (checked in)`, `${shown} (compiled)`, current, text, '', '', { context: 3 }) });
    }
  }
  return { files: [], drift };
}

/**
 * Writes every planned file of the run into `--out` as one set (write-file-set.ts): each file appears whole or not
 * at all, and a failure before the first replacement leaves the directory as it was.
 */
export function writeOutputs(plans: readonly OutputPlan[], options: CompileCommandOptions, io: Io): { written: string[]; failure?: Diagnostic } {
  const files = plans.flatMap((p) => p.files);
  if (!options.out || files.length === 0) return { written: [] };
  const dir = resolve(io.cwd, options.out);
  const outcome = writeFileSet(dir, files);
  if (outcome.ok) return { written: files.map((f) => f.shown) };
  const shown = relative(io.cwd, outcome.path) || outcome.path;
  return {
    written: outcome.replaced.map((path) => relative(io.cwd, path)),
    failure: {
      code: 'output-write-failed',
      severity: 'error',
      message:
        `Could not write ${shown}: ${outcome.reason}. ` +
        (outcome.replaced.length === 0
          ? `Nothing in ${options.out} was changed.`
          : `${outcome.replaced.length} of ${files.length} file(s) were already replaced; each file is complete, but the set is mixed.`),
      loc: { file: outcome.path, line: 1, column: 1 },
      hint: `Free space or fix the permissions of ${options.out}, then run the command again; it rewrites the whole set.`,
    },
  };
}

/** `--out` must be a directory, or not exist yet: a file there is a mistake in the command line. */
export function checkOutDirectory(options: CompileCommandOptions, io: Io): void {
  if (!options.out) return;
  const dir = resolve(io.cwd, options.out);
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    throw new UsageError(`--out ${options.out} is a file, not a directory.`, 'Pass a directory for the compiled files, e.g. --out dist/workflows.');
  }
}

/** Checked before anything is written, so a refused workflow leaves no partial set of files behind. */
function outsideOut(name: string, out: string, result: CompileResult, file: string): Diagnostic {
  return {
    code: 'output-outside-out',
    severity: 'error',
    message: `The output file name ${JSON.stringify(name.slice(0, 120))} would not be a file directly inside --out (${out}); nothing was written for this workflow.`,
    loc: result.ir?.loc ?? { file, line: 1, column: 1 },
    hint: "Name the workflow in kebab-case, e.g. workflow('draft-report', …).",
  };
}
