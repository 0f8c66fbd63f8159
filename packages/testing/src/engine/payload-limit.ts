import { ERR, StatesError } from './errors.js';

/** 256 KiB of UTF-8, the cap on a state's input, arguments, result and output (asl-facts §7). */
export const PAYLOAD_LIMIT = 262_144;

export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/** Raises the terminal `States.DataLimitExceeded` when a value is over the cap; returns its size. */
export function checkPayload(value: unknown, what: string, state: string): number {
  const bytes = jsonBytes(value);
  if (bytes > PAYLOAD_LIMIT) {
    throw new StatesError(ERR.DataLimit, `The ${what} of state '${state}' is ${bytes} bytes, over the ${PAYLOAD_LIMIT}-byte limit.`);
  }
  return bytes;
}
