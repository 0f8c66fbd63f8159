import type { AgentCache } from '../ir/nodes.js';
import { toSeconds, type Duration } from '../duration.js';
import { DslError } from '../errors.js';
import type { SourceLocation } from '../source-location.js';
import { isStringExpr, toExpr, type TextInput } from '../refs/value.js';
import type { Expr } from '../ir/expr.js';

/** Caches an agent's answers in a DynamoDB table (docs/agent-cache.md). */
export interface AgentCacheOptions {
  /** Logical table name, mapped to the table by the environment's `tables:` in agentflow.config.yaml. */
  readonly table: string;
  /**
   * What identifies an answer (default: the prompt). Include everything that changes the answer; the agent, its
   * alias and its output schema are always added, and the whole is hashed (SHA-256), so any length fits the table's key.
   */
  readonly key?: TextInput;
  /** How long a stored answer is used. Expired items are ignored even before DynamoDB deletes them. */
  readonly ttl: Duration;
  /** The table's partition key attribute, a string (default `key`). */
  readonly keyAttribute?: string;
  /** The attribute the table's TTL setting watches: epoch seconds, a Number (default `expiresAt`). */
  readonly ttlAttribute?: string;
}

/** The attribute that holds the stored answer (`{"answer": …}` as JSON text). */
export const CACHE_VALUE_ATTRIBUTE = 'answer';

/** DynamoDB attribute names are 1 to 255 bytes of UTF-8. */
function attributeName(value: unknown, what: string, fallback: string, loc: SourceLocation | undefined): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '' || new TextEncoder().encode(value).length > 255) {
    throw new DslError('invalid-cache', `cache.${what} must be a DynamoDB attribute name of 1 to 255 bytes, got ${JSON.stringify(value)}.`, { loc });
  }
  return value;
}

export function agentCache(options: AgentCacheOptions, stepId: string, loc: SourceLocation | undefined): AgentCache {
  if (typeof options !== 'object' || options === null) throw new DslError('invalid-cache', `Step '${stepId}': cache must be { table, ttl, key? }.`, { loc });
  if (typeof options.table !== 'string' || options.table === '') {
    throw new DslError('invalid-cache', `Step '${stepId}': cache.table must be the logical name of a table from agentflow.config.yaml.`, {
      loc,
      hint: "e.g. cache: { table: 'agent-cache', ttl: { hours: 24 } }, with tables: { agent-cache: <table name> } in the environment.",
    });
  }
  if (options.ttl === undefined) {
    throw new DslError('invalid-cache', `Step '${stepId}': cache.ttl is required: how long a stored answer may be used.`, { loc, hint: 'e.g. ttl: { hours: 24 }' });
  }
  const keyAttribute = attributeName(options.keyAttribute, 'keyAttribute', 'key', loc);
  const ttlAttribute = attributeName(options.ttlAttribute, 'ttlAttribute', 'expiresAt', loc);
  const names = [keyAttribute, ttlAttribute, CACHE_VALUE_ATTRIBUTE];
  if (new Set(names).size !== names.length) {
    throw new DslError('invalid-cache', `Step '${stepId}': cache.keyAttribute, cache.ttlAttribute and the answer attribute ('${CACHE_VALUE_ATTRIBUTE}') must differ.`, { loc });
  }
  let ttlSeconds: number;
  try {
    ttlSeconds = toSeconds(options.ttl, `step '${stepId}' cache.ttl`);
  } catch (error) {
    throw error instanceof DslError ? new DslError('invalid-cache', error.message, { loc, hint: 'e.g. ttl: { hours: 24 }' }) : error;
  }
  return Object.freeze({
    table: options.table,
    key: options.key === undefined ? undefined : textKey(toExpr(options.key, `step '${stepId}' cache.key`)),
    ttlSeconds,
    keyAttribute,
    ttlAttribute,
    loc,
  });
}

/** A key is text; any other value is spliced as its JSON text, as a template would. */
function textKey(expr: Expr): Expr {
  return isStringExpr(expr) ? expr : { kind: 'template', parts: [expr] };
}
