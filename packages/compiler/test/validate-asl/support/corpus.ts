import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CORPUS_DIR = fileURLToPath(new URL('../../../../../fixtures/asl-corpus/', import.meta.url));

export interface CorpusFile {
  readonly name: string;
  readonly kind: 'valid' | 'invalid';
  readonly text: string;
  /** The file as stored: the validator decodes it (an invalid-utf8 case has bytes no text can hold). */
  readonly bytes: Buffer;
  /** For invalid files: the code named before `--` in the file name, e.g. MISSING_TRANSITION_TARGET. */
  readonly expectedCode?: string;
}

export function loadCorpus(): CorpusFile[] {
  const files: CorpusFile[] = [];
  for (const kind of ['valid', 'invalid'] as const) {
    for (const name of readdirSync(`${CORPUS_DIR}${kind}`).filter((n) => n.endsWith('.json')).sort()) {
      const bytes = readFileSync(`${CORPUS_DIR}${kind}/${name}`);
      const text = bytes.toString('utf8');
      files.push(kind === 'invalid' ? { name, kind, text, bytes, expectedCode: expectedCodeOf(name) } : { name, kind, text, bytes });
    }
  }
  return files;
}

/** `missing-transition-target--next-typo.asl.json` expects `MISSING_TRANSITION_TARGET`. */
export function expectedCodeOf(name: string): string {
  return name.split('--')[0]!.replace(/\.asl\.json$|\.json$/, '').toUpperCase().replace(/-/g, '_');
}
