/**
 * mulberry32: a tiny deterministic PRNG, so seeded runs replay the same `$random()` / `$uuid()` values.
 * Not cryptographically secure (neither is States.MathRandom).
 */
export function createRandom(seed: number): () => number {
  if (!Number.isFinite(seed)) throw new RangeError(`createRandom: seed must be a finite number, got ${String(seed)}`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
