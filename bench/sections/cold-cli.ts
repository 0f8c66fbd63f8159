/**
 * Whole-process `agentflow compile workflows/research-report.ts`, next to its floors: `node -e 0` and a trivial
 * `.ts` file run with the same loader. Commands run round-robin (each round runs every command once) so that
 * background load spreads evenly over them; warm-up rounds fill tsx's transform cache and the OS file cache.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundle, DIST_BIN, installedProject, type InstalledProject } from '../lib/installed-cli.js';
import { NODE, ROOT, TSX_CLI, cleanEnv, runJsonChild, timeCommand, which } from '../lib/proc.js';
import { failed, measured, mib, ratio, skipped, summarize, verdict, type Row } from '../lib/stats.js';

const SECTION = 'cold CLI: agentflow compile workflows/research-report.ts (whole process)';
const TRIVIAL = join(ROOT, 'bench/fixtures/trivial.ts');
const BIN = 'packages/cli/src/bin.ts';
const COMPILE = ['compile', 'workflows/research-report.ts'];

interface Command {
  readonly key: string;
  readonly name: string;
  readonly cmd: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  /** Compile commands: exit 1 (workflow errors) still measures a full run up to the diagnostics. */
  readonly compiles?: boolean;
  /** Working directory (default: the repository). */
  readonly cwd?: string;
}

/** Paired medians of at least this many cold runs per command (the issue's targets ask for ≥ 10). */
const MIN_COLD_RUNS = 10;

export interface ColdOptions {
  readonly runs: number;
  readonly warmup: number;
  readonly log: (message: string) => void;
}

