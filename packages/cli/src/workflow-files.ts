import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';
import { compareCodePoints } from '@agentflow/compiler';

function isWorkflowFile(name: string): boolean {
  return /\.(ts|mts|js|mjs)$/.test(name) && !/\.(d|test|test-d|spec)\.[mc]?[tj]s$/.test(name);
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodePoints(a.name, b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (isWorkflowFile(entry.name)) out.push(path);
  }
}

/** Expands files and directories into workflow files, in a stable order. */
export function workflowFiles(paths: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      throw new UsageError(`No such file or directory: ${p}`, 'Pass workflow files (.ts) or directories that contain them.');
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(abs, found);
      if (found.length === 0) throw new UsageError(`No workflow files in ${p}.`);
      files.push(...found);
    } else {
      if (!['.ts', '.mts', '.js', '.mjs'].includes(extname(abs))) throw new UsageError(`${p} is not a TypeScript or JavaScript file.`);
      files.push(abs);
    }
  }
  return [...new Set(files)];
}
