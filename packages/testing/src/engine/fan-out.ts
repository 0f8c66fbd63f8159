import { Cancelled } from './errors.js';

/**
 * Runs jobs at most `limit` at a time (0 = no limit) and settles with every result in order, or with the first
 * failure in virtual time. After a failure, `cancelled()` is true so the other jobs stop at their next state.
 */
export function fanOut<T>(count: number, limit: number, job: (index: number, cancelled: () => boolean) => Promise<T>): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const results = new Array<T>(count);
    let failed = false;
    let started = 0;
    let finished = 0;
    const cancelled = () => failed;
    const startNext = (): void => {
      if (failed || started >= count) return;
      const index = started++;
      job(index, cancelled).then(
        (value) => {
          results[index] = value;
          finished++;
          if (finished === count) resolve(results);
          else startNext();
        },
        (error: unknown) => {
          if (failed || error instanceof Cancelled) return;
          failed = true;
          reject(error);
        },
      );
    };
    if (count === 0) return resolve(results);
    const width = limit > 0 ? Math.min(limit, count) : count;
    for (let i = 0; i < width; i++) startNext();
  });
}