export function coldCli(options: ColdOptions): Row[] {
  const pnpm = which('pnpm');
  const noCache = { TSX_DISABLE_CACHE: '1' };
  const commands: Command[] = [
    { key: 'node', name: 'floor: node -e 0', cmd: NODE, args: ['-e', '0'] },
    { key: 'tsxCliFloor', name: 'TS floor: node tsx/dist/cli.mjs trivial.ts', cmd: NODE, args: [TSX_CLI, TRIVIAL] },
    { key: 'tsxCli', name: 'node tsx/dist/cli.mjs bin.ts compile (= pnpm agentflow − pnpm)', cmd: NODE, args: [TSX_CLI, BIN, ...COMPILE], compiles: true },
    { key: 'importFloor', name: 'TS floor: node --import tsx trivial.ts', cmd: NODE, args: ['--import', 'tsx', TRIVIAL] },
    { key: 'import', name: 'node --import tsx bin.ts compile (bin shebang)', cmd: NODE, args: ['--import', 'tsx', BIN, ...COMPILE], compiles: true },
    { key: 'noCacheFloor', name: 'TS floor, no tsx cache: TSX_DISABLE_CACHE=1 … trivial.ts', cmd: NODE, args: [TSX_CLI, TRIVIAL], env: noCache },
    { key: 'noCache', name: 'compile, no tsx cache: TSX_DISABLE_CACHE=1 node tsx/dist/cli.mjs …', cmd: NODE, args: [TSX_CLI, BIN, ...COMPILE], env: noCache, compiles: true },
    ...(pnpm ? [{ key: 'pnpm', name: 'pnpm agentflow compile …', cmd: pnpm, args: ['agentflow', ...COMPILE], compiles: true }] : []),
  ];
  // The bundled bin (packages/cli/dist), built first: in this checkout (its DSL is TypeScript source, loaded through
  // tsx's hooks) and installed in a temp project the way a user gets it (lib/installed-cli.ts).
  options.log('cold CLI: building packages/cli/dist');
  const buildError = buildBundle();
  let installed: InstalledProject | undefined;
  if (!buildError) {
    installed = installedProject();
    const bin = installed.bin;
    commands.push(
      { key: 'bundleHelp', name: `node ${DIST_BIN} --help (checkout)`, cmd: NODE, args: [DIST_BIN, '--help'] },
      { key: 'bundle', name: `node ${DIST_BIN} compile … (checkout: DSL through tsx)`, cmd: NODE, args: [DIST_BIN, ...COMPILE], compiles: true },
      { key: 'installedHelp', name: 'installed bin: agentflow --help', cmd: NODE, args: [bin, '--help'], cwd: installed.dir },
      { key: 'installed', name: 'installed bin: agentflow compile workflows/research-report.ts', cmd: NODE, args: [bin, ...COMPILE], compiles: true, cwd: installed.dir },
      // What a compile pays before any agentflow code: workflow code runs in a contained thread, and shares the
      // user's zod (and the DSL) with the compiler there, so neither can be bundled or skipped.
      { key: 'threadFloor', name: 'floor of a contained compile: node + worker thread', cmd: NODE, args: ['-e', threadEval('0')], cwd: installed.dir },
      { key: 'zodFloor', name: 'floor: node + worker thread importing zod and @agentflow/dsl', cmd: NODE, args: ['-e', threadEval('import("zod").then(() => import("@agentflow/dsl"))')], cwd: installed.dir },
    );
  }
  const runs = Math.max(options.runs, MIN_COLD_RUNS);

  const wall = new Map<string, number[]>(commands.map((c) => [c.key, []]));
  const cpu = new Map<string, number[]>(commands.map((c) => [c.key, []]));
  const broken = new Map<string, string>();
  const exitedWithErrors = new Set<string>();
  for (let round = 0; round < options.warmup + runs; round++) {
    options.log(`cold CLI: round ${round + 1}/${options.warmup + runs}${round < options.warmup ? ' (warm-up)' : ''}`);
    for (const c of commands) {
      if (broken.has(c.key)) continue;
      try {
        const t = timeCommand(c.cmd, c.args, { env: cleanEnv(c.env), okCodes: c.compiles ? [0, 1] : [0], ...(c.cwd ? { cwd: c.cwd } : {}) });
        if (t.result.status === 1) exitedWithErrors.add(c.key);
        if (round >= options.warmup) {
          wall.get(c.key)!.push(t.ms);
          cpu.get(c.key)!.push(t.cpuMs);
        }
      } catch (error) {
        broken.set(c.key, (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' | '));
      }
    }
  }

  const med = (key: string) => summarize(wall.get(key) ?? []).median;
  const cpuMed = (key: string) => summarize(cpu.get(key) ?? []).median;
  const cpuNote = (key: string) => (Number.isFinite(cpuMed(key)) ? `cpu ${cpuMed(key).toFixed(0)} ms` : '');
  const versus = (key: string, floor: string, target: boolean) => {
    const r = med(key) / med(floor);
    const c = cpuMed(key) / cpuMed(floor);
    const parts = [`${ratio(r)} its TS floor`];
    if (Number.isFinite(c)) parts.push(`(cpu ${ratio(c)})`);
    if (target) parts.push(verdict(r, 2, '≤', '×'));
    return parts.join(' ');
  };
  // Against `node -e 0`, the issue's floor for the shipped bin: wall and CPU, with the target's verdict on both.
  const versusNode = (key: string, limit: number) => {
    const r = med(key) / med('node');
    const c = cpuMed(key) / cpuMed('node');
    return `${ratio(r)} node -e 0 (cpu ${ratio(c)}); wall ${verdict(r, limit, '≤', '×')}, cpu ${verdict(c, limit, '≤', '×')}`;
  };
  const rss = installed ? peakRss(commands.filter((c) => ['node', 'bundle', 'installed'].includes(c.key)), options) : new Map<string, number>();
  const rssNote = (key: string, target: boolean) => {
    const bytes = rss.get(key);
    if (bytes === undefined) return '';
    return `; peak RSS ${mib(bytes)}${target ? ` ${verdict(bytes / 2 ** 20, 100, '≤', ' MiB')}` : ''}`;
  };
  const notes: Record<string, string> = {
    tsxCliFloor: `${cpuNote('tsxCliFloor')}; tsx CLI = 2 processes (cli.mjs spawns node --import tsx)`,
    tsxCli: `${cpuNote('tsxCli')}; ${versus('tsxCli', 'tsxCliFloor', true)}`,
    importFloor: cpuNote('importFloor'),
    import: `${cpuNote('import')}; ${versus('import', 'importFloor', true)}`,
    noCacheFloor: `${cpuNote('noCacheFloor')}; esbuild transforms every file (first CI run)`,
    noCache: `${cpuNote('noCache')}; ${versus('noCache', 'noCacheFloor', false)}`,
    pnpm: `${cpuNote('pnpm')}; pnpm's own startup adds ${(med('pnpm') - med('tsxCli')).toFixed(0)} ms`,
    bundleHelp: `${cpuNote('bundleHelp')}; ${versusNode('bundleHelp', 1.3)}; tsx registered because the checkout's DSL is .ts`,
    bundle: `${cpuNote('bundle')}; ${versusNode('bundle', 2)}${rssNote('bundle', false)}`,
    installedHelp: `${cpuNote('installedHelp')}; ${versusNode('installedHelp', 1.3)}`,
    installed: `${cpuNote('installed')}; ${versusNode('installed', 2)}${rssNote('installed', true)}; vs tsx bin: ${ratio(med('import') / med('installed'))} faster (cpu ${ratio(cpuMed('import') / cpuMed('installed'))})`,
    node: `${cpuNote('node')}${rssNote('node', false)}`,
    threadFloor: `${cpuNote('threadFloor')}; ${ratio(med('threadFloor') / med('node'))} node -e 0 (cpu ${ratio(cpuMed('threadFloor') / cpuMed('node'))})`,
    zodFloor: `${cpuNote('zodFloor')}; ${ratio(med('zodFloor') / med('node'))} node -e 0 (cpu ${ratio(cpuMed('zodFloor') / cpuMed('node'))}): the installed compile's lower bound`,
  };

  const rows: Row[] = [];
  for (const c of commands) {
    const error = broken.get(c.key);
    if (error) rows.push(failed(SECTION, c.name, error));
    else {
      const warn = exitedWithErrors.has(c.key) ? 'WARNING exit 1: research-report has compile errors in this tree (timed up to its diagnostics); ' : '';
      rows.push(measured(SECTION, c.name, wall.get(c.key)!, `${warn}${notes[c.key] ?? ''}`, { cpuMedianMs: cpuMed(c.key), command: [c.cmd, ...c.args].join(' '), exit1: exitedWithErrors.has(c.key) }));
    }
  }
  if (!pnpm) rows.push(skipped(SECTION, 'pnpm agentflow compile …', 'pnpm is not on PATH'));
  if (buildError) rows.push(failed(SECTION, `node ${DIST_BIN} … (bundled bin)`, buildError));
  installed?.remove();
  rows.push(...phaseRows(options));
  rows.push(moduleRow());
  return rows;
}

