import { UsageError } from '../errors.js';

/** An integer option within bounds, or a usage error naming the option. */
export function integerOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${value}'.`);
  }
  return Number(value);
}
