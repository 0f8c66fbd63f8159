import jsonata from 'jsonata';
import { queryError, SimulationSetupError, type Site } from '../errors.js';

/** `{% expr %}`: a whole string value is one JSONata expression (ASL spec, "JSONata"). */
const EXPRESSION = /^\{%([\s\S]*)%\}$/;

export function expressionOf(value: string): string | undefined {
  const match = EXPRESSION.exec(value);
  return match ? match[1] : undefined;
}

type Compiled = ReturnType<typeof jsonata>;
const cache = new Map<string, Compiled | Error>();

/** Compiles (once per source text) an expression; a syntax error is a definition error, as AWS rejects the definition. */
export function compile(source: string): Compiled {
  let compiled = cache.get(source);
  if (compiled === undefined) {
    try {
      compiled = jsonata(source);
    } catch (error) {
      compiled = new SimulationSetupError(`The JSONata expression '${source.trim()}' does not parse: ${messageOf(error)}`, 'AWS rejects such a definition when it is created.');
    }
    cache.set(source, compiled);
  }
  if (compiled instanceof Error) throw compiled;
  return compiled;
}

/**
 * Evaluates one expression with `$states` and the variables bound. Any failure, and a result of nothing, is
 * `States.QueryEvaluationError` naming the field (`Output/v`) as AWS does (REC/assign/test_assign_reference_variables).
 */
export async function evaluateExpression(source: string, bindings: Record<string, unknown>, site: Site, field: string): Promise<unknown> {
  const compiled = compile(source);
  const expr = source.trim();
  let value: unknown;
  try {
    value = await compiled.evaluate(undefined, bindings);
  } catch (error) {
    throw queryError(site, field, `The JSONata expression '${expr}' specified for the field '${field}' failed: ${messageOf(error)}`);
  }
  if (value === undefined) {
    throw queryError(site, field, `The JSONata expression '${expr}' specified for the field '${field}' returned nothing (undefined).`);
  }
  if (typeof value === 'function') {
    throw queryError(site, field, `The JSONata expression '${expr}' specified for the field '${field}' returned a function, not JSON.`);
  }
  return plainJson(value);
}

/** JSONata marks the arrays it builds (`sequence`, `keepSingleton` …); a state's data is plain JSON, as on AWS. */
function plainJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const marked = value as unknown[] & { sequence?: unknown; keepSingleton?: unknown; outerWrapper?: unknown; tupleStream?: unknown };
    const out = marked.sequence !== undefined || marked.keepSingleton !== undefined || marked.outerWrapper !== undefined || marked.tupleStream !== undefined ? Array.from(marked) : marked;
    for (let i = 0; i < out.length; i++) {
      const item = out[i];
      if (item !== null && typeof item === 'object') {
        const clean = plainJson(item);
        if (clean !== item) out[i] = clean;
      }
    }
    return out;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (item !== null && typeof item === 'object') {
      const clean = plainJson(item);
      if (clean !== item) record[key] = clean;
    }
  }
  return record;
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; code?: unknown };
    const code = typeof e.code === 'string' ? `${e.code} ` : '';
    return `${code}${String(e.message ?? error)}`;
  }
  return String(error);
}