/**
 * Peak RSS of whole processes (`/usr/bin/time -f %M`: the largest resident set of the process, worker threads
 * included), median of three runs each, taken after the timed rounds so the wrapper does not disturb them.
 */
function peakRss(commands: readonly Command[], options: ColdOptions): Map<string, number> {
  const rss = new Map<string, number>();
  if (!existsSync('/usr/bin/time')) return rss;
  for (const c of commands) {
    options.log(`cold CLI: peak RSS of ${c.key}`);
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      try {
        const { result } = timeCommand('/usr/bin/time', ['-f', 'agentflow-rss-kib %M', c.cmd, ...c.args], { env: cleanEnv(c.env), okCodes: c.compiles ? [0, 1] : [0], ...(c.cwd ? { cwd: c.cwd } : {}) });
        const kib = /agentflow-rss-kib (\d+)/.exec(result.stderr)?.[1];
        if (kib) samples.push(Number(kib) * 1024);
      } catch {
        break;
      }
    }
    if (samples.length > 0) rss.set(c.key, summarize(samples).median);
  }
  return rss;
}

/** Where the cold CLI's time goes, phase by phase, in one process (`bench/children/cold-phases.ts`). */
function phaseRows(options: ColdOptions): Row[] {
  const section = 'cold CLI phases (one in-process walk through what the CLI does; medians)';
  const samples = new Map<string, number[]>();
  const order: string[] = [];
  let compileError: string | undefined;
  const runs = Math.max(3, Math.ceil(options.runs / 2));
  for (let i = 0; i < runs + 1; i++) {
    options.log(`cold CLI phases: run ${i + 1}/${runs + 1}${i === 0 ? ' (warm-up)' : ''}`);
    const out = runJsonChild<{ phases?: [string, number][]; error?: string; firstError?: string }>('children/cold-phases.ts', []);
    if (out.error || !out.phases) return [failed(section, 'phases', out.error ?? 'no output')];
    if (out.firstError) compileError = out.firstError;
    if (i === 0) continue;
    for (const [name, ms] of out.phases) {
      if (!samples.has(name)) {
        samples.set(name, []);
        order.push(name);
      }
      samples.get(name)!.push(ms);
    }
  }
  const total = summarize(samples.get('total (in-process view)') ?? []).median;
  return order.map((name) => {
    const s = samples.get(name)!;
    const share = name.startsWith('total')
      ? ''
      : `${((summarize(s).median / total) * 100).toFixed(0)}% of total${name === 'compileWorkflow' && compileError ? ` (WARNING: stopped at error ${compileError})` : ''}`;
    return measured(section, name, s, share);
  });
}

/** How many ES modules the CLI loads through tsx's hooks, and which packages they come from. */
function moduleRow(): Row {
  const section = 'cold CLI module graph';
  try {
    const { result } = timeCommand(NODE, ['--import', 'tsx', '--import', './bench/children/count-modules.mjs', BIN, ...COMPILE]);
    const urls = result.stderr
      .split('\n')
      .filter((l) => l.startsWith('[bench-load] '))
      .map((l) => l.split(' ')[2]!);
    const byPackage = new Map<string, number>();
    for (const url of urls) {
      const m = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url) ?? /\/(packages\/[^/]+|workflows)\//.exec(url);
      const key = m ? m[1]! : 'other';
      byPackage.set(key, (byPackage.get(key) ?? 0) + 1);
    }
    const namespaced = urls.filter((u) => u.includes('tsx-namespace=')).length;
    const locales = urls.filter((u) => /\/zod\/.*\/locales\//.test(u)).length;
    const top = [...byPackage].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
    return {
      section,
      name: `ES modules loaded through tsx hooks: ${urls.length}`,
      status: 'ok',
      notes: `${top.join(', ')}; ${namespaced} loaded twice (tsImport namespace copy of dsl+zod), ${locales} are zod locales`,
      data: { total: urls.length, byPackage: Object.fromEntries(byPackage), namespacedCopies: namespaced, zodLocales: locales },
    };
  } catch (error) {
    return failed(section, 'module count', error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}

/** A `node -e` program that runs `code` in a worker thread, as the CLI runs workflow code (contain/worker.ts). */
function threadEval(code: string): string {
  return `new (require('node:worker_threads').Worker)(${JSON.stringify(code)}, { eval: true })`;
}
