/**
 * Summarises V8 `.cpuprofile` files (from `node --cpu-prof`): self time per package / repo file and the
 * hottest functions, plus inclusive time of a few functions named on the command line.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx packages/cli/src/bin.ts compile workflows/research-report.ts
 *   pnpm exec tsx bench/profile-summary.ts /tmp/prof [--top 25] [--focus compileWorkflow,emitAsl]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `node_modules/.pnpm/zod@4.1.12/node_modules/zod/...` → `zod`; repo files → their path; node internals → `node:<area>`. */
export function bucketOf(url: string): string {
  if (url === '') return '(native/gc/idle)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const path = url.startsWith('file://') ? fileURLToPath(url.split('?')[0]!) : url;
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  return relative(ROOT, path) || path;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  readonly byBucket: readonly { readonly name: string; readonly ms: number }[];
  readonly byFunction: readonly { readonly name: string; readonly ms: number }[];
  readonly inclusive: readonly { readonly name: string; readonly ms: number }[];
}

export function summarise(file: string, top = 20, focus: readonly string[] = []): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const bucket = functionName === '(garbage collector)' ? '(gc)' : functionName === '(idle)' ? '(idle)' : functionName === '(program)' ? '(program)' : bucketOf(url);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${bucketOf(url)}:${lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    if (focus.length > 0) {
      // Inclusive time: charge each focused function once per sample it is on the stack for.
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const name = byId.get(cur)!.callFrame.functionName;
        if (focus.includes(name) && !seen.has(name)) {
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
        }
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return {
    file,
    totalMs: (profile.endTime - profile.startTime) / 1000,
    byBucket: sorted(buckets).slice(0, top),
    byFunction: sorted(functions).slice(0, top),
    inclusive: sorted(inclusive),
  };
}

function render(s: ProfileSummary): string {
  const lines = [`${s.file}  (wall ${s.totalMs.toFixed(0)} ms)`, '  self time by package/file:'];
  for (const b of s.byBucket) lines.push(`    ${b.ms.toFixed(1).padStart(8)} ms  ${b.name}`);
  lines.push('  hottest functions (self):');
  for (const f of s.byFunction) lines.push(`    ${f.ms.toFixed(1).padStart(8)} ms  ${f.name}`);
  if (s.inclusive.length) {
    lines.push('  inclusive time of focused functions:');
    for (const f of s.inclusive) lines.push(`    ${f.ms.toFixed(1).padStart(8)} ms  ${f.name}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const [value] = args.splice(i, 2).slice(1);
    return value;
  };
  const top = Number(opt('--top') ?? 20);
  const focus = (opt('--focus') ?? '').split(',').filter(Boolean);
  const target = args[0];
  if (!target) {
    process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile|dir> [--top N] [--focus fnA,fnB]\n');
    process.exit(2);
  }
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith('.cpuprofile'))
        .sort()
        .map((f) => join(target, f))
    : [target];
  for (const f of files) process.stdout.write(`${render(summarise(f, top, focus))}\n\n`);
}
