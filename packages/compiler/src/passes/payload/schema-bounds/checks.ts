import { z } from 'zod';

/** A check as zod stores it: a plain def plus the names of the classes it was built from. */
export interface CheckView {
  readonly def: Readonly<Record<string, unknown>> & { readonly check: string };
  readonly traits: ReadonlySet<string>;
}

interface Internals {
  readonly def: Record<string, unknown> & { readonly checks?: readonly { _zod: Internals }[] };
  readonly traits?: ReadonlySet<string>;
}

function internals(x: unknown): Internals {
  return (x as { _zod: Internals })._zod;
}

function view(x: unknown): CheckView {
  const zod = internals(x);
  return { def: zod.def as CheckView['def'], traits: zod.traits ?? new Set() };
}

/** Every check zod runs on the schema's output, in order: a format schema (`z.uuid()`) is its own first check. */
export function checksOf(schema: z.core.$ZodType): readonly CheckView[] {
  const zod = internals(schema);
  const own = zod.traits?.has('$ZodCheck') ? [view(schema)] : [];
  return [...own, ...(zod.def.checks ?? []).map(view)];
}

/**
 * A check rewrites the value when it is `.overwrite()` (`.trim()`, `.toLowerCase()`, `.normalize()` …; the function
 * is opaque, and upper-casing or NFKC can lengthen a string) or `z.url({ normalize: true })` (the value becomes
 * `url.href`, percent-encoded). A plain `.url()` only trims and drops tabs and newlines, so it never lengthens.
 */
function rewritesValue(check: CheckView): boolean {
  if (check.def.check === 'overwrite') return true;
  return check.traits.has('$ZodURL') && check.def['normalize'] === true;
}

/** Checks run in order; only those after the last rewriting check constrain the output. */
export function effectiveChecks(schema: z.core.$ZodType): readonly CheckView[] {
  const all = checksOf(schema);
  let start = 0;
  all.forEach((check, index) => {
    if (rewritesValue(check)) start = index + 1;
  });
  return all.slice(start);
}

/** zod gives size and length checks a default `when` (run on any value with a length); learn those functions. */
const DEFAULT_WHEN: ReadonlyMap<string, unknown> = new Map(
  [z.string().max(1), z.string().length(1), z.set(z.never()).max(1), z.set(z.never()).size(1)].map((schema) => {
    const check = checksOf(schema).at(-1)!;
    return [check.def.check, check.def['when']] as const;
  }),
);

/** A check with a custom `when` may be skipped, so it bounds nothing. */
export function isUnconditional(check: CheckView): boolean {
  const when = check.def['when'];
  const standard = DEFAULT_WHEN.get(check.def.check);
  // Schemas built by another copy of zod (a workflow loaded in its own module graph) carry that copy's default
  // function: the same source text, another identity.
  return when === undefined || standard === when || (typeof when === 'function' && typeof standard === 'function' && String(when) === String(standard));
}

/** True when a check hands zod a new value (`.overwrite()`, `.trim()`, `z.url({ normalize: true })` …). */
export function hasRewrite(schema: z.core.$ZodType): boolean {
  return checksOf(schema).some(rewritesValue);
}

/** True when any refinement (`.refine()`, `.superRefine()`, `.check()`) may reject the value a rule calls maximal. */
export function hasRefinement(schema: z.core.$ZodType): boolean {
  return checksOf(schema).some((check) => check.def.check === 'custom');
}

function smallest(checks: readonly CheckView[], fields: Readonly<Record<string, string>>): number {
  let limit = Infinity;
  for (const check of checks) {
    const field = fields[check.def.check];
    if (field === undefined || !isUnconditional(check)) continue;
    const value = check.def[field];
    if (typeof value === 'number' && value >= 0) limit = Math.min(limit, Math.floor(value));
  }
  return limit;
}

/** The largest length the checks allow (code points for strings in zod 4.6, items for arrays); Infinity when none. */
export function maxLength(checks: readonly CheckView[]): number {
  return smallest(checks, { max_length: 'maximum', length_equals: 'length' });
}

/** The largest `.size` the checks allow (sets, maps); Infinity when none. */
export function maxSize(checks: readonly CheckView[]): number {
  return smallest(checks, { max_size: 'maximum', size_equals: 'size' });
}
