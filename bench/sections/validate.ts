/**
 * `agentflow validate` next to asl-validator on the same ≥ 800 definitions: the compiled outputs of `workflows/`
 * and of the generated scaling workflows, any `fixtures/asl-corpus/**.json`, and distinct copies of the small
 * ones and the fixtures (each copy gets its own `Comment`, so no validator can cache by content; text that is not
 * JSON is copied as is) written to a temp directory.
 *
 * agentflow's validator (issue 3) is found at run time — `validateAslText` exported by the compiler, or by a
 * module under packages/compiler/src/validate-asl — so this file compiles and runs before it exists.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { compileWorkflow } from '../../packages/compiler/src/index.js';
import { BENCH_ENV, generateWorkflow } from '../generate.js';
import { NODE, ROOT, cleanEnv, timeCommand } from '../lib/proc.js';
import { failed, measured, mib, ms, ratio, skipped, summarize, type Row } from '../lib/stats.js';
import { loadWorkflows, projectEnv } from './workflows.js';

const SECTION = 'validate: a directory of ASL definitions';

export interface ValidateOptions {
  readonly files: number;
  readonly runs: number;
  /**
   * Files asl-validator validates (it compiles its JSON schemas on every call, ~0.5 s a file). Default: all of them
   * when agentflow's validator is there to compare with, a sample of 40 otherwise.
   */
  readonly aslValidatorSample: number | 'all' | undefined;
  readonly log: (message: string) => void;
}

