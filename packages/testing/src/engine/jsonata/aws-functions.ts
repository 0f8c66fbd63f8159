/**
 * The JSONata functions Step Functions adds ($partition, $range, $hash, $random, $uuid, $parse) and the one it removes
 * ($eval), as bindings for `expression.evaluate(input, bindings)`; $now/$millis read the virtual clock.
 *
 * Source: https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html#jsonata-functions-provided-by-sfn
 * Each is documented as the JSONata equivalent of an intrinsic, whose input rules are at
 * https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html
 *
 * jsonata 2.0.6 calls a plain bound function with `this` = the context value and the evaluated arguments as they are:
 * no signature check, `undefined` passed through positionally, and a path result arrives unwrapped when it is a single
 * value. So arity and types are checked here.
 */
import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import { createRandom } from './random.js';

export interface AwsFunctionOptions {
  /** Source of `$random()` and `$uuid()`; pass `createRandom(seed)` for reproducible runs. */
  random: () => number;
  /** Epoch milliseconds of the virtual clock. */
  now: () => number;
  /** AWS partition of the simulated account (default 'aws'); no documented JSONata function reads it. */
  partition?: string;
}

type NativeFunction = (...args: unknown[]) => unknown;

const MAX_RANGE_ITEMS = 1000;

const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

// Formatting is delegated so `$now(picture, timezone)` matches the native $now exactly; variables (not the input) carry
// the values because a compiled expression shared by concurrent evaluations would otherwise share its `$` binding.
const fromMillis = jsonata('$fromMillis($ms, $picture, $timezone)');

export function awsFunctionBindings(options: AwsFunctionOptions): Record<string, unknown> {
  const clock = (name: string): number => {
    const ms = options.now();
    if (!Number.isFinite(ms)) fail(name, `the virtual clock returned ${String(ms)}, not epoch milliseconds`);
    return ms;
  };

  const functions: Record<string, NativeFunction> = {
    // Chunks of `size`, the last one possibly shorter; the size must be a positive integer (States.ArrayPartition).
    partition: (...args) => {
      arity('partition', args, 2, 2);
      const items = arrayArg('partition', args[0]);
      const size = integerArg('partition', 'chunk size', args[1]);
      if (size < 1) fail('partition', `chunk size must be a positive integer, got ${size}`);
      const chunks: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
      return chunks;
    },

    // start, start+step, … while not past `end` (inclusive); step ≠ 0, may be negative; ≤ 1000 items (States.ArrayRange).
    range: (...args) => {
      arity('range', args, 3, 3);
      const start = integerArg('range', 'start', args[0]);
      const end = integerArg('range', 'end', args[1]);
      const step = integerArg('range', 'step', args[2]);
      if (step === 0) fail('range', 'step must not be 0');
      const span = (end - start) / step;
      const count = span < 0 ? 0 : Math.floor(span) + 1;
      if (count > MAX_RANGE_ITEMS) {
        fail('range', `would produce ${count} items; Step Functions allows at most ${MAX_RANGE_ITEMS}`);
      }
      return Array.from({ length: count }, (_, i) => start + i * step);
    },

    // Hex digest of a string with MD5, SHA-1, SHA-256, SHA-384 or SHA-512 (States.Hash).
    hash: (...args) => {
      arity('hash', args, 2, 2);
      const [value, algorithm] = args;
      if (typeof value !== 'string') fail('hash', `the value to hash must be a string, got ${typeName(value)}`);
      const digest = typeof algorithm === 'string' ? HASH_ALGORITHMS[algorithm] : undefined;
      if (digest === undefined) {
        fail('hash', `algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}, got ${describe(algorithm)}`);
      }
      return createHash(digest).update(value, 'utf8').digest('hex');
    },

    // 0 ≤ n < 1; an optional integer seed gives the same number every time (States.MathRandom).
    random: (...args) => {
      arity('random', args, 0, 1);
      if (args[0] === undefined) return options.random();
      const seed = integerArg('random', 'seed', args[0]);
      // Folds the bits above 32 in, so seeds that differ only there still give different numbers.
      return createRandom((seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x9e3779b1))();
    },

    // A v4 UUID, no arguments (States.UUID); drawn from options.random so a seeded run repeats it.
    uuid: (...args) => {
      arity('uuid', args, 0, 0);
      const hex = Array.from({ length: 16 }, (_, i) => {
        let byte = Math.floor(options.random() * 256) & 0xff;
        if (i === 6) byte = (byte & 0x0f) | 0x40;
        if (i === 8) byte = (byte & 0x3f) | 0x80;
        return byte.toString(16).padStart(2, '0');
      }).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    },

    // Deserializes a JSON string; Step Functions' replacement for $eval.
    parse: (...args) => {
      arity('parse', args, 1, 1);
      const [text] = args;
      if (typeof text !== 'string') fail('parse', `argument must be a JSON string, got ${typeName(text)}`);
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        return fail('parse', `argument is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    // "$eval is not available—use $parse instead."
    eval: () => {
      throw new Error('$eval is not available in Step Functions; use $parse to deserialize a JSON string');
    },

    // JSONata's $now([picture [, timezone]]) on the virtual clock: ISO 8601 with milliseconds by default.
    now: (...args) => {
      arity('now', args, 0, 2);
      const [picture, timezone] = args;
      if (picture !== undefined && typeof picture !== 'string') fail('now', `picture must be a string, got ${typeName(picture)}`);
      if (timezone !== undefined && typeof timezone !== 'string') fail('now', `timezone must be a string, got ${typeName(timezone)}`);
      return fromMillis.evaluate(undefined, { ms: clock('now'), picture, timezone });
    },

    // JSONata's $millis() on the virtual clock.
    millis: (...args) => {
      arity('millis', args, 0, 0);
      return clock('millis');
    },
  };
  return functions;
}

function fail(name: string, message: string): never {
  throw new Error(`$${name}: ${message}`);
}

function arity(name: string, args: readonly unknown[], min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  const expected = min === max ? `${min}` : `${min} to ${max}`;
  fail(name, `expects ${expected} argument${max === 1 ? '' : 's'}, got ${args.length}`);
}

/** An array argument; any other single value is treated as a one-item array, as JSONata's `<a>` signatures do. */
function arrayArg(name: string, value: unknown): unknown[] {
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (value === undefined || typeof value === 'function') fail(name, `first argument must be an array, got ${typeName(value)}`);
  return [value];
}

/** AWS: "functions that require integer values as parameters will automatically round down any non-integer numbers". */
function integerArg(name: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(name, `${what} must be a number, got ${typeName(value)}`);
  return Math.floor(value);
}

function typeName(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : typeName(value);
}
