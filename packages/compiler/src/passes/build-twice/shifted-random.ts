/**
 * The second build must not draw the same random numbers as the first by chance (a body using `Math.random()` would
 * then pass the determinism check now and then): the first build's draws are recorded, and the second build gets each
 * of them moved by half the range. `Math.floor(r * k)` then differs for every k ≥ 2, and `r < t` flips for t = 0.5.
 */
export function recordRandom<T>(run: () => T): { readonly value: T; readonly draws: readonly number[] } {
  const real = Math.random;
  const draws: number[] = [];
  Math.random = () => {
    const r = real();
    draws.push(r);
    return r;
  };
  try {
    return { value: run(), draws };
  } finally {
    Math.random = real;
  }
}

/** Runs `run` with `Math.random()` returning the recorded draws shifted by 0.5 (mod 1), then fresh numbers. */
export function withShiftedRandom<T>(draws: readonly number[], run: () => T): T {
  const real = Math.random;
  let i = 0;
  Math.random = () => (i < draws.length ? (draws[i++]! + 0.5) % 1 : real());
  try {
    return run();
  } finally {
    Math.random = real;
  }
}
