import { fstatSync } from 'node:fs';

/**
 * Resolves when the watcher should end: on SIGINT (Ctrl-C) or SIGTERM, and when standard input is a pipe that
 * reaches its end — the process that started the watcher (an editor task, a dev server) is gone, as with esbuild's
 * `--watch`. A terminal, a file or /dev/null on standard input does not end it, so `… --watch < /dev/null &` keeps
 * running. `watchStdin` is false when standard input carries the --files-from list.
 */
export function stopRequested(watchStdin: boolean): Promise<string> {
  return new Promise((resolve) => {
    const stop = (why: string) => {
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      resolve(why);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt).on('SIGTERM', onTerm);
    if (watchStdin && stdinIsPipe()) {
      process.stdin.on('end', () => stop('end of standard input')).on('error', () => undefined);
      process.stdin.resume();
    }
  });
}

function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
