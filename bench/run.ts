/**
 * `pnpm bench`: compile speed, scaling and the incumbents side by side, printed as one table (issue 6).
 *
 *   pnpm bench                      everything (several minutes on a small machine)
 *   pnpm bench --quick              fewer runs and shorter budgets
 *   pnpm bench --json               machine-readable output on stdout (progress stays on stderr)
 *   pnpm bench --only cold,scale    sections: cold, workflows, scale, validate, findings, cdk, simulate, deploy, watch
 *   pnpm bench --runs 9             whole-process runs per command (default 7, at least 5)
 *   pnpm bench --only cdk --install-cdk   npm-install pinned aws-cdk-lib into a temp folder; CDK vs agentflow rows
 *   pnpm bench --sizes 100,1000,10000,20000
 *   pnpm bench --profile            add a CPU-profile breakdown of the largest size
 *   pnpm bench --asl-validator-files all|N
 *
 * See bench/README.md for what each row measures and what dominates where a target is missed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { coldCli } from './sections/cold-cli.js';
import { workflowsInProcess } from './sections/workflows.js';
import { scale } from './sections/scale.js';
import { validate } from './sections/validate.js';
import { validateFindings } from './sections/validate-findings.js';
import { cdkSynth } from './sections/cdk.js';
import { simulateBench } from './sections/simulate.js';
import { deployBench } from './sections/deploy.js';
import { watchBench } from './sections/watch.js';
import { ROOT } from './lib/proc.js';
import { failed, renderTable, type Row } from './lib/stats.js';

const SECTIONS = ['cold', 'workflows', 'scale', 'validate', 'findings', 'cdk', 'simulate', 'deploy', 'watch'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  readonly json: boolean;
  readonly quick: boolean;
  readonly runs: number;
  /** npm-install aws-cdk-lib into a temp folder for the CDK section (sections/cdk-installed.ts). */
  readonly installCdk: boolean;
  readonly only: readonly Section[];
  readonly sizes: readonly number[];
  readonly profile: boolean;
  readonly aslValidatorFiles: number | 'all' | undefined;
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: pnpm bench [--json] [--quick] [--runs N] [--only ${SECTIONS.join(',')}] [--sizes a,b,c] [--profile] [--asl-validator-files all|N] [--install-cdk]\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  const args = [...argv];
  const take = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const value = args[i + 1];
    if (value === undefined) usage(`${flag} needs a value`);
    args.splice(i, 2);
    return value;
  };
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i >= 0) args.splice(i, 1);
    return i >= 0;
  };
  const json = flag('--json');
  const quick = flag('--quick');
  const installCdk = flag('--install-cdk');
  const profile = flag('--profile');
  const runs = Number(take('--runs') ?? (quick ? 5 : 7));
  if (!Number.isInteger(runs) || runs < 1) usage('--runs must be a whole number ≥ 1');
  const onlyText = take('--only');
  const only = onlyText ? (onlyText.split(',') as Section[]) : [...SECTIONS];
  for (const s of only) if (!SECTIONS.includes(s)) usage(`unknown section '${s}'`);
  const sizes = (take('--sizes') ?? '100,1000,10000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) usage('--sizes takes whole numbers');
  const avf = take('--asl-validator-files') ?? (quick ? '20' : undefined);
  const aslValidatorFiles = avf === undefined ? undefined : avf === 'all' ? 'all' : Number(avf);
  if (typeof aslValidatorFiles === 'number' && !(aslValidatorFiles >= 1)) usage('--asl-validator-files takes all or a number ≥ 1');
  if (args.length > 0) usage(`unknown argument(s): ${args.join(' ')}`);
  if (installCdk && !only.includes('cdk')) usage('--install-cdk is for the cdk section, which --only leaves out: pass --only cdk');
  return { json, quick, runs, only, sizes, profile, aslValidatorFiles, installCdk };
}

