/**
 * Appends the template's lines that the project's .gitignore lacks. A line counts as present in any of git's
 * equivalent spellings for a folder (`node_modules`, `node_modules/`, `/node_modules`, `/node_modules/`). Returns
 * the text unchanged when nothing is missing.
 */
export function mergeGitignore(existing: string, template: string): { readonly text: string; readonly added: string[] } {
  const present = new Set(existing.split(/\r?\n/).map(normalize));
  const added = template
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .filter((line) => !present.has(normalize(line)));
  if (added.length === 0) return { text: existing, added };
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  return { text: `${existing}${separator}${added.join('\n')}\n`, added };
}

function normalize(line: string): string {
  return line.trim().replace(/^\//, '').replace(/\/$/, '');
}
