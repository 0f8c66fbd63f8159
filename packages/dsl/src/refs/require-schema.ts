import { z } from 'zod';
import { DslError } from '../errors.js';
import type { SourceLocation } from '../source-location.js';
import { firstNonJson } from './json-schema-check.js';

/**
 * zod 3 schemas (the `zod` 3.x package, or `zod/v3`) keep their definition in `_def`; zod 4 keeps it in `_zod.def`,
 * which is what agentflow reads to type references and bound payload sizes.
 */
function isZod3(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '_def' in value && !('_zod' in value);
}

/** Schemas already accepted: every ref of a step re-enters through `createRef`, the check runs once per schema. */
const accepted = new WeakSet<object>();

/**
 * Refuses anything but a zod 4 schema of JSON values where a builder takes one (workflow input, agent and model
 * output, task output, `set` schema, `s3Items` item), before any builder or pass reads its definition: a plain
 * object such as `{ type: 'object' }` would otherwise fail deep inside agentflow with a TypeError, and a `z.date()`
 * would be emitted as a JSON Schema that accepts anything. `owner` names the builder call (`Agent 'judge'`),
 * `root` the schema's place in it (`output`), which starts every path inside the schema (`output.when`).
 */
export function requireSchema(value: unknown, owner: string, root: string, loc?: SourceLocation): asserts value is z.ZodType {
  // Checked before anything else is computed: every reference a step hands out comes through here.
  if (typeof value === 'object' && value !== null && accepted.has(value)) return;
  const what = `${owner} ${root}`;
  const at = loc ? { loc } : {};
  if (isZod3(value)) {
    throw new DslError('zod-3-schema', `${what} is a zod 3 schema: agentflow needs zod 4 schemas.`, {
      ...at,
      hint: "Import z from 'zod' with zod 4 installed (pnpm add zod@^4), not from 'zod/v3' or a zod 3 package.",
    });
  }
  if (!(value instanceof z.ZodType)) {
    // A zod 4 schema from a second copy of zod (or zod/mini) lacks the methods agentflow calls on schemas.
    const foreign = typeof value === 'object' && value !== null && '_zod' in value;
    throw new DslError('not-a-zod-schema', `${what} is ${foreign ? 'a schema from another copy of zod (or zod/mini)' : describe(value)}, not a zod schema.`, {
      ...at,
      hint: foreign
        ? "Import z from 'zod' (zod 4, one copy in the project: check `pnpm why zod`)."
        : "Write a zod schema, e.g. z.object({ answer: z.string().max(2000) }) with z from 'zod', not a JSON Schema or plain object.",
    });
  }
  const found = firstNonJson(value, root);
  if (found) {
    const message =
      found.code === 'not-a-zod-schema'
        ? `${owner}: ${found.path} is not a zod schema.`
        : `${owner}: ${found.path} is ${found.what}, ${found.why ?? 'which has no JSON form, and every value a workflow passes (execution input, answers, task results, variables) is JSON'}.`;
    throw new DslError(found.code, message, { ...at, hint: found.hint });
  }
  accepted.add(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'a plain object';
  if (typeof value === 'function') return 'a function';
  return `a ${typeof value} (${typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value)})`;
}
