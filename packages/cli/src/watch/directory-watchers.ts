import { watch, type FSWatcher } from 'node:fs';

/**
 * One non-recursive `fs.watch` per directory that holds a watched file (or may receive a new workflow file).
 * Directories, not files, are watched: editors often save by writing a new file and renaming it over the old one,
 * which a watch on the old file's inode would miss. Every event only says "look again"; what changed is decided
 * by content hashes (content-hashes.ts).
 */
export class DirectoryWatchers {
  readonly #watchers = new Map<string, FSWatcher>();

  constructor(private readonly onEvent: () => void) {}

  /** Watches exactly these directories: new ones are added, ones no longer needed are closed. */
  set(directories: ReadonlySet<string>): void {
    for (const [dir, watcher] of this.#watchers) {
      if (directories.has(dir)) continue;
      watcher.close();
      this.#watchers.delete(dir);
    }
    for (const dir of directories) {
      if (this.#watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: true }, () => this.onEvent());
        // A watched directory that is deleted ends its watcher; the next scan notices the files are gone.
        watcher.on('error', () => {
          watcher.close();
          this.#watchers.delete(dir);
          this.onEvent();
        });
        this.#watchers.set(dir, watcher);
      } catch {
        // The directory does not exist (yet): a file the workflow imported was removed with it.
      }
    }
  }

  get size(): number {
    return this.#watchers.size;
  }

  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }
}
