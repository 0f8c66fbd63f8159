import { DslError } from './errors.js';

/** A duration: whole seconds, or a record of units that add up. */
export type Duration = number | { readonly days?: number; readonly hours?: number; readonly minutes?: number; readonly seconds?: number };

/** Converts a duration to whole seconds, rejecting zero, negative and fractional values. */
export function toSeconds(duration: Duration, what: string): number {
  const seconds =
    typeof duration === 'number'
      ? duration
      : (duration.days ?? 0) * 86_400 + (duration.hours ?? 0) * 3_600 + (duration.minutes ?? 0) * 60 + (duration.seconds ?? 0);
  if (!Number.isInteger(seconds) || seconds <= 0) {
    throw new DslError('invalid-duration', `${what} must be a positive whole number of seconds, got ${JSON.stringify(duration)}.`, {
      hint: 'Use e.g. 300 or { minutes: 5 }.',
    });
  }
  return seconds;
}
