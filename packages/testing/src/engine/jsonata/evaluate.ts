import jsonata from 'jsonata';
import { ERR, StatesError } from '../errors.js';

/** `{% expr %}`: a whole string value is one JSONata expression (ASL spec, "JSONata"). */
const EXPRESSION = /^\{%([\s\S]*)%\}$/;

export function expressionOf(value: string): string | undefined {
  const match = EXPRESSION.exec(value);
  return match ? match[1] : undefined;
}

type Compiled = ReturnType<typeof jsonata>;
const cache = new Map<string, Compiled | StatesError>();

function compile(source: string): Compiled {
  let compiled = cache.get(source);
  if (compiled === undefined) {
    try {
      compiled = jsonata(source);
    } catch (error) {
      compiled = new StatesError(ERR.QueryEvaluation, `The JSONata expression '${source.trim()}' does not parse: ${messageOf(error)}`);
    }
    cache.set(source, compiled);
  }
  if (compiled instanceof StatesError) throw compiled;
  return compiled;
}

/**
 * Evaluates one expression with `$states` and the variables bound. Any failure, and a result of nothing where a
 * value is required, is `States.QueryEvaluationError` naming the field.
 */
export async function evaluateExpression(source: string, bindings: Record<string, unknown>, where: string, allowUndefined = false): Promise<unknown> {
  const compiled = compile(source);
  let value: unknown;
  try {
    value = await compiled.evaluate(undefined, bindings);
  } catch (error) {
    throw new StatesError(ERR.QueryEvaluation, `${where}: the JSONata expression '${source.trim()}' failed: ${messageOf(error)}`);
  }
  if (value === undefined && !allowUndefined) {
    throw new StatesError(ERR.QueryEvaluation, `${where}: the JSONata expression '${source.trim()}' returned nothing (undefined).`);
  }
  if (typeof value === 'function') {
    throw new StatesError(ERR.QueryEvaluation, `${where}: the JSONata expression '${source.trim()}' returned a function, not JSON.`);
  }
  return value;
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; code?: unknown; position?: unknown };
    const code = typeof e.code === 'string' ? `${e.code} ` : '';
    return `${code}${String(e.message ?? error)}`;
  }
  return String(error);
}
