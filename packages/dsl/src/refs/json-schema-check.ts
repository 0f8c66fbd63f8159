import { z } from 'zod';

/**
 * Every value a workflow handles is JSON: the execution input, an agent's answer (checked by the adapter against
 * the JSON Schema zod emits for the output schema), a service's response, a variable. A zod type with no JSON form
 * would be typed one way and arrive another, and zod's JSON Schema writes it as `{}` (anything goes), or, for
 * `z.never()`, as a schema no answer satisfies. This is the one walk that finds such types, wherever a schema enters.
 */
type DefType = z.core.$ZodTypeDef['type'];

interface NotJson {
  readonly what: string;
  /** Why it cannot work, when that is not simply that JSON has no such value. */
  readonly why?: string;
  readonly hint: string;
}

/** What walking a def type does: a JSON leaf, a structure to descend into, or a type with no JSON form. */
type Kind = 'leaf' | 'walk' | NotJson;

const notJson = (what: string, hint: string, why?: string): NotJson => ({ what, hint, ...(why ? { why } : {}) });
const UNDEFINED = notJson('z.undefined()', 'Make the field optional instead (z.string().optional()), or use z.null().');

/** One entry per zod 4 def type: a type a newer zod adds fails to compile here until it is classified. */
const KINDS: { readonly [K in DefType]: Kind } = {
  string: 'leaf',
  template_literal: 'leaf',
  number: 'leaf',
  int: 'leaf',
  boolean: 'leaf',
  null: 'leaf',
  enum: 'leaf',
  any: 'leaf',
  unknown: 'leaf',
  literal: 'walk',
  object: 'walk',
  array: 'walk',
  tuple: 'walk',
  record: 'walk',
  union: 'walk',
  intersection: 'walk',
  optional: 'walk',
  nullable: 'walk',
  default: 'walk',
  prefault: 'walk',
  catch: 'walk',
  readonly: 'walk',
  nonoptional: 'walk',
  pipe: 'walk',
  lazy: 'walk',
  date: notJson('z.date()', "Use z.iso.datetime() (an ISO 8601 string) or z.string(); JSON has no dates."),
  map: notJson('z.map()', 'Use z.record(z.string(), <value schema>), a JSON object.'),
  set: notJson('z.set()', 'Use z.array(<item schema>), a JSON array.'),
  bigint: notJson('z.bigint()', 'Use z.number().int() (exact up to 2^53) or a z.string() of digits.'),
  nan: notJson('z.nan()', 'JSON has no NaN: use z.number(), or z.null() for a missing number.'),
  symbol: notJson('z.symbol()', 'Leave it out: JSON has no symbols.'),
  undefined: UNDEFINED,
  void: UNDEFINED,
  function: notJson('z.function()', 'Leave it out: JSON holds data, not functions.'),
  promise: notJson('z.promise()', 'Describe the value itself: z.promise(s) becomes s.'),
  file: notJson('z.file()', 'Use z.string() (e.g. base64 content) or the S3 key of the file.'),
  custom: notJson('z.custom()/z.instanceof()', 'Describe the value with zod types (z.object, z.string, ...), with .refine() for further checks.'),
  transform: notJson(
    'a .transform()',
    'Describe the JSON value as it arrives, and derive the other value in a step.',
    'which never runs: nothing parses the workflow\'s values with zod, so the value keeps its JSON form',
  ),
  success: notJson('z.success()', 'Describe the value itself.', 'which never runs: nothing parses the workflow\'s values with zod, so the value is never turned into a boolean'),
  never: notJson('z.never()', 'Remove the field (the emitted schema already rejects keys an object does not declare).', 'which no value matches: an agent could never answer, nor a caller start the workflow'),
};

