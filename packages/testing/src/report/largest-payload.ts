import type { SimulationResult } from '../types.js';

/**
 * The largest payload a run carried, in UTF-8 bytes: the biggest state input, arguments, result or output in its
 * trace — what Step Functions' 256 KiB limit applies to. Assert it stays under the limit with maximal answers.
 */
export function largestPayload(run: Pick<SimulationResult, 'trace'>): number {
  let largest = 0;
  for (const entry of run.trace) if (entry.maxBytes > largest) largest = entry.maxBytes;
  return largest;
}
