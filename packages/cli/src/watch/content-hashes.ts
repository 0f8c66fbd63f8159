import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A file's content hash, or undefined when it cannot be read (deleted, renamed away, a directory). */
export function contentHash(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * The last seen content of every watched file. Changes are decided by content, never by modification time: an
 * editor's save without edits, or a `touch`, changes nothing and recompiles nothing.
 */
export class ContentHashes {
  readonly #hashes = new Map<string, string | undefined>();

  /** Starts tracking a file (a no-op when it is tracked already: its last seen content stays the reference). */
  track(path: string): void {
    if (!this.#hashes.has(path)) this.#hashes.set(path, contentHash(path));
  }

  /** Stops tracking files that are no longer loaded by any workflow. */
  retain(paths: ReadonlySet<string>): void {
    for (const path of [...this.#hashes.keys()]) if (!paths.has(path)) this.#hashes.delete(path);
  }

  /** The tracked files whose content differs from the last time they were seen (appeared, changed or deleted). */
  changed(): string[] {
    const changed: string[] = [];
    for (const [path, before] of this.#hashes) {
      const now = contentHash(path);
      if (now === before) continue;
      this.#hashes.set(path, now);
      changed.push(path);
    }
    return changed;
  }

  get paths(): readonly string[] {
    return [...this.#hashes.keys()];
  }
}
