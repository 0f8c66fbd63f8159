import type { Io } from '../io.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { CompileCommandOptions } from '../commands/compile.js';
import { containmentLimits } from '../contain/limits.js';
import { readPathList } from '../path-list.js';
import { checkOutDirectory } from '../write-outputs.js';
import { stopRequested } from './stop-signals.js';
import { WATCH_PREFIX, WatchSession } from './watch-session.js';

/**
 * `agentflow compile --watch`: compiles, then recompiles on every change until SIGINT, SIGTERM or the end of a piped
 * standard input; exits 0 then, whatever the last run found (the diagnostics were printed as they came).
 */
export async function runWatch(paths: readonly string[], options: CompileCommandOptions, io: Io): Promise<number> {
  if (options.check) throw new UsageError('--watch cannot be combined with --check: --check compares once, --watch keeps --out current.', 'Run `compile --check` once (e.g. in CI), and `compile --watch --out <dir>` while editing.');
  if (options.json) throw new UsageError('--watch cannot be combined with --json.', 'Run `compile --json` once for a machine-readable result.');
  const limits = containmentLimits(options);
  checkOutDirectory(options, io);
  const listed = options.filesFrom === undefined ? [] : await readPathList(options.filesFrom, io);
  if (paths.length === 0 && listed.length === 0) {
    throw new UsageError('No workflow files to compile.', 'Pass workflow files or directories, or --files-from FILE (one path per line).');
  }
  // Listened for before the first compile, so a Ctrl-C during it ends the session cleanly too.
  const stop = stopRequested(options.filesFrom !== '-');
  const session = new WatchSession(paths, listed, options, limits, io);
  try {
    await session.start();
    const why = await stop;
    io.stderr(`${WATCH_PREFIX} stopped (${why})\n`);
  } finally {
    await session.close();
  }
  return EXIT_OK;
}
