import { z } from 'zod';
import type { RefExpr, Step } from '@agentflow/dsl';
import { jsonata, stringLiteral, type ExprContext } from './jsonata.js';

/** A map or loop around a step: each of its iterations (or rounds) runs the step again. */
export interface Enclosing {
  readonly kind: 'map' | 'loop';
  readonly id: string;
}

/** The maps and loops among a step's ancestors, outermost first. */
export function enclosingOf(ancestors: readonly Step[]): Enclosing[] {
  return ancestors.flatMap((s) => (s.kind === 'map' || s.kind === 'loop' ? [{ kind: s.kind, id: s.id }] : []));
}

/** What a map index or loop round is (one schema for all: zod schemas are immutable, and costly to build). */
const INDEX_SCHEMA = z.number();

/**
 * The current iteration of `scope` as JSONata: the map index, or the loop's round counting from 0 (read through the
 * loop's counter, so after the loop's last check, where the counter already names the next round, it is one less).
 */
function iterationOf(scope: Enclosing, exprs: ExprContext): string {
  const root = scope.kind === 'map' ? ({ kind: 'map-index', mapId: scope.id } as const) : ({ kind: 'loop-iteration', loopId: scope.id } as const);
  const ref: RefExpr = { kind: 'ref', root, path: [], schema: INDEX_SCHEMA };
  return jsonata(ref, exprs);
}

/**
 * A JSONata string expression (without `{% %}`): `lead` (JSONata parts, joined by `&`), then `text`, then for each
 * enclosing scope `separator` and its iteration, then `tail`. The same step in different iterations or rounds gets a
 * different string, and a retry of one invocation the same one.
 */
export function withIterations(lead: readonly string[], text: string, scopes: readonly Enclosing[], separator: string, exprs: ExprContext, tail = ''): string {
  const parts = [...lead];
  let literal = text;
  for (const scope of scopes) {
    parts.push(stringLiteral(`${literal}${separator}`), iterationOf(scope, exprs));
    literal = '';
  }
  if (literal + tail) parts.push(stringLiteral(literal + tail));
  return parts.join(' & ');
}