function machine(): Record<string, string | number> {
  const cpu = cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout
  }
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'not installed';
    }
  };
  return {
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpu: `${cpu[0]?.model.trim() ?? 'unknown'} × ${cpu.length}`,
    cpus: cpu.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    tsx: version('tsx'),
    'asl-validator': version('asl-validator'),
    commit,
    date: new Date().toISOString(),
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (message: string) => process.stderr.write(`· ${message}\n`);
  const info = machine();
  const loadBefore = load();
  const started = performance.now();
  const rows: Row[] = [];
  const run = async (section: Section, fn: () => Row[] | Promise<Row[]>) => {
    if (!options.only.includes(section)) return;
    try {
      rows.push(...(await fn()));
    } catch (error) {
      rows.push(failed(section, section, error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 2).join(' ') : String(error)));
    }
  };
  const warmup = options.quick ? 1 : 2;
  await run('cold', () => coldCli({ runs: Math.max(options.runs, 5), warmup, log }));
  await run('workflows', () => workflowsInProcess({ budgetMs: options.quick ? 1000 : 3000, log }));
  await run('scale', () => scale({ sizes: options.sizes, budgetMs: options.quick ? 1500 : 4000, minRuns: 5, profile: options.profile, flatCatch: true, log }));
  await run('validate', () => validate({ files: 800, runs: options.quick ? 1 : 3, aslValidatorSample: options.aslValidatorFiles, log }));
  await run('findings', () => validateFindings({ runs: options.quick ? 3 : 5, log }));
  await run('cdk', () => cdkSynth({ runs: options.quick ? 3 : 5, log, ...(options.installCdk ? { install: { runs: Math.max(options.runs, 5), warmup } } : {}) }));
  await run('simulate', () => simulateBench({ budgetMs: options.quick ? 1000 : 3000, log }));
  await run('deploy', () => deployBench({ runs: options.quick ? 3 : options.runs, log }));
  await run('watch', () => watchBench({ edits: options.quick ? 10 : 15, log }));
  const loadAfter = load();
  const seconds = (performance.now() - started) / 1000;

  if (options.json) {
    process.stdout.write(`${JSON.stringify({ machine: { ...info, loadavgBefore: loadBefore, loadavgAfter: loadAfter }, seconds, rows }, null, 2)}\n`);
    return;
  }
  const header = [
    'agentflow benchmarks (issue 6)',
    `node ${info.node} · ${info.platform} · ${info.cpu} · ${info.memory} · tsx ${info.tsx} · asl-validator ${info['asl-validator']}`,
    `commit ${info.commit} · ${info.date} · load average ${loadBefore} → ${loadAfter} (1/5/15 min) · ${seconds.toFixed(0)} s`,
    'Times are wall-clock medians after warm-up; whole-process rows also show the child CPU time (user+sys, all threads).',
    '',
  ];
  process.stdout.write(`${header.join('\n')}${renderTable(rows)}\n\n${targets(rows)}\n`);
}

/** The issue's targets, restated with the figures. */
function targets(rows: readonly Row[]): string {
  const find = (pred: (r: Row) => boolean) => rows.find(pred);
  const lines = ['Targets (issue 6):'];
  const cold = find((r) => r.name.startsWith('node tsx/dist/cli.mjs bin.ts compile'));
  const coldImport = find((r) => r.name.startsWith('node --import tsx bin.ts compile'));
  const note = (r: Row | undefined) => (r?.notes ?? 'not measured').replace(/^cpu \d+ ms; /, '');
  lines.push(`  cold compile ≤ 2× the TS-loader floor:`.padEnd(42) + `tsx CLI (pnpm agentflow's path) ${note(cold)}`);
  lines.push(''.padEnd(42) + `node --import tsx (bin shebang)  ${note(coldImport)}`);
  for (const [label, prefix] of [
    ['mixed', 'scaling:'],
    ['flat-catch', 'scaling, second shape'],
  ] as const) {
    const big = find((r) => r.section.startsWith(prefix) && r.name === '10,000 steps');
    const cpu = /cpu ([\d.]+ m?s)/.exec(big?.notes ?? '')?.[1];
    lines.push(
      `  10,000 steps < 1.5 s (${label}):`.padEnd(42) +
        (big?.median !== undefined ? `${(big.median / 1000).toFixed(2)} s (cpu ${cpu ?? '?'}) — ${/target.*$/.exec(big.notes ?? '')?.[0] ?? ''}` : 'not measured'),
    );
    const r = find((x) => x.section.startsWith(prefix) && x.name === 't(10,000) / t(1,000)');
    lines.push(`  t(10,000)/t(1,000) ≤ 12 (${label}):`.padEnd(42) + (r?.notes ?? 'not measured'));
  }
  const af = find((x) => x.name.startsWith('agentflow validateAslText') && x.status === 'ok');
  const av = find((x) => x.name.startsWith('asl-validator 4'));
  const sim = find((x) => x.name.includes('happy path, one execution'));
  lines.push(`  simulate research-report ≥ 500/s (issue 9):`.padEnd(42) + (sim?.notes?.split(';')[0] ?? 'not measured'));
  const watch = find((x) => x.name === 'recompile, as the watcher reports it');
  lines.push(`  watch recompile ≤ 100 ms (issue 15):`.padEnd(42) + (watch?.median !== undefined ? `${watch.median.toFixed(0)} ms median of ${watch.runs} edits — ${watch.notes ?? ''}` : 'not measured'));
  for (const [label, prefix] of [
    ['CDK default synth ≥ 20× agentflow (15):', 'CDK default synth'],
    ['CDK synth, check off ≥ 8× agentflow:', 'CDK synth, check off'],
  ] as const) {
    const r = find((x) => x.name.startsWith(prefix) && x.status === 'ok');
    if (r) lines.push(`  ${label}`.padEnd(42) + (r.notes ?? '').replace(/^cpu \d+ ms; /, '').replace(/; in-process.*$/, ''));
  }
  lines.push(`  validate 800 files faster than asl-validator (issue 3): ${af ? `agentflow ${af.median!.toFixed(0)} ms vs asl-validator ${av?.notes ?? ''}` : 'agentflow validator not there yet'}`);
  return lines.join('\n');
}

await main();
