import { Cancelled } from './errors.js';

/**
 * Runs jobs at most `limit` at a time (0 = no limit) and settles with every result in order, or with the first
 * failure in virtual time. On that failure `onFail` runs at once (the caller stops the running jobs) and no further
 * job starts.
 */
export function fanOut<T>(count: number, limit: number, job: (index: number) => Promise<T>, onFail?: (error: unknown) => void): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const results = new Array<T>(count);
    let failed = false;
    let started = 0;
    let finished = 0;
    const startNext = (): void => {
      if (failed || started >= count) return;
      const index = started++;
      job(index).then(
        (value) => {
          if (failed) return;
          results[index] = value;
          finished++;
          if (finished === count) resolve(results);
          else startNext();
        },
        (error: unknown) => {
          if (failed || error instanceof Cancelled) return;
          failed = true;
          try {
            onFail?.(error);
          } catch (abortError) {
            // The history limit can be reached while recording the aborts: that error wins.
            reject(abortError);
            return;
          }
          reject(error);
        },
      );
    };
    if (count === 0) return resolve(results);
    const width = limit > 0 ? Math.min(limit, count) : count;
    for (let i = 0; i < width; i++) startNext();
  });
}
