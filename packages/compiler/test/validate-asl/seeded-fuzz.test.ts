/**
 * Seeded fuzzing of the validator with mutants of the repository's own ASL files (fixtures/**\/*.asl.json).
 * CI runs a fixed seed; explore others with
 *   AGENTFLOW_FUZZ_SEED=<n> AGENTFLOW_FUZZ_RUNS=<count> npx vitest run packages/compiler/test/validate-asl/seeded-fuzz.test.ts
 * and replay one mutant with AGENTFLOW_FUZZ_MUTANT=<index> (printed with every failure).
 *
 * For every mutant: nothing escapes validateAslBytes, it returns within GUARD_MS, every diagnostic is a
 * catalogued code with a pointer and a line:column inside the file, and the verdict agrees with the oracles:
 * - text that is not JSON (and has no unquoted placeholder) is rejected;
 * - injected invalid UTF-8 is exactly one INVALID_UTF8 at the line:column of the first bad byte;
 * - nesting deeper than 256 is exactly TOO_DEEPLY_NESTED;
 * - a duplicated state name in one States object is rejected;
 * - every rule of support/asl-oracles.ts that fires (missing StartAt/States/Type/Resource/Choices/Branches,
 *   neither Next nor End, a Next to nowhere, state names reused anywhere in the machine, a quoted placeholder
 *   where only an array or object fits, a JSONata Condition or Arguments that is a plain constant, null
 *   ItemReader parts) means rejection;
 * - a mutant agentflow accepts but both public validators (asl-validator, AWS's language service) reject, for
 *   something the mutation introduced, is a disagreement: fixed, or justified in JUSTIFIED with the rule.
 * The time guard is measured, not enforced (validation is synchronous); an endless loop would be stopped by
 * the test's timeout, whose title names the seed.
 */
import { describe, expect, it } from 'vitest';
import { ASL_CODES } from '../../src/validate-asl/asl-codes.js';
import { validateAslBytes, type Diagnostic } from '../../src/validate-asl/index.js';
import { mustReject } from './support/asl-oracles.js';
import { aslValidatorVerdict, languageServiceDiagnostics } from './support/incumbents.js';
import { loadAslFiles, mutantRng, mutate, type Mutant } from './support/mutate-asl.js';

const SEED = Number(process.env['AGENTFLOW_FUZZ_SEED'] ?? 20261201);
const RUNS = Number(process.env['AGENTFLOW_FUZZ_RUNS'] ?? 2500);
const ONLY = process.env['AGENTFLOW_FUZZ_MUTANT'];
/** How many mutants agentflow accepts are also given to the two public validators (asl-validator is slow). */
const COMPARED = Number(process.env['AGENTFLOW_FUZZ_COMPARED'] ?? 100);
/** A single validation may take this long before it counts as a hang; the slowest seen is far below. */
const GUARD_MS = 3000;

const corpus = loadAslFiles();

interface Outcome {
  readonly diagnostics: Diagnostic[];
  readonly ms: number;
  readonly threw?: unknown;
}

function run(mutant: Mutant): Outcome {
  const start = performance.now();
  try {
    const diagnostics = validateAslBytes(mutant.bytes, { file: 'mutant.asl.json' });
    return { diagnostics, ms: performance.now() - start };
  } catch (threw) {
    return { diagnostics: [], ms: performance.now() - start, threw };
  }
}

