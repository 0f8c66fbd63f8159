import { UsageError } from '../errors.js';

/** How long one workflow file may take to load and build, and how much heap its thread may use. */
export interface ContainmentLimits {
  readonly timeLimitSeconds: number;
  readonly memoryLimitMb: number;
}

/**
 * Loading and building a workflow takes milliseconds; 30 s only stops code that would never finish, with room for
 * a slow machine. 2 GiB is far above what any workflow needs and below what makes a developer machine swap.
 */
export const DEFAULT_LIMITS: ContainmentLimits = { timeLimitSeconds: 30, memoryLimitMb: 2048 };

/** The limits from the command line (`--time-limit <seconds>`, `--memory-limit <MiB>`), checked. */
export function containmentLimits(options: { readonly timeLimit?: string; readonly memoryLimit?: string }): ContainmentLimits {
  return {
    timeLimitSeconds: positive(options.timeLimit, '--time-limit', 'seconds', DEFAULT_LIMITS.timeLimitSeconds, 24 * 3600),
    memoryLimitMb: positive(options.memoryLimit, '--memory-limit', 'MiB', DEFAULT_LIMITS.memoryLimitMb, 1 << 20),
  };
}

function positive(text: string | undefined, option: string, unit: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0) || n > max) {
    throw new UsageError(`${option} must be a positive number of ${unit} (at most ${max}), not '${text}'.`, `e.g. ${option} ${fallback}`);
  }
  return n;
}