export interface SchemaFinding {
  readonly code: 'schema-not-json' | 'not-a-zod-schema';
  /** Where in the schema, e.g. `output.when`, `output.items[]`, `input.scores[*]`, `output.pair[1]`. */
  readonly path: string;
  readonly what: string;
  readonly why?: string;
  readonly hint: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const member = (key: string) => (IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/**
 * A path kept as links to its parent and spelled out only for a finding: deep schemas stay linear. An object field
 * keeps its key and is spelled as `.key` or `["key"]` only then, as every schema a build creates is walked.
 */
interface Path {
  readonly parent: Path | undefined;
  readonly part: string;
  readonly field?: string;
}

function spell(path: Path): string {
  const parts: string[] = [];
  for (let p: Path | undefined = path; p; p = p.parent) parts.push(p.field === undefined ? p.part : member(p.field));
  return parts.reverse().join('');
}

/**
 * The first part of `root` (in source order) with no JSON form, or a nested value that is not a zod schema.
 * Iterative, and each schema instance is visited once, so recursive (`z.lazy`) and deep schemas are fine.
 */
export function firstNonJson(root: z.ZodType, rootPath: string): SchemaFinding | undefined {
  const seen = new Set<unknown>();
  // Schemas and their paths side by side: builders create schemas per step (a `set` value's), all walked here.
  const schemas: unknown[] = [root];
  const paths: Path[] = [{ parent: undefined, part: rootPath }];
  while (schemas.length > 0) {
    const schema = schemas.pop();
    const at = paths.pop()!;
    if (seen.has(schema)) continue;
    seen.add(schema);
    if (!(schema instanceof z.ZodType)) {
      return { code: 'not-a-zod-schema', path: spell(at), what: 'not a zod schema', hint: "Build every part of a schema with z from 'zod' (zod 4)." };
    }
    const def = (schema as unknown as { _zod: { def: { type: DefType } & Record<string, unknown> } })._zod.def;
    const kind: Kind | undefined = KINDS[def.type];
    if (kind === undefined) return { code: 'schema-not-json', path: spell(at), what: `z.${String(def.type)}()`, hint: 'agentflow does not know this zod type; describe the value with z.object, z.string, z.number, z.array, ...' };
    if (kind === 'leaf') continue;
    if (kind !== 'walk') return { code: 'schema-not-json', path: spell(at), ...kind };
    if (def.type === 'literal') {
      const values = def['values'] as unknown[];
      const index = values.findIndex((v) => typeof v === 'bigint' || v === undefined);
      const literal = values[index];
      if (index >= 0) return { code: 'schema-not-json', path: spell(at), what: `z.literal(${String(literal)}${typeof literal === 'bigint' ? 'n' : ''})`, hint: 'Use a string, number, boolean or null literal.' };
      continue;
    }
    pushChildren(schema, def, at, schemas, paths);
  }
  return undefined;
}

function isNever(schema: unknown): boolean {
  return schema instanceof z.ZodType && (schema as unknown as { _zod: { def: { type: string } } })._zod.def.type === 'never';
}

/**
 * Pushes a schema's children, last first, so the first one in source order is popped first. A child's path part is
 * '' when it adds nothing to the path. z.never() is skipped where it is fine because the value may simply not occur
 * (`emptyOk`): no items (`z.array(z.never()).max(0)` is the schema of an empty list literal), no other keys
 * (z.strictObject()), a key that must be absent, a union option that never matches.
 */
function pushChildren(schema: z.ZodType, def: { type: DefType } & Record<string, unknown>, at: Path, schemas: unknown[], paths: Path[]): void {
  switch (def.type) {
    case 'object': {
      const catchall = def['catchall'];
      if (catchall !== undefined) pushChild(schemas, paths, at, catchall, '[*]', true);
      const shape = def['shape'] as Record<string, unknown>;
      const keys = Object.keys(shape);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        schemas.push(shape[key]);
        paths.push({ parent: at, part: '', field: key });
      }
      return;
    }
    case 'array':
      return pushChild(schemas, paths, at, def['element'], '[]', true);
    case 'tuple': {
      if (def['rest']) pushChild(schemas, paths, at, def['rest'], '[]', true);
      const items = def['items'] as unknown[];
      for (let i = items.length - 1; i >= 0; i--) pushChild(schemas, paths, at, items[i], `[${i}]`, false);
      return;
    }
    case 'record':
      return pushChild(schemas, paths, at, def['valueType'], '[*]', true);
    case 'union': {
      const options = def['options'] as unknown[];
      for (let i = options.length - 1; i >= 0; i--) pushChild(schemas, paths, at, options[i], '', true);
      return;
    }
    case 'intersection':
      pushChild(schemas, paths, at, def['right'], '', false);
      return pushChild(schemas, paths, at, def['left'], '', false);
    case 'pipe':
      // What the value is once parsed, as zod's JSON Schema (output) describes it; `.transform()` ends up here.
      return pushChild(schemas, paths, at, def['out'], '', false);
    case 'lazy':
      // zod resolves a lazy schema once and caches it: the same instance each time, so recursion ends at `seen`.
      return pushChild(schemas, paths, at, (schema._zod as unknown as { innerType: unknown }).innerType, '', false);
    default:
      return pushChild(schemas, paths, at, def['innerType'], '', def.type === 'optional' || def.type === 'nullable');
  }
}

function pushChild(schemas: unknown[], paths: Path[], at: Path, child: unknown, part: string, emptyOk: boolean): void {
  if (emptyOk && isNever(child)) return;
  schemas.push(child);
  paths.push(part === '' ? at : { parent: at, part });
}
