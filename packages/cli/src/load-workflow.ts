import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { types } from 'node:util';
import type { Diagnostic } from '@agentflow/compiler';
import { isDslError, isWorkflowDef, userFrame, type WorkflowDef } from '@agentflow/dsl';
import { importTranspiled, isTranspiled, type TranspiledModule } from './transpile-import.js';

/** `noDefaultExport`: the module imported, and exports no default (`missing-default-export`). */
export type LoadResult = { ok: true; def: WorkflowDef } | { ok: false; diagnostics: Diagnostic[]; noDefaultExport?: true };

/** What kind of module is imported, for the codes and messages of its import failures. */
export interface ModuleKind {
  /** Code prefix and noun: `workflow` → `workflow-load-failed`, "Loading the workflow threw …". */
  readonly noun: string;
  /** Ends the hint of a throw at import time. */
  readonly runsWhen: string;
}

export const WORKFLOW_MODULE: ModuleKind = { noun: 'workflow', runsWhen: 'workflow modules run when they are compiled' };

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

/**
 * Imports a workflow module (TypeScript loads directly, no build step) and takes its default export.
 * Whatever goes wrong — syntax, a missing export, a throw at import time — comes back as a located diagnostic.
 */
export async function loadWorkflow(file: string, generation?: number, transpiled?: TranspiledModule): Promise<LoadResult> {
  // Builder call sites come from stack traces; map them back to the TypeScript the author wrote.
  process.setSourceMapsEnabled(true);
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(file, generation, transpiled);
  } catch (error) {
    return { ok: false, diagnostics: [importFailure(file, error, WORKFLOW_MODULE)] };
  }
  const def = mod['default'];
  if (def === undefined) {
    return {
      ok: false,
      noDefaultExport: true,
      diagnostics: [
        {
          code: 'missing-default-export',
          severity: 'error',
          message: 'The file has no default export.',
          loc: { file, line: 1, column: 1 },
          hint: 'End the file with `export default workflow(...)`.',
        },
      ],
    };
  }
  // A Proxy is never a workflow(...) definition, and looking into one runs its traps, which may throw or loop.
  if (types.isProxy(def)) return notAWorkflow(file, 'The default export is a Proxy, not a workflow(...) definition.', 'Export the value returned by workflow(name, options, body) itself, not a Proxy around it.');
  let workflowDef: WorkflowDef | undefined;
  try {
    workflowDef = isWorkflowDef(def) ? def : undefined;
  } catch (error) {
    // Reading a property ran code that threw: a getter, or a Proxy further up the prototype chain.
    const shown = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    return notAWorkflow(file, `Reading the default export threw ${shown.slice(0, 200)}; it is not a workflow(...) definition.`);
  }
  if (!workflowDef) return notAWorkflow(file, `The default export is ${typeof def === 'object' ? 'an object' : typeof def}, not a workflow(...) definition.`);
  return { ok: true, def: workflowDef };
}

function notAWorkflow(file: string, message: string, hint = 'Export the value returned by workflow(name, options, body).'): LoadResult {
  return { ok: false, diagnostics: [{ code: 'not-a-workflow', severity: 'error', message, loc: defaultExportLocation(file), hint }] };
}

/** Where the file writes `export default`, to point at the exported value; the top of the file when not found. */
function defaultExportLocation(file: string): { file: string; line: number; column: number } {
  let source = '';
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    // Unreadable after a successful import: point at the file.
  }
  const at = /\bexport\s+default\b/.exec(source)?.index;
  if (at === undefined) return { file, line: 1, column: 1 };
  const before = source.slice(0, at).split('\n');
  return { file, line: before.length, column: before.at(-1)!.length + 1 };
}

/**
 * The bundled CLI transpiles TypeScript in-process (transpile-import.ts): no loader hooks for the whole module
 * graph. From the sources (`pnpm agentflow`, tests) the CLI runs through tsx: a plain import shares the
 * already-loaded DSL; elsewhere tsx's API compiles the file on demand. Both give the same definitions.
 */
export async function importModule(file: string, generation?: number, transpiled?: TranspiledModule): Promise<Record<string, unknown>> {
  // Transpiled afresh into a new temporary file each time, so compile --watch gets a new evaluation too.
  if (isTranspiled(file)) return importTranspiled(file, transpiled);
  // A generation makes a new URL, so the module is evaluated again (compile --watch; see watch/fresh-hooks.mjs).
  const url = pathToFileURL(file).href + (generation === undefined ? '' : `?agentflow-generation=${generation}`);
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if ((error as { code?: string })?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw error;
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

/** Whatever an import threw, as one located diagnostic: syntax error, missing dependency, or a throw in the module. */
export function importFailure(file: string, error: unknown, kind: ModuleKind): Diagnostic {
  if (isDslError(error)) {
    // A misuse with no author frame on the stack still belongs to this file.
    return { code: error.code, severity: 'error', message: error.message, loc: error.loc ?? { file, line: 1, column: 1 }, ...(error.hint ? { hint: error.hint } : {}) };
  }
  const esbuild = (error as { errors?: EsbuildMessage[] })?.errors?.[0];
  if (esbuild) {
    const l = esbuild.location;
    return {
      code: `${kind.noun}-syntax-error`,
      severity: 'error',
      message: esbuild.text,
      loc: l ? { file: isAbsolute(l.file) ? l.file : resolve(l.file), line: l.line, column: l.column + 1 } : { file, line: 1, column: 1 },
      hint: 'Fix the TypeScript syntax; `pnpm typecheck` shows type errors too.',
    };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  // tsx reports esbuild failures as text: "<file>:<line>:<0-based column>: ERROR: <message>".
  const transform = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(err.message);
  if (err.name === 'TransformError' && transform) {
    return {
      code: `${kind.noun}-syntax-error`,
      severity: 'error',
      message: transform[4]!,
      loc: { file: transform[1]!, line: Number(transform[2]), column: Number(transform[3]) + 1 },
      hint: 'Fix the TypeScript syntax; `pnpm typecheck` shows type errors too.',
    };
  }
  const code = (err as { code?: string }).code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
    return { code: `${kind.noun}-import-failed`, severity: 'error', message: err.message.split('\n')[0]!, loc: { file, line: 1, column: 1 }, hint: 'Check the import paths and that dependencies are installed (pnpm install).' };
  }
  const loc = userFrame(err.stack);
  return {
    code: `${kind.noun}-load-failed`,
    severity: 'error',
    message: `Loading the ${kind.noun} threw ${err.name}: ${err.message.split('\n')[0]}`,
    loc: loc && loc.file === file ? loc : (loc ?? { file, line: 1, column: 1 }),
    hint: `Fix the code at this location; ${kind.runsWhen}.`,
  };
}