interface Definition {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

type ValidateFn = (...args: unknown[]) => unknown;

/** Finds `validateAslText`; undefined (with the reason) while issue 3 is not in the tree. */
async function findAgentflowValidator(): Promise<{ fn?: ValidateFn; where: string }> {
  const candidates: string[] = [join(ROOT, 'packages/compiler/src/index.ts'), join(ROOT, 'packages/compiler/src/validate-asl/index.ts')];
  const dir = join(ROOT, 'packages/compiler/src/validate-asl');
  if (existsSync(dir)) {
    const walk = (d: string): void => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (/\.ts$/.test(entry.name) && /export\s+(async\s+)?(function|const)\s+validateAslText\b/.test(readFileSync(p, 'utf8'))) candidates.push(p);
      }
    };
    walk(dir);
  }
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    try {
      const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      if (typeof mod['validateAslText'] === 'function') return { fn: mod['validateAslText'] as ValidateFn, where: relative(ROOT, file) };
    } catch (error) {
      return { where: `${relative(ROOT, file)} failed to load: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
    }
  }
  return { where: 'no validateAslText in packages/compiler/src (index.ts or validate-asl/**) yet' };
}

/** Error-severity diagnostics in whatever shape the validator returns (array, or { diagnostics | findings }). */
function errorCount(result: unknown): number {
  const list = Array.isArray(result)
    ? result
    : ((result as { diagnostics?: unknown[]; findings?: unknown[] } | undefined)?.diagnostics ??
      (result as { findings?: unknown[] } | undefined)?.findings ??
      []);
  return (list as { severity?: string }[]).filter((d) => d?.severity === 'error').length;
}

/** Calls the validator with the first argument shape it accepts: (text, { file }), (text, file), (text). */
async function callerFor(fn: ValidateFn, sample: Definition): Promise<{ call: (d: Definition) => unknown; shape: string }> {
  const shapes: [string, (d: Definition) => unknown][] = [
    ['(text, { file })', (d) => fn(d.text, { file: d.path })],
    ['(text, file)', (d) => fn(d.text, d.path)],
    ['(text)', (d) => fn(d.text)],
  ];
  let lastError: unknown;
  for (const [shape, call] of shapes) {
    try {
      await call(sample);
      return { call, shape };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** Writes the corpus and returns its definitions (name, path, text), largest generated ones included once. */
async function buildCorpus(dir: string, target: number, log: (m: string) => void): Promise<{ defs: Definition[]; sources: string }> {
  const base: { name: string; text: string; replicate: boolean }[] = [];
  const { env, envName } = projectEnv();
  for (const { def } of await loadWorkflows(log)) {
    const r = def ? compileWorkflow(def, { env, envName }) : undefined;
    if (r?.aslText) base.push({ name: `${r.name}`, text: r.aslText, replicate: true });
  }
  const nWorkflows = base.length;
  // 10,000 steps is left out: its definition (~10 MB) is over AWS's 1 MB limit, so the compiler emits no text.
  const generated: string[] = [];
  for (const steps of [10, 25, 50, 100, 200, 1000]) {
    log(`validate corpus: compiling a ${steps}-step workflow`);
    const r = compileWorkflow(generateWorkflow(steps), { env: BENCH_ENV, envName: 'bench' });
    if (r.aslText) {
      base.push({ name: `bench-${steps}`, text: r.aslText, replicate: steps <= 200 });
      generated.push(String(steps));
    }
  }
  let fixtures = 0;
  const corpus = join(ROOT, 'fixtures/asl-corpus');
  if (existsSync(corpus)) {
    const walk = (d: string): void => {
      for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const p = join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (entry.name.endsWith('.json') && statSync(p).size < 4 * 1024 * 1024) {
          base.push({ name: `fixture-${relative(corpus, p).replace(/[\\/]/g, '_').replace(/(\.asl)?\.json$/, '')}`, text: readFileSync(p, 'utf8'), replicate: true });
          fixtures++;
        }
      }
    };
    walk(corpus);
  }
  const defs: Definition[] = [];
  const add = (name: string, text: string) => {
    const path = join(dir, `${String(defs.length).padStart(4, '0')}-${name}.asl.json`);
    writeFileSync(path, text);
    defs.push({ name, path, text });
  };
  for (const b of base) add(b.name, b.text);
  const small = base.filter((b) => b.replicate);
  for (let copy = 1; defs.length < target && small.length > 0; copy++) {
    for (const b of small) {
      if (defs.length >= target) break;
      add(`${b.name}-copy${copy}`, withComment(b.text, copy));
    }
  }
  const sources = `${nWorkflows} compiled from workflows/, ${generated.length} generated (${generated.join(', ')} steps), ${fixtures} from fixtures/asl-corpus, the rest distinct copies of the small ones and the fixtures (own Comment each)`;
  return { defs, sources };
}

/** The same definition with its own Comment (distinct bytes, same structure). */
function withComment(text: string, copy: number): string {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const out = { ...value, Comment: `${String(value['Comment'] ?? '')} (copy ${copy})` };
    return `${JSON.stringify(out, null, 2)}\n`;
  } catch {
    return text;
  }
}

function loadAslValidator(): ((definition: unknown, options?: object) => { isValid: boolean }) | undefined {
  try {
    return createRequire(join(ROOT, 'package.json'))('asl-validator') as (definition: unknown, options?: object) => { isValid: boolean };
  } catch {
    return undefined;
  }
}

export async function validate(options: ValidateOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const agentflow = await findAgentflowValidator();
  const aslValidator = loadAslValidator();
  if (!agentflow.fn && !aslValidator) return [skipped(SECTION, 'validate', `${agentflow.where}; asl-validator is not installed`)];

  const tmp = mkdtempSync(join(tmpdir(), 'agentflow-bench-validate-'));
  try {
    const dir = join(tmp, 'definitions');
    mkdirSync(dir);
    const { defs, sources } = await buildCorpus(dir, options.files, options.log);
    const bytes = defs.reduce((n, d) => n + d.text.length, 0);
    const largest = defs.reduce((a, b) => (b.text.length > a.text.length ? b : a));
    // Reading the directory back, as a validator CLI would (the figures below start from texts in memory).
    const readStart = performance.now();
    for (const d of defs) readFileSync(d.path, 'utf8');
    rows.push({
      section: SECTION,
      name: `corpus: ${defs.length} files, ${mib(bytes)}`,
      status: 'ok',
      notes: `${sources}; reading them back takes ${ms(performance.now() - readStart)}`,
      data: { files: defs.length, bytes, dir: 'temp (removed after the run)' },
    });

    let agentflowTotal = Number.NaN;
    if (!agentflow.fn) {
      rows.push(skipped(SECTION, 'agentflow validateAslText (in-process)', `agentflow's validator is not there yet: ${agentflow.where} (issue 3)`));
    } else {
      options.log(`validate: agentflow (${agentflow.where})`);
      try {
        const { call, shape } = await callerFor(agentflow.fn, defs[0]!);
        for (const d of defs.slice(0, 20)) await call(d); // warm-up
        const totals: number[] = [];
        const perFile: number[] = [];
        let invalid = 0;
        for (let run = 0; run < options.runs; run++) {
          const start = performance.now();
          invalid = 0;
          for (const d of defs) {
            const t = performance.now();
            const r = await call(d);
            if (run === 0) perFile.push(performance.now() - t);
            if (errorCount(r) > 0) invalid++;
          }
          totals.push(performance.now() - start);
        }
        agentflowTotal = summarize(totals).median;
        rows.push(
          measured(SECTION, `agentflow validateAslText, ${defs.length} files (in-process)`, totals, `${agentflow.where} ${shape}; per file median ${ms(summarize(perFile).median)}; ${invalid} file(s) with errors`, {
            perFileMedianMs: summarize(perFile).median,
            invalid,
          }),
        );
        const t = performance.now();
        await call(largest);
        const bigMs = performance.now() - t;
        rows.push({ section: SECTION, name: `agentflow, largest file (${largest.name}, ${mib(largest.text.length)})`, median: bigMs, min: bigMs, max: bigMs, runs: 1, status: 'ok' });
      } catch (error) {
        rows.push(failed(SECTION, 'agentflow validateAslText', error instanceof Error ? error.message.split('\n')[0]! : String(error)));
      }
    }

    if (!aslValidator) {
      rows.push(skipped(SECTION, 'asl-validator', 'asl-validator is not installed'));
    } else {
      const wanted = options.aslValidatorSample ?? (agentflow.fn ? 'all' : 40);
      const all = wanted === 'all' || wanted >= defs.length;
      const sample = all ? defs : evenly(defs.filter((d) => d !== largest), wanted);
      options.log(`validate: asl-validator on ${sample.length} file(s)`);
      // asl-validator mutates its input (it fills in QueryLanguage), so every call gets a fresh parse, timed with it.
      // Text that is not JSON counts as rejected; an exception from the validator counts as a crash.
      let crashed = 0;
      const check = (text: string): boolean => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return false;
        }
        try {
          return aslValidator(value).isValid;
        } catch {
          crashed++;
          return false;
        }
      };
      for (const d of defs.slice(0, 3)) check(d.text); // warm-up
      crashed = 0;
      const perFile: number[] = [];
      let invalid = 0;
      const start = performance.now();
      for (const d of sample) {
        const t = performance.now();
        if (!check(d.text)) invalid++;
        perFile.push(performance.now() - t);
      }
      const total = performance.now() - start;
      const s = summarize(perFile);
      const mean = total / sample.length;
      if (all) {
        rows.push({
          section: SECTION,
          name: `asl-validator 4, ${sample.length} files (in-process, JSON.parse + validate)`,
          median: total,
          min: total,
          max: total,
          runs: 1,
          status: 'ok',
          notes: `per file median ${ms(s.median)}; ${invalid} file(s) rejected (${crashed} by a crash)${Number.isFinite(agentflowTotal) ? `; ${ratio(total / agentflowTotal)} agentflow's time` : ''}`,
          data: { perFileMedianMs: s.median, invalid },
        });
      } else {
        rows.push(
          measured(SECTION, `asl-validator 4, per file (sample of ${sample.length}, JSON.parse + validate)`, perFile, `est. ${ms(mean * defs.length)} for all ${defs.length} files (mean × files)${Number.isFinite(agentflowTotal) ? `, ${ratio((mean * defs.length) / agentflowTotal)} agentflow's time` : ''}; ${invalid} rejected (${crashed} by a crash); --asl-validator-files all for a full run`, {
            estimatedTotalMs: mean * defs.length,
            invalid,
          }),
        );
      }
      const t = performance.now();
      const big = check(largest.text);
      const bigMs = performance.now() - t;
      rows.push({ section: SECTION, name: `asl-validator, largest file (${largest.name}, ${mib(largest.text.length)})`, median: bigMs, min: bigMs, max: bigMs, runs: 1, status: 'ok', notes: big ? 'valid' : 'rejected' });
    }

    rows.push(...(await cliRows(defs, agentflow.fn !== undefined, options)));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

