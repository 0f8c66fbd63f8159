/**
 * A clock far enough ahead that every calendar field differs (year, month, day, hour, minute, second, millisecond):
 * a body that bakes in "today", the hour or a timestamp builds differently under it, even when both builds run
 * within the same millisecond.
 */
const SHIFT_MS = ((400 * 24 + 1) * 3600 + 61) * 1000 + 1;

/** Runs `run` (synchronously) with `Date.now()`, `new Date()` and `Date()` reading the shifted clock; restores `Date` after. */
export function withShiftedClock<T>(run: () => T): T {
  const RealDate = globalThis.Date;
  const now = () => RealDate.now() + SHIFT_MS;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget) as object,
    apply: () => new RealDate(now()).toString(),
    get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
  });
  try {
    return run();
  } finally {
    globalThis.Date = RealDate;
  }
}
