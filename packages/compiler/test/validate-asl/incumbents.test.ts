import { beforeAll, describe, expect, it } from 'vitest';
import { validateAslBytes, validateAslText } from '../../src/validate-asl/index.js';
import { loadCorpus, type CorpusFile } from './support/corpus.js';
import { aslValidatorVerdict, languageServiceVerdict, type Verdict } from './support/incumbents.js';

const corpus = loadCorpus();

function oursVerdict(file: CorpusFile): Verdict {
  return validateAslBytes(file.bytes).some((d) => d.severity === 'error') ? 'invalid' : 'valid';
}

interface Scores {
  readonly agreement: number;
  readonly falseRejections: string[];
  readonly caught: string[];
}

function score(verdicts: ReadonlyMap<CorpusFile, Verdict>): Scores {
  const files = [...verdicts.keys()];
  return {
    agreement: files.filter((f) => verdicts.get(f) === f.kind).length / files.length,
    falseRejections: files.filter((f) => f.kind === 'valid' && verdicts.get(f) === 'invalid').map((f) => f.name),
    caught: files.filter((f) => f.kind === 'invalid' && verdicts.get(f) === 'invalid').map((f) => f.name),
  };
}

describe('agentflow validate compared with asl-validator 4 and amazon-states-language-service 1.16', () => {
  const invalidCount = corpus.filter((f) => f.kind === 'invalid').length;
  let scores: { ours: Scores; aslValidator: Scores; languageService: Scores };

  beforeAll(async () => {
    const languageService = new Map<CorpusFile, Verdict>();
    for (const f of corpus) languageService.set(f, await languageServiceVerdict(f.text));
    scores = {
      ours: score(new Map(corpus.map((f) => [f, oursVerdict(f)]))),
      aslValidator: score(new Map(corpus.map((f) => [f, aslValidatorVerdict(f.text)]))),
      languageService: score(languageService),
    };
    // asl-validator compiles its schemas on every call (about 0.3 s a file), so this takes a while.
  }, 300_000);

  it('agrees with every corpus label', () => {
    expect(scores.ours.falseRejections).toEqual([]);
    expect(scores.ours.caught).toHaveLength(invalidCount);
    expect(scores.ours.agreement).toBe(1);
  });

  it('is stricter than asl-validator on invalid files and never rejects a valid one it accepts', () => {
    expect(scores.aslValidator.caught.filter((name) => !scores.ours.caught.includes(name))).toEqual([]);
    expect(scores.ours.caught.length).toBeGreaterThan(scores.aslValidator.caught.length);
    expect(scores.ours.falseRejections.length).toBeLessThanOrEqual(scores.aslValidator.falseRejections.length);
  });

  it('catches more than the language service and rejects no more valid files', () => {
    expect(scores.ours.caught.length).toBeGreaterThan(scores.languageService.caught.length);
    expect(scores.ours.falseRejections.length).toBeLessThanOrEqual(scores.languageService.falseRejections.length);
  });

  it('reports the figures', () => {
    const line = (name: string, s: Scores) =>
      `${name.padEnd(18)} agreement ${(s.agreement * 100).toFixed(1)}%  caught ${s.caught.length}/${invalidCount}  false rejections ${s.falseRejections.length}`;
    console.info(
      [
        `ASL corpus: ${corpus.length} files`,
        line('agentflow', scores.ours),
        line('asl-validator', scores.aslValidator),
        line('language service', scores.languageService),
      ].join('\n'),
    );
    expect(scores.ours.agreement).toBeGreaterThan(Math.max(scores.aslValidator.agreement, scores.languageService.agreement));
  });

  it('validates 800 files faster than asl-validator validates 16', () => {
    const parseable = corpus.filter((f) => {
      try {
        JSON.parse(f.text);
        return true;
      } catch {
        return false;
      }
    });
    const files = Array.from({ length: 800 }, (_, i) => parseable[i % parseable.length]!.text);
    let start = performance.now();
    for (const text of files) validateAslText(text);
    const oursMs = performance.now() - start;
    start = performance.now();
    for (const text of files.slice(0, 16)) aslValidatorVerdict(text);
    const theirsMs = performance.now() - start;
    console.info(`800 files: agentflow ${oursMs.toFixed(0)} ms; asl-validator needs ${theirsMs.toFixed(0)} ms for 16 (≈ ${((theirsMs / 16) * 800 / 1000).toFixed(0)} s for 800)`);
    expect(oursMs).toBeLessThan(theirsMs);
  });
});
