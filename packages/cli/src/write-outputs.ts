import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { renderPayloadReport, type CompileResult, type Diagnostic } from '@agentflow/compiler';
import type { Io } from './io.js';
import { outputPath } from './output-path.js';
import type { CompileCommandOptions, FileOutcome } from './commands/compile.js';

export async function emitOutputs(
  result: CompileResult,
  options: CompileCommandOptions,
  io: Io,
  file: string,
): Promise<{ drift: FileOutcome['drift']; written: string[]; refused?: Diagnostic }> {
  const drift: FileOutcome['drift'] = [];
  const written: string[] = [];
  if (!options.out || !result.aslText) return { drift, written };
  const dir = resolve(io.cwd, options.out);
  const named: [string, string][] = [[`${result.name}.asl.json`, result.aslText]];
  if (result.iamText) named.push([`${result.name}.iam.json`, result.iamText]);
  if (options.report && result.payload) named.push([`${result.name}.report.txt`, renderPayloadReport(result.name, result.payload)]);
  const outputs: [string, string][] = [];
  for (const [name, text] of named) {
    const path = outputPath(dir, name);
    if (path === undefined) return { drift, written, refused: outsideOut(name, options.out, result, file) };
    outputs.push([path, text]);
  }
  for (const [path, text] of outputs) {
    const shown = relative(io.cwd, path);
    if (options.check) {
      const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      if (current === undefined) drift.push({ path: shown, diff: `${shown} is missing; run without --check to create it.\n` });
      else if (current !== text) {
        // Loaded only on drift: most runs never diff, and every module costs start-up time.
        const { createTwoFilesPatch } = await import('diff');
        drift.push({ path: shown, diff: createTwoFilesPatch(`${shown} (checked in)`, `${shown} (compiled)`, current, text, '', '', { context: 3 }) });
      }
    } else {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, text);
      written.push(shown);
    }
  }
  return { drift, written };
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

