import type { Expr, RefExpr, Step, WorkflowNode } from '@agentflow/dsl';
import { isCondition, refsOf } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import { stepExprs } from '../step-exprs.js';
import type { Alias } from './aliases.js';
import { compareCodePoints } from '../../text/compare-code-points.js';

/**
 * Agent prompts (and vote proposals) reach the adapter, and approval messages the responder: both read offloaded
 * values back from S3 (`inputParts` / `messageParts`), a bare reference as well as one spliced into text.
 */
const ADAPTER_ROLES = new Set(['prompt', 'proposal', 'message']);

/**
 * References whose exact value a state needs inline: conditions, map items and JSON values handed to services.
 * Text spliced into a template can carry an `s3://…` location instead, and adapter prompts are dereferenced.
 */
export function inlineDemands(workflow: WorkflowNode, readsFromS3: ReadonlySet<string> = new Set()): RefExpr[] {
  const out: RefExpr[] = [];
  const visit = (expr: Expr, asText: boolean) => {
    switch (expr.kind) {
      case 'ref':
        if (!asText) out.push(expr);
        break;
      case 'template':
        for (const p of expr.parts) if (typeof p !== 'string') visit(p, true);
        break;
      case 'record':
        for (const [, v] of expr.fields) visit(v, false);
        break;
      case 'list':
        expr.items.forEach((i) => visit(i, false));
        break;
      case 'jsonata':
        expr.args.forEach((a) => visit(a, asText));
        break;
      case 'or-else':
        // `$exists` must see the value itself: an S3 location in its place would always exist.
        visit(expr.value, false);
        visit(expr.fallback, asText);
        break;
      default:
        if (isCondition(expr)) out.push(...refsOf(expr));
    }
  };
  // In an adapter prompt only `orElse` needs its value inline: the adapter expands S3 parts, but `$exists` is
  // evaluated before, in the state, where an offloaded field is missing (or an always-present S3 location).
  const visitOrElse = (expr: Expr) => {
    switch (expr.kind) {
      case 'or-else':
        visit(expr, true);
        break;
      case 'template':
        for (const p of expr.parts) if (typeof p !== 'string') visitOrElse(p);
        break;
      case 'record':
        for (const [, v] of expr.fields) visitOrElse(v);
        break;
      case 'list':
        expr.items.forEach(visitOrElse);
        break;
      case 'jsonata':
        expr.args.forEach(visitOrElse);
        break;
    }
  };
  eachStep(workflow.body, (step: Step) => {
    for (const { expr, role } of stepExprs(step)) {
      if (ADAPTER_ROLES.has(role)) visitOrElse(expr);
      // A Distributed Map can read its items from S3 itself, so its items need not stay inline.
      else if (!(role === 'items' && readsFromS3.has(step.id))) visit(expr, false);
    }
  });
  if (workflow.output) visit(workflow.output, false);
  return out;
}

/** The top-level fields of `producer`'s value that must stay inline, through every alias that copies it. */
export function inlineFieldsOf(producer: string, demands: readonly RefExpr[], aliases: readonly Alias[]): string[] {
  const holders: { id: string; prefix: readonly string[] }[] = [{ id: producer, prefix: [] }];
  // Follow copies of copies (a set of a parallel branch that returned the agent's value…).
  for (let i = 0; i < holders.length; i++) {
    const h = holders[i]!;
    for (const a of aliases) {
      if (a.source === h.id && h.prefix.length === 0 && !holders.some((x) => x.id === a.holder && x.prefix.join('.') === a.prefix.join('.'))) {
        holders.push({ id: a.holder, prefix: a.prefix });
      }
    }
  }
  const fields = new Set<string>();
  for (const ref of demands) {
    if (ref.root.kind !== 'step-result') continue;
    for (const h of holders) {
      if (ref.root.stepId !== h.id || ref.path.length <= h.prefix.length) continue;
      if (h.prefix.every((p, i) => ref.path[i] === p)) fields.add(ref.path[h.prefix.length]!);
    }
  }
  return [...fields].sort(compareCodePoints);
}
