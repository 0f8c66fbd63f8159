import { lstatSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { INIT_FILES, readTemplate, type TemplateFile } from './templates.js';
import { mergePackageJson, newPackageJson, type PackageFragment } from './merge-package-json.js';
import { mergeGitignore } from './merge-gitignore.js';

/**
 * What happens to one file: `created` (it did not exist), `unchanged` (same bytes, or nothing to add),
 * `updated` (package.json or .gitignore: lines or keys added, nothing replaced), `overwritten` (`--force`),
 * `skipped` (it exists and differs, or cannot be merged: left as it is).
 */
export type InitStatus = 'created' | 'unchanged' | 'updated' | 'overwritten' | 'skipped';

export interface InitEntry {
  /** Relative to the project folder, `/`-separated. */
  readonly path: string;
  readonly status: InitStatus;
  /** Why a file was skipped. */
  readonly reason?: string;
  /** package.json and .gitignore: what was added (`scripts.check`, `devDependencies.zod`, `node_modules/`). */
  readonly added?: string[];
  /** package.json: scripts the project already has with another command; never replaced, even with `--force`. */
  readonly kept?: { readonly name: string; readonly command: string }[];
}

export interface PlannedEntry extends InitEntry {
  /** The bytes to write, for `created`, `updated` and `overwritten`. */
  readonly text?: string;
}

type Existing = { readonly kind: 'missing' } | { readonly kind: 'file'; readonly text: string } | { readonly kind: 'other'; readonly reason: string };

/** Decides every file's fate without writing anything, so a problem with one file is known before any is written. */
export function planInit(dir: string, force: boolean, cliRoot: string, values: Readonly<Record<string, string>>): PlannedEntry[] {
  return INIT_FILES.map((file) => planFile(dir, file, force, readTemplate(cliRoot, file, values)));
}

function planFile(dir: string, file: TemplateFile, force: boolean, template: string): PlannedEntry {
  const path = file.target;
  const existing = readExisting(join(dir, ...path.split('/')));
  if (existing.kind === 'other') return { path, status: 'skipped', reason: existing.reason };
  if (file.kind === 'package-json') {
    const fragment = JSON.parse(template) as PackageFragment;
    if (existing.kind === 'missing') return { path, status: 'created', text: newPackageJson(basename(dir), fragment) };
    const merged = mergePackageJson(existing.text, fragment);
    if ('problem' in merged) return { path, status: 'skipped', reason: `cannot add the scripts: ${merged.problem}` };
    const { added, kept } = merged;
    return added.length === 0 ? { path, status: 'unchanged', kept } : { path, status: 'updated', added, kept, text: merged.text };
  }
  if (file.kind === 'gitignore') {
    if (existing.kind === 'missing') return { path, status: 'created', text: template };
    const merged = mergeGitignore(existing.text, template);
    return merged.added.length === 0 ? { path, status: 'unchanged' } : { path, status: 'updated', added: merged.added, text: merged.text };
  }
  if (existing.kind === 'missing') return { path, status: 'created', text: template };
  if (existing.text === template) return { path, status: 'unchanged' };
  return force ? { path, status: 'overwritten', text: template } : { path, status: 'skipped', reason: 'exists with other content' };
}

/** A directory, link or device where a file belongs is never replaced, not even with `--force`. */
function readExisting(path: string): Existing {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ENOTDIR') return { kind: 'other', reason: 'a file is in the way of its folder' };
    return { kind: 'other', reason: `cannot be read (${code ?? 'unknown error'})` };
  }
  if (stat.isDirectory()) return { kind: 'other', reason: 'a directory is in the way' };
  if (stat.isSymbolicLink()) return { kind: 'other', reason: 'it is a symbolic link' };
  if (!stat.isFile()) return { kind: 'other', reason: 'it is not a regular file' };
  try {
    return { kind: 'file', text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { kind: 'other', reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})` };
  }
}
