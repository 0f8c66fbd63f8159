import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { codeFrameColumns } from '@babel/code-frame';
import type { Diagnostic } from '@agentflow/compiler';
import { MAX_SHOWN, terminalSafe } from './terminal-text.js';

function where(loc: NonNullable<Diagnostic['loc']>, cwd: string): string {
  return `${terminalSafe(relative(cwd, loc.file) || loc.file)}:${loc.line}:${loc.column}`;
}

function frame(loc: NonNullable<Diagnostic['loc']>, sources: Map<string, string | null>): string | undefined {
  if (!sources.has(loc.file)) {
    try {
      sources.set(loc.file, readFileSync(loc.file, 'utf8'));
    } catch {
      sources.set(loc.file, null);
    }
  }
  const source = sources.get(loc.file);
  if (!source) return undefined;
  return codeFrameColumns(source, { start: { line: loc.line, column: loc.column } }, { highlightCode: false, linesAbove: 1, linesBelow: 1 });
}

/** Renders diagnostics for a terminal: severity, code, message, location with a code frame, hint. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], cwd: string, options: { frames?: boolean } = {}): string {
  const sources = new Map<string, string | null>();
  // Info findings stay in --json output; the terminal shows what needs attention.
  const blocks = diagnostics.filter((d) => d.severity !== 'info').map((d) => {
    const lines = [`${d.severity}[${terminalSafe(d.code)}]: ${terminalSafe(d.message)}`];
    if (d.loc) {
      lines.push(`  --> ${where(d.loc, cwd)}`);
      const code = options.frames === false ? undefined : frame(d.loc, sources);
      if (code) lines.push(terminalSafe(code, 4 * MAX_SHOWN).replace(/^/gm, '    '));
    } else if (d.pointer !== undefined) {
      lines.push(`  --> ${terminalSafe(d.pointer || '/')}`);
    }
    if (d.path) lines.push(`  = step: ${terminalSafe(d.path)}`);
    for (const r of d.related ?? []) lines.push(`  = note: ${terminalSafe(r.message)}${r.loc ? ` (${where(r.loc, cwd)})` : ''}`);
    if (d.hint) lines.push(`  = hint: ${terminalSafe(d.hint)}`);
    return lines.join('\n');
  });
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}

/** Diagnostics as JSON-ready data, with file paths relative to the working directory. */
export function diagnosticsJson(diagnostics: readonly Diagnostic[], cwd: string): unknown[] {
  return diagnostics.map((d) => ({ ...d, ...(d.loc ? { loc: { ...d.loc, file: relative(cwd, d.loc.file) || d.loc.file } } : {}) }));
}
