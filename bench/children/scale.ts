/**
 * Scaling child: builds and compiles one generated workflow of N steps in a fresh process (run with
 * `node --expose-gc --import tsx`), so peak RSS belongs to that size alone.
 *
 *   node --expose-gc --import tsx bench/children/scale.ts <steps> <budgetMs> <minRuns> [compile-only] [mixed|flat-catch] [every-pass]
 *
 * `compile-only` skips the separate `build()` samples (for CPU profiles, so every sample sits under compileWorkflow).
 * `every-pass` runs the self-check and IAM generation past the 1 MB limit too (CompileOptions.everyPassPastSizeLimit).
 *
 * Prints one JSON line (see ScaleResult).
 */
import { performance } from 'node:perf_hooks';
import { compileWorkflow } from '../../packages/compiler/src/index.js';
import { BENCH_ENV, countSteps, generateWorkflow } from '../generate.js';
import { countStates } from '../lib/asl.js';

export interface ScaleResult {
  readonly steps: number;
  readonly states: number;
  readonly aslBytes: number;
  readonly diagnostics: number;
  /** Error codes of the compile (only `definition-too-large` is tolerated: the AWS 1 MB definition limit). */
  readonly errorCodes: readonly string[];
  /** The first compile in this process (cold JIT), ms. */
  readonly firstMs: number;
  /** compileWorkflow samples after warm-up (build IR + checks + emit + canonical JSON), ms. */
  readonly compileMs: readonly number[];
  /** CPU time (user + system, all threads: GC helpers included) of the same compiles, ms. */
  readonly compileCpuMs: readonly number[];
  /** WorkflowDef.build() alone (the DSL running the body), ms. */
  readonly buildMs: readonly number[];
  /** Process peak RSS before the first compile and right after it, bytes. */
  readonly baselineRss: number;
  readonly peakRssFirstCompile: number;
  /** Peak RSS at the end of the run, bytes. */
  readonly peakRss: number;
  /** Heap still held by one compile result (IR + definition + ASL text), bytes. */
  readonly retainedHeap: number;
}

const [stepsArg, budgetArg, minRunsArg, mode, shape, passes] = process.argv.slice(2);
const steps = Number(stepsArg);
const budgetMs = Number(budgetArg ?? 2000);
const minRuns = Number(minRunsArg ?? 5);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const kib = 1024;

const def = generateWorkflow(steps, `bench-${steps}`, shape === 'flat-catch' ? 'flat-catch' : 'mixed');
const options = { env: BENCH_ENV, envName: 'bench', everyPassPastSizeLimit: passes === 'every-pass' };
gc();
const baselineRss = process.resourceUsage().maxRSS * kib;
const heapBefore = process.memoryUsage().heapUsed;

let t = performance.now();
const first = compileWorkflow(def, options);
const firstMs = performance.now() - t;
const peakRssFirstCompile = process.resourceUsage().maxRSS * kib;
gc();
const retainedHeap = process.memoryUsage().heapUsed - heapBefore;
// Past ~1,000 states the definition outgrows AWS's 1 MB limit and the compiler's self-check rejects it, after
// everything but IAM generation has run: such sizes are still timed, and their error codes reported.
const errorCodes = [...new Set(first.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))];
const selfCheckOnly = errorCodes.length > 0 && errorCodes.every((c) => c === 'definition-too-large');
if (errorCodes.length > 0 && !selfCheckOnly) {
  process.stdout.write(`${JSON.stringify({ error: first.diagnostics.filter((d) => d.severity === 'error').slice(0, 3) })}\n`);
  process.exit(0);
}
const states = countStates(first.definition);
const aslBytes = first.aslText?.length ?? Number(/definition is ([\d,]+) bytes/.exec(first.diagnostics.map((d) => d.message).join(' '))?.[1]?.replace(/,/g, '') ?? Number.NaN);
const diagnostics = first.diagnostics.length;

// Warm-up: at least one more compile, and ~a quarter of the budget for small sizes.
const warmUntil = performance.now() + budgetMs / 4;
do compileWorkflow(def, options);
while (performance.now() < warmUntil);

const compileMs: number[] = [];
const compileCpuMs: number[] = [];
const buildMs: number[] = [];
const stop = performance.now() + budgetMs;
while ((performance.now() < stop || compileMs.length < minRuns) && compileMs.length < 500) {
  const cpu = process.cpuUsage();
  t = performance.now();
  compileWorkflow(def, options);
  compileMs.push(performance.now() - t);
  const used = process.cpuUsage(cpu);
  compileCpuMs.push((used.user + used.system) / 1000);
  if (mode === 'compile-only') continue;
  t = performance.now();
  def.build();
  buildMs.push(performance.now() - t);
}

const result: ScaleResult = {
  steps: countSteps(def),
  states,
  aslBytes,
  diagnostics,
  errorCodes,
  firstMs,
  compileMs,
  compileCpuMs,
  buildMs,
  baselineRss,
  peakRssFirstCompile,
  peakRss: process.resourceUsage().maxRSS * kib,
  retainedHeap,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
