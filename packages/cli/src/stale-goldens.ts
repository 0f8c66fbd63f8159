import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { compareCodePoints, type Diagnostic } from '@agentflow/compiler/reporting';

/** The suffixes of the files `compile --out` owns per workflow; `.report.txt` only when the run writes reports. */
function ownedSuffixes(report: boolean): string[] {
  return report ? ['.asl.json', '.iam.json', '.report.txt'] : ['.asl.json', '.iam.json'];
}

/**
 * Golden files in `out` that no workflow of the run produces: `<name>.asl.json`, `.iam.json` (and with --report
 * `.report.txt`) whose `<name>` is none of the run's workflows — left behind when a workflow was deleted or renamed.
 * Only meaningful when the run compiled every workflow of the source (whole directories): the caller decides that.
 * Other files in `out` (a README, `.gitkeep`) are not looked at.
 */
export function staleGoldens(out: string, cwd: string, names: ReadonlySet<string>, report: boolean, source: string): Diagnostic[] {
  const dir = resolve(cwd, out);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // No --out directory yet: every golden file is missing, which the per-workflow check reports.
    return [];
  }
  const suffixes = ownedSuffixes(report);
  const stale: Diagnostic[] = [];
  for (const entry of entries.sort((a, b) => compareCodePoints(a.name, b.name))) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const suffix = suffixes.find((s) => entry.name.endsWith(s) && entry.name.length > s.length);
    if (suffix === undefined) continue;
    const name = entry.name.slice(0, -suffix.length);
    if (names.has(name)) continue;
    const shown = relative(cwd, join(dir, entry.name)) || entry.name;
    stale.push({
      code: 'stale-golden-file',
      severity: 'error',
      message: `${shown} belongs to no workflow in ${source}: no workflow is named '${name}' (deleted or renamed?).`,
      hint: `Delete ${shown}, or restore the workflow named '${name}'.`,
    });
  }
  return stale;
}
