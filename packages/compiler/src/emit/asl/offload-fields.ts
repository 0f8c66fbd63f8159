import type { Expr, RefExpr } from '@agentflow/dsl';
import { containsPointer, POINTER_FIELD } from '../../passes/payload/pointer.js';
import type { EmitContext } from './emit-context.js';
import { executionField, jsonata, stringLiteral, type ExprContext } from './jsonata.js';
import { withIterations } from './iteration-keys.js';

/**
 * Where a producer's offloaded value goes: `<prefix>/<execution name>/<step id>[/<iteration>…].json` (`suffix` ''
 * for a Distributed Map's ResultWriter prefix), so keys are scoped per execution (and IAM can be scoped to the
 * prefix), and neither map iterations nor loop rounds share one:
 * a later round never overwrites an object an earlier round's value still points to, while a retry of the same
 * invocation writes the same key. `<iteration>` is the index of each enclosing map and the round of each enclosing
 * loop of the producer, outermost first, as the state being emitted sees them (the producer's scopes enclose it).
 */
export function objectKeyExpr(stepId: string, ctx: EmitContext, exprs: ExprContext, lead = '', suffix = '.json'): string {
  const head = [stringLiteral(`${lead}${ctx.offload!.prefix}/`), executionField('Name', exprs)];
  return `{% ${withIterations(head, `/${stepId}`, ctx.enclosingOf(stepId), '/', exprs, suffix)} %}`;
}

/** `<…>/<step>.json` → `<…>/<step>/<field>.json`: where an offloaded array field is written on its own. */
export function arrayKeyExpr(keyExpr: string, field: string): string {
  return keyExpr.replace(/\.json' %\}$/, `/${field}.json' %}`);
}

function readsS3(expr: Expr): boolean {
  return expr.kind === 'ref' && (expr.inS3 !== undefined || containsPointer(expr.schema));
}

/**
 * A prompt that splices offloaded values becomes `inputParts`: text, plus `{ expand, path }` parts the adapter
 * replaces with the S3 objects they point to. Prompts without offloaded values stay one `inputText` string.
 */
export function promptParts(prompt: Expr, ctx: EmitContext, exprs: ExprContext): unknown[] | undefined {
  const parts = prompt.kind === 'template' ? prompt.parts : [prompt];
  if (!parts.some((p) => typeof p !== 'string' && readsS3(p))) return undefined;
  const out: unknown[] = [];
  let run: (string | Expr)[] = [];
  // Text between offloaded parts stays one string, as in `inputText`.
  const flush = () => {
    if (run.length > 0) out.push(ctx.json(run.length === 1 && typeof run[0] === 'string' ? { kind: 'literal', value: run[0] } : { kind: 'template', parts: run }, exprs));
    run = [];
  };
  for (const part of parts) {
    if (typeof part === 'string' || !readsS3(part)) {
      run.push(part);
      continue;
    }
    flush();
    if (part.kind === 'ref' && part.inS3) {
      // Only the pointer travels: the pointer object also holds the inline fields, which the S3 object has anyway.
      const uri: RefExpr = { ...part, path: [...part.path.slice(0, part.path.length - part.inS3.path.length), POINTER_FIELD], inS3: undefined };
      out.push({ expand: `{% {${stringLiteral(POINTER_FIELD)}: ${jsonata(uri, exprs)}} %}`, ...(part.inS3.path.length ? { path: [...part.inS3.path] } : {}) });
    } else {
      out.push({ expand: `{% ${jsonata(part, exprs)} %}` });
    }
  }
  flush();
  return out;
}