/** Everything wrong with one outcome; empty when the mutant passes. */
function problems(mutant: Mutant, outcome: Outcome): string[] {
  const out: string[] = [];
  if (outcome.threw !== undefined) return [`threw ${String(outcome.threw)}`];
  if (outcome.ms > GUARD_MS) out.push(`took ${outcome.ms.toFixed(0)} ms`);
  const text = Buffer.from(mutant.bytes).toString('utf8');
  const lineCount = text.split(/\r\n|\r|\n/).length;
  for (const d of outcome.diagnostics) {
    if (d.code === 'VALIDATOR_INTERNAL_ERROR') out.push(`internal error: ${d.message}`);
    else if (!(d.code in ASL_CODES)) out.push(`uncatalogued code ${d.code}`);
    if (typeof d.pointer !== 'string' || (d.pointer !== '' && !d.pointer.startsWith('/'))) out.push(`${d.code} without a pointer`);
    if (!d.loc || d.loc.line < 1 || d.loc.column < 1 || d.loc.line > lineCount) out.push(`${d.code} without a location inside the file: ${JSON.stringify(d.loc)}`);
    if (!d.message || !d.hint) out.push(`${d.code} without a message or hint`);
  }
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error');
  const expectation = mutant.expectation;
  if (expectation?.kind === 'invalid-utf8') {
    const [only, ...rest] = errors;
    if (rest.length > 0 || only?.code !== 'INVALID_UTF8' || only.loc?.line !== expectation.line || only.loc?.column !== expectation.column) {
      out.push(`expected INVALID_UTF8 at ${expectation.line}:${expectation.column}, got ${JSON.stringify(errors.map((d) => [d.code, d.loc?.line, d.loc?.column]))}`);
    }
    return out;
  }
  if (expectation?.kind === 'too-deep') {
    if (errors.length !== 1 || errors[0]!.code !== 'TOO_DEEPLY_NESTED') out.push(`expected TOO_DEEPLY_NESTED, got ${errors.map((d) => d.code).join(', ')}`);
    return out;
  }
  const reasons: string[] = [];
  if (expectation?.kind === 'reject') reasons.push(expectation.why);
  if (mutant.value === undefined && !text.includes('${')) reasons.push('not JSON');
  if (mutant.value !== undefined) reasons.push(...mustReject(mutant.value));
  if (reasons.length > 0 && errors.length === 0) out.push(`accepted, but must be rejected: ${reasons.join('; ')}`);
  return out;
}