/**
 * Whole-process `agentflow validate <files…>`, when the CLI has the command. (asl-validator's own CLI calls the same
 * function per file as the in-process row, plus one process start, so it is not run: it would add ~8 minutes.)
 */
async function cliRows(defs: readonly Definition[], hasValidator: boolean, options: ValidateOptions): Promise<Row[]> {
  const name = `agentflow validate <${defs.length} files> (whole process)`;
  if (!hasValidator) return [skipped(SECTION, name, 'waiting for agentflow validate (issue 3)')];
  // With the command registered, no files is a usage error about files; without it, commander says "unknown command".
  const probe = spawnSync(NODE, ['--import', 'tsx', 'packages/cli/src/bin.ts', 'validate'], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8' });
  if (/unknown command/i.test(`${probe.stderr}${probe.stdout}`)) return [skipped(SECTION, name, 'validateAslText exists but the CLI has no validate command yet')];
  const files = defs.map((d) => d.path);
  const samples: number[] = [];
  const cpu: number[] = [];
  options.log('validate: agentflow CLI');
  try {
    for (let i = 0; i < options.runs + 1; i++) {
      const t = timeCommand(NODE, ['--import', 'tsx', 'packages/cli/src/bin.ts', 'validate', ...files], { okCodes: [0, 1] });
      if (i > 0) {
        samples.push(t.ms);
        cpu.push(t.cpuMs);
      }
    }
    return [measured(SECTION, name, samples, `cpu ${summarize(cpu).median.toFixed(0)} ms; exit 1 expected (the corpus has invalid files)`)];
  } catch (error) {
    return [failed(SECTION, name, error instanceof Error ? error.message.split('\n')[0]! : String(error))];
  }
}

/** `n` items spread evenly over the list. */
function evenly<T>(list: readonly T[], n: number): T[] {
  if (n >= list.length) return [...list];
  return Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!);
}
