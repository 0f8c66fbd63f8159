import { describe, expect, it } from 'vitest';
import { ASL_CODES } from '../../src/validate-asl/asl-codes.js';
import { validateAslBytes } from '../../src/validate-asl/index.js';
import { loadCorpus } from './support/corpus.js';

const corpus = loadCorpus();
const valid = corpus.filter((f) => f.kind === 'valid');
const invalid = corpus.filter((f) => f.kind === 'invalid');

describe('ASL corpus', () => {
  it('is large enough to mean something', () => {
    expect(valid.length).toBeGreaterThanOrEqual(40);
    expect(invalid.length).toBeGreaterThanOrEqual(40);
  });

  it.each(valid.map((f) => [f.name, f] as const))('valid/%s has no errors', (name, file) => {
    const errors = validateAslBytes(file.bytes, { file: name }).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });

  it.each(invalid.map((f) => [f.name, f] as const))('invalid/%s reports its code', (name, file) => {
    expect(Object.keys(ASL_CODES), `file name must start with a known code`).toContain(file.expectedCode);
    const codes = validateAslBytes(file.bytes, { file: name })
      .filter((d) => d.severity === 'error')
      .map((d) => d.code);
    expect(codes).toContain(file.expectedCode);
  });

  it('covers every error code an ASL file can trigger', () => {
    const covered = new Set(invalid.map((f) => f.expectedCode));
    const errorCodes = Object.entries(ASL_CODES)
      .filter(([, info]) => info.severity === 'error')
      .map(([code]) => code)
      // 1 MB of fixture is not worth its weight; the definition-size table builds one in memory.
      .filter((code) => code !== 'DEFINITION_TOO_LARGE');
    expect(errorCodes.filter((code) => !covered.has(code))).toEqual([]);
  });
});