describe('seeded fuzzing of validate with mutants of the repository’s ASL files', () => {
  it(`holds the oracles for ${ONLY !== undefined ? `mutant ${ONLY}` : `${RUNS} mutants`} (seed ${SEED})`, () => {
    expect(corpus.length).toBeGreaterThan(100);
    const indexes = ONLY !== undefined ? [Number(ONLY)] : Array.from({ length: RUNS }, (_, i) => i);
    // The first call compiles the schema; keep it out of the timings.
    validateAslBytes(Buffer.from(corpus[0]!.text));
    const failures: string[] = [];
    const stats = { mutants: 0, rejected: 0, oracleRejections: 0, invalidUtf8: 0, tooDeep: 0, crashes: 0, hangs: 0, slowestMs: 0 };
    for (const index of indexes) {
      const rng = mutantRng(SEED, index);
      const entry = rng.pick(corpus);
      const mutant = mutate(rng, entry);
      const outcome = run(mutant);
      stats.mutants++;
      stats.slowestMs = Math.max(stats.slowestMs, outcome.ms);
      if (outcome.threw !== undefined || outcome.diagnostics.some((d) => d.code === 'VALIDATOR_INTERNAL_ERROR')) stats.crashes++;
      if (outcome.ms > GUARD_MS) stats.hangs++;
      if (outcome.diagnostics.some((d) => d.severity === 'error')) stats.rejected++;
      if (mutant.expectation?.kind === 'invalid-utf8') stats.invalidUtf8++;
      if (mutant.expectation?.kind === 'too-deep') stats.tooDeep++;
      if (mutant.value !== undefined && mustReject(mutant.value).length > 0) stats.oracleRejections++;
      const found = problems(mutant, outcome);
      if (found.length > 0) {
        failures.push(`seed ${SEED}, mutant ${index} (AGENTFLOW_FUZZ_SEED=${SEED} AGENTFLOW_FUZZ_MUTANT=${index}) of ${entry.name}: ${mutant.steps.join(' → ')}\n    ${found.join('\n    ')}`);
      }
    }
    console.info(
      `seeded fuzz (seed ${SEED}): ${stats.mutants} mutants of ${corpus.length} files, ${stats.rejected} rejected ` +
        `(${stats.oracleRejections} by a rule oracle, ${stats.invalidUtf8} invalid UTF-8, ${stats.tooDeep} too deep); ` +
        `${stats.crashes} crashes, ${stats.hangs} over ${GUARD_MS} ms, slowest ${stats.slowestMs.toFixed(0)} ms`,
    );
    expect(failures.slice(0, 20), `${failures.length} of ${stats.mutants} mutants broke an oracle (seed ${SEED})`).toEqual([]);
  }, 120_000);

  it(`rejects what both public validators reject (seed ${SEED}, up to ${COMPARED} accepted mutants)`, async () => {
    const disagreements: string[] = [];
    const stats = { compared: 0, languageServiceRejects: 0, bothReject: 0, justified: 0 };
    for (let index = 0; stats.compared < COMPARED && index < RUNS * 4; index++) {
      const rng = mutantRng(SEED, index);
      const entry = rng.pick(corpus);
      const mutant = mutate(rng, entry);
      // Placeholders and CloudFormation intrinsics are accepted by design and neither public validator knows
      // them; bad bytes never reach them.
      const text = Buffer.from(mutant.bytes).toString('utf8');
      if (mutant.value === undefined || /\$\{|"Ref"|"Fn::/.test(text) || mutant.expectation) continue;
      const ours = run(mutant).diagnostics;
      if (ours.some((d) => d.severity === 'error')) continue;
      stats.compared++;
      const theirs = await languageServiceDiagnostics(text);
      if (theirs.length === 0) continue;
      stats.languageServiceRejects++;
      // Justified kinds need no second opinion (asl-validator costs about 0.3 s a call).
      if (justified(theirs, ours)) {
        stats.justified++;
        continue;
      }
      if (aslValidatorVerdict(text) === 'valid') continue;
      // Only what the mutation introduced counts: files they already reject wrongly are in incumbents.test.ts.
      if (!(await bothAccept(entry))) continue;
      stats.bothReject++;
      disagreements.push(`seed ${SEED}, mutant ${index} of ${entry.name}: ${mutant.steps.join(' → ')}\n    language service: ${theirs.join(' | ')}`);
    }
    console.info(
      `incumbents (seed ${SEED}): ${stats.compared} accepted mutants compared; the language service rejects ${stats.languageServiceRejects}, ` +
        `${stats.justified} of them for a justified reason (below); both reject ${stats.bothReject} more, all unexplained`,
    );
    expect(disagreements.slice(0, 20), `${disagreements.length} mutants both public validators reject were accepted (seed ${SEED})`).toEqual([]);
  }, 120_000);
});

/**
 * Disagreements where agentflow is right and both public validators are wrong, each with the documented rule.
 * Returns the justification when every one of their errors is of a justified kind.
 */
function justified(messages: readonly string[], ours: readonly Diagnostic[]): string | undefined {
  // The language service reads the first of two duplicated keys, JSON.parse (and agentflow) the last: its
  // other findings on such a mutant are about a different definition, so the duplicate decides.
  const duplicate = JUSTIFIED[0]!;
  if (messages.some((m) => duplicate.message.test(m)) && ours.some((d) => d.code === duplicate.ours)) return duplicate.why;
  const reasons = messages.map((m) => JUSTIFIED.find((j) => j.message.test(m) && (!j.ours || ours.some((d) => d.code === j.ours)))?.why);
  return reasons.every((r) => r !== undefined) ? reasons.join('; ') : undefined;
}

const JUSTIFIED: readonly { readonly message: RegExp; readonly ours?: string; readonly why: string }[] = [
  {
    message: /^Duplicate object key$/,
    ours: 'DUPLICATE_JSON_KEY',
    why:
      'a key repeated in one object (not a state name, which is DUPLICATE_STATE_NAME, an error): AWS documents no rule, ' +
      'JSON (RFC 8259) leaves it to the parser, and agentflow warns (DUPLICATE_JSON_KEY) instead of guessing',
  },
];

const originalVerdicts = new Map<string, Promise<boolean>>();

/** Whether both public validators accept the unmutated file (memoised: asl-validator is slow). */
function bothAccept(entry: { name: string; text: string }): Promise<boolean> {
  let verdict = originalVerdicts.get(entry.name);
  if (!verdict) {
    verdict = languageServiceDiagnostics(entry.text).then((d) => d.length === 0 && aslValidatorVerdict(entry.text) === 'valid');
    originalVerdicts.set(entry.name, verdict);
  }
  return verdict;
}
