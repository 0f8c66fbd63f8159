import { ERR, StatesError } from './errors.js';

/** 256 KiB of UTF-8, the cap on a state's input, arguments, result and output (developer guide, "service-quotas"). */
export const PAYLOAD_LIMIT = 262_144;

/** Workflow variables: 10 MiB in all, per execution (developer guide, "workflow-variables"). */
export const VARIABLES_LIMIT = 10 * 1024 * 1024;

export function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/** UTF-8 size of a JSON text (the serialization is the expensive part; it is done once and reused for the history). */
export function textBytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A payload serialized once: its JSON text (for the history) and its UTF-8 size (for the limit and the trace). */
export interface Sized {
  readonly text: string;
  readonly bytes: number;
}

export function sized(value: unknown): Sized {
  const text = JSON.stringify(value) ?? 'null';
  return { text, bytes: textBytes(text) };
}

/** Raises the terminal `States.DataLimitExceeded` when a payload is over the cap. */
export function checkSized(payload: Sized, what: string, state: string): Sized {
  if (payload.bytes > PAYLOAD_LIMIT) throw overLimit(what, state, payload.bytes);
  return payload;
}

/** Serializes, checks and returns a payload. */
export function checkPayload(value: unknown, what: string, state: string): Sized {
  return checkSized(sized(value), what, state);
}

export function overLimit(what: string, state: string, bytes: number): StatesError {
  return new StatesError(ERR.DataLimit, `The ${what} of state '${state}' is ${bytes} bytes, over the ${PAYLOAD_LIMIT}-byte limit.`);
}
