/**
 * Scaling: generated workflows (bench/generate.ts) of 100, 1,000 and 10,000 steps, each compiled in its own child
 * process so peak RSS belongs to that size. Targets: 10,000 steps < 1.5 s; t(10,000)/t(1,000) ≤ 12.
 * The headline shape is the segment mix; a second, flat catch-heavy shape exposes per-catch block scans.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScaleResult } from '../children/scale.js';
import type { Shape } from '../generate.js';
import { runJsonChild } from '../lib/proc.js';
import { failed, mib, ms, ratio, summarize, verdict, type Row } from '../lib/stats.js';
import { summarise } from '../profile-summary.js';

const SECTION = 'scaling: generated workflows, compileWorkflow = build IR + compile (own process per size)';

export interface ScaleOptions {
  readonly sizes: readonly number[];
  readonly budgetMs: number;
  readonly minRuns: number;
  readonly profile: boolean;
  /** Also run the flat-catch shape (sizes ≥ 1,000). */
  readonly flatCatch: boolean;
  readonly log: (message: string) => void;
}

const EVERY_PASS_SECTION = 'scaling, every pass: 1,000 and 10,000 steps with the self-check and IAM run past the 1 MB limit';

export function scale(options: ScaleOptions): Row[] {
  const rows = shapeRows('mixed', SECTION, options.sizes, options);
  // The second shape shows what the mix hides: a flat run of steps that each catch to a fallback.
  const flatSizes = options.sizes.filter((n) => n >= 1000);
  if (options.flatCatch && flatSizes.length > 0) {
    rows.push(...shapeRows('flat-catch', 'scaling, second shape: flat run of agent calls, each catching to its own fallback (pairs)', flatSizes, options));
  }
  // The rows above stop a definition over 1 MB at `definition-too-large`, before the self-check and IAM: the
  // target (10,000 steps < 1.5 s, t(10k)/t(1k) ≤ 12) counts every pass, so these sizes run again with all of them.
  const everyPassSizes = options.sizes.filter((n) => n === 1000 || n === 10_000);
  if (everyPassSizes.length > 0) rows.push(...shapeRows('mixed', EVERY_PASS_SECTION, everyPassSizes, options, true));
  if (options.profile) rows.push(...profileRows(Math.max(...options.sizes), options));
  return rows;
}

function shapeRows(shape: Shape, section: string, sizes: readonly number[], options: ScaleOptions, everyPass = false): Row[] {
  const rows: Row[] = [];
  const figures = new Map<number, { median: number; min: number; cpu: number }>();
  for (const size of sizes) {
    options.log(`scaling (${shape}): ${size} steps`);
    let r: ScaleResult & { error?: unknown };
    try {
      r = runJsonChild<ScaleResult & { error?: unknown }>('children/scale.ts', [String(size), String(options.budgetMs), String(options.minRuns), 'all', shape, ...(everyPass ? ['every-pass'] : [])], ['--expose-gc']);
    } catch (error) {
      rows.push(failed(section, `${size.toLocaleString('en-US')} steps`, error instanceof Error ? error.message.split('\n')[0]! : String(error)));
      continue;
    }
    if (r.error) {
      rows.push(failed(section, `${size.toLocaleString('en-US')} steps`, `does not compile: ${JSON.stringify(r.error).slice(0, 200)}`));
      continue;
    }
    const c = summarize(r.compileMs);
    const cpu = summarize(r.compileCpuMs);
    const b = summarize(r.buildMs);
    figures.set(size, { median: c.median, min: c.min, cpu: cpu.median });
    const notes = [
      `cpu ${ms(cpu.median)}`,
      `${((c.median * 1000) / r.steps).toFixed(0)} µs/step`,
      `build IR ${ms(b.median)} (${((b.median / c.median) * 100).toFixed(0)}%)`,
      `first ${ms(r.firstMs)}`,
      `peak RSS ${mib(r.peakRssFirstCompile)} (baseline ${mib(r.baselineRss)})`,
      `retained ${mib(r.retainedHeap)}`,
      r.errorCodes.length === 0
        ? `${r.states} states, ${mib(r.aslBytes)} ASL`
        : everyPass
          ? `${mib(r.aslBytes)} ASL, over AWS's 1 MB limit (${r.errorCodes.join(', ')}), self-check and IAM run anyway`
          : `${mib(r.aslBytes)} ASL, over AWS's 1 MB limit: reported as ${r.errorCodes.join(', ')} before the self-check and IAM`,
    ];
    if (size === 10_000) notes.push(verdict(c.median / 1000, 1.5, '<', ' s'));
    rows.push({
      section,
      name: `${r.steps.toLocaleString('en-US')} steps`,
      median: c.median,
      min: c.min,
      max: c.max,
      runs: c.n,
      status: 'ok',
      notes: notes.join('; '),
      data: { shape, ...r },
    });
  }
  const t1k = figures.get(1000);
  const t10k = figures.get(10_000);
  if (t1k !== undefined && t10k !== undefined) {
    const r = t10k.median / t1k.median;
    const byMin = t10k.min / t1k.min;
    const byCpu = t10k.cpu / t1k.cpu;
    rows.push({
      section,
      name: 't(10,000) / t(1,000)',
      status: 'ok',
      notes: `${ratio(r)} by median wall time (linear = 10×); ${verdict(r, 12, '≤')}; by min ${ratio(byMin)}, by median cpu ${ratio(byCpu)}`,
      data: { shape, ratio: r, ratioOfMins: byMin, ratioOfCpu: byCpu },
    });
  }
  return rows;
}

/** Where compile time goes at the largest size: inclusive time of the pipeline's functions from a CPU profile. */
function profileRows(size: number, options: ScaleOptions): Row[] {
  const section = `profile: ${size.toLocaleString('en-US')} steps, inclusive CPU time as a share of compileWorkflow`;
  const dir = mkdtempSync(join(tmpdir(), 'agentflow-bench-prof-'));
  try {
    options.log(`profiling ${size} steps`);
    runJsonChild('children/scale.ts', [String(size), String(options.budgetMs), '2', 'compile-only', 'mixed'], ['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${dir}`]);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && f.includes('.0.'))
      ?? readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) return [failed(section, 'profile', 'no .cpuprofile written')];
    // Pipeline functions of compileWorkflow (packages/compiler/src/compile.ts); names that no longer exist just drop out.
    const focus = [
      'compileWorkflow',
      'buildIr',
      'callerLocation',
      'normalizeCatch',
      'indexSteps',
      'checkRefs',
      'checkCatchTargets',
      'checkBlocks',
      'resolveEnvironment',
      'planOffload',
      'emitAsl',
      'outputSchemaOf',
      'canonicalDefinition',
      'stableJson',
      'validateAslText',
      'parseDefinitionText',
      'runChecks',
      'toDiagnostics',
      'generateIam',
    ];
    const s = summarise(join(dir, file), 12, focus);
    const total = s.inclusive.find((f) => f.name === 'compileWorkflow')?.ms ?? Number.NaN;
    const rows: Row[] = s.inclusive.map((f) => ({
      section,
      name: f.name,
      status: 'ok' as const,
      notes: `${f.ms.toFixed(0)} ms sampled, ${((f.ms / total) * 100).toFixed(0)}%`,
    }));
    rows.push({
      section,
      name: 'top self time (package/file)',
      status: 'ok',
      notes: s.byBucket
        .slice(0, 6)
        .map((b) => `${b.name} ${b.ms.toFixed(0)} ms`)
        .join(', '),
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
