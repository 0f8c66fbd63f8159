import type { Expr, MapDistribution, Offload, Step, WorkflowNode } from '@agentflow/dsl';
import { refsOf } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { stepExprs } from '../step-exprs.js';
import { collectAliases, producersOfRef, type Alias } from './aliases.js';
import { analyzePayloads, type MeasureName, type PayloadAnalysis, type PayloadRow } from './analyze-payloads.js';
import { inlineDemands, inlineFieldsOf } from './inline-fields.js';
import { insertOffload } from './insert-offload.js';
import { widenSets } from './widen-sets.js';
import { checkInput } from './check-input.js';
import { checkMapItems } from './check-map-items.js';
import { Sizer } from './measure.js';
import { outerReadsOf } from './outer-reads.js';
import { VARIABLES_LIMIT, type PayloadOptions } from './payload-options.js';
import { compareCodePoints } from '../../text/compare-code-points.js';


export interface OffloadPlan {
  /** The workflow with offload inserted and `set` variables typed by everything assigned to them. */
  readonly workflow: WorkflowNode;
  /** True when some value goes to S3 (the adapter then needs S3 access). */
  readonly offloaded: boolean;
  readonly analysis: PayloadAnalysis;
  readonly diagnostics: readonly Diagnostic[];
}

interface Violation {
  readonly row: PayloadRow;
  readonly measure: MeasureName;
  readonly candidates: readonly string[];
}

const MEASURE_WORDS: Record<MeasureName, string> = {
  input: 'input',
  arguments: 'arguments (effective input)',
  result: 'result',
  variable: 'variable',
  output: 'output',
  childInput: 'input of each child execution',
  cache: 'cached answer (as PutItem stores it and GetItem returns it)',
};
const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Offloads producers to S3 until every state fits the budget: analyse, pick the largest offloadable producer behind
 * the first violation, re-type the IR, repeat. What no offload can fix is an error at the step's source.
 */
export function planOffload(workflow: WorkflowNode, options: PayloadOptions): OffloadPlan {
  const byId = new Map<string, Step>();
  eachStep(workflow.body, (s) => byId.set(s.id, s));
  // Aliases and inline demands matter only once something is over budget or offloaded: most workflows never need them.
  let listedAliases: Alias[] | undefined;
  const aliases = () => (listedAliases ??= collectAliases(workflow));
  const chosen = new Set<string>();
  const writers = new Set<string>();
  const readers = new Set<string>();
  let demands: ReturnType<typeof inlineDemands> | undefined;
  const demandsNow = () => (demands ??= inlineDemands(workflow, readers));
  let current = widenSets(workflow);
  let analysis = analyzePayloads(current, options);
  const stuck: Violation[] = [];
  // Plans already analysed, by what the rebuild reads (demands follow from `readers`): `minimize` tries plans the
  // greedy rounds analysed before (dropping the last choice goes back to an earlier plan), and a plan's analysis is
  // the largest cost of a compile that offloads anything.
  const analysed = new Map<string, { workflow: WorkflowNode; analysis: PayloadAnalysis }>();
  const planKey = () => JSON.stringify([[...chosen].sort(compareCodePoints), [...writers].sort(compareCodePoints), [...readers].sort(compareCodePoints)]);
  const rebuild = () => {
    const key = planKey();
    const known = analysed.get(key);
    if (known) {
      [current, analysis] = [known.workflow, known.analysis];
      return;
    }
    current = widenSets(insertOffload(workflow, offloadsFor(chosen, demandsNow(), aliases(), byId, readers), distributions(writers, readers, chosen, byId)));
    analysis = analyzePayloads(current, options);
    analysed.set(key, { workflow: current, analysis });
  };
  for (let round = 0; round <= 2 * byId.size + 2; round++) {
    const violations = violationsOf(analysis, options, byId, aliases);
    const open = (v: Violation) => v.candidates.filter((c) => !(chosen.has(c) || writers.has(c.slice(WRITER.length))));
    const fixable = violations.find((v) => open(v).length > 0);
    if (!options.offload || (!fixable && !releaseItems(violations, chosen, readers, byId))) {
      stuck.push(...violations);
      break;
    }
    if (fixable) {
      const next = open(fixable).sort((a, b) => rank(a, b, analysis))[0]!;
      if (next.startsWith(WRITER)) writers.add(next.slice(WRITER.length));
      else for (const id of group(next, aliases(), byId)) chosen.add(id);
    }
    // The demands follow from `readers`, which this round may have changed.
    demands = undefined;
    rebuild();
  }
  // The plan as analysed last, to go back to when a trial removal does not fit (rebuild is a pure function of the plan).
  const snapshot = () => {
    const [w, a] = [current, analysis];
    return () => {
      [current, analysis] = [w, a];
    };
  };
  if (stuck.length === 0) minimize(chosen, (id) => group(id, aliases(), byId), rebuild, () => violationsOf(analysis, options, byId, aliases).length === 0, snapshot);
  const inline = chosen.size > 0 ? offloadsFor(chosen, demandsNow(), aliases(), byId, readers) : new Map<string, Offload>();
  return { workflow: current, offloaded: chosen.size > 0 || writers.size > 0, analysis, diagnostics: [...checkInput(workflow, new Sizer(options.bounds), options), ...checkMapItems(current), ...report(stuck, options, chosen, inline), ...totals(analysis, workflow), ...assumptionWarnings(analysis)] };
}

/**
 * Greedy choices can overshoot (per-item offload chosen before the map's ResultWriter made it moot): drop every
 * offload the plan still fits without, latest first.
 */
function minimize(chosen: Set<string>, groupOf: (id: string) => string[], rebuild: () => void, fits: () => boolean, snapshot: () => () => void): void {
  // The last analysis is of the plan as it stands; a removal that does not fit goes back to it rather than analysing
  // the same plan again.
  for (const id of [...chosen].reverse()) {
    if (!chosen.has(id)) continue;
    const members = groupOf(id);
    // A group need not be closed (it grows from `id`): adding back a member that was not chosen changes the plan.
    const grows = members.some((m) => !chosen.has(m));
    const restore = snapshot();
    for (const m of members) chosen.delete(m);
    rebuild();
    if (!fits()) {
      for (const m of members) chosen.add(m);
      if (grows) rebuild();
      else restore();
    }
  }
}

/** Marks a map result for S3 (ResultWriter); offloading the producers inside the iterations comes first. */
const WRITER = 'map-results:';

function rank(a: string, b: string, analysis: PayloadAnalysis): number {
  const writer = Number(a.startsWith(WRITER)) - Number(b.startsWith(WRITER));
  return writer || resultBytes(analysis, b) - resultBytes(analysis, a) || compareCodePoints(a, b);
}

/**
 * When an offloaded producer is still too big only because a map iterates one of its arrays inline, the map reads
 * the array from S3 instead (a Distributed Map with an ItemReader). Returns whether anything changed.
 */
function releaseItems(violations: readonly Violation[], chosen: ReadonlySet<string>, readers: Set<string>, byId: ReadonlyMap<string, Step>): boolean {
  let changed = false;
  for (const v of violations) {
    if (!chosen.has(v.row.stepId)) continue;
    for (const step of byId.values()) {
      if (step.kind === 'map' && !readers.has(step.id) && step.items?.root.kind === 'step-result' && step.items.root.stepId === v.row.stepId && step.items.path.length === 1) {
        readers.add(step.id);
        changed = true;
      }
    }
  }
  return changed;
}

function distributions(writers: ReadonlySet<string>, readers: ReadonlySet<string>, chosen: ReadonlySet<string>, byId: ReadonlyMap<string, Step>): Map<string, MapDistribution> {
  const out = new Map<string, MapDistribution>();
  for (const id of [...new Set([...writers, ...readers])].sort(compareCodePoints)) {
    const step = byId.get(id);
    if (step?.kind !== 'map') continue;
    const producer = step.items?.root.kind === 'step-result' ? step.items.root.stepId : undefined;
    const reader = readers.has(id) && producer && chosen.has(producer) ? { producer, field: step.items!.path[0]! } : undefined;
    out.set(id, { writer: writers.has(id), ...(reader ? { reader } : {}) });
  }
  return out;
}

function resultBytes(analysis: PayloadAnalysis, id: string): number {
  return analysis.rows.find((r) => r.stepId === id)?.measures.result?.bytes ?? 0;
}

/** Producers sharing a variable (set, then assign in a loop) must be stored alike, so they are offloaded together. */
function group(id: string, aliases: readonly Alias[], byId: ReadonlyMap<string, Step>): string[] {
  const members = new Set([id]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of aliases) {
      if (!members.has(a.source) || a.prefix.length !== 0) continue;
      for (const b of aliases) {
        const kind = byId.get(b.source)?.kind;
        if (b.holder === a.holder && b.prefix.length === 0 && !members.has(b.source) && (kind === 'agent' || kind === 'model')) {
          members.add(b.source);
          changed = true;
        }
      }
    }
  }
  return [...members];
}

function offloadsFor(chosen: ReadonlySet<string>, demands: ReturnType<typeof inlineDemands>, aliases: readonly Alias[], byId: ReadonlyMap<string, Step>, readers: ReadonlySet<string>): Map<string, Offload> {
  const out = new Map<string, Offload>();
  for (const id of [...chosen].sort(compareCodePoints)) {
    // Models write their whole response through InvokeModel's Output.S3Uri: nothing can stay inline.
    const fields = byId.get(id)?.kind === 'model' ? [] : group(id, aliases, byId).flatMap((m) => inlineFieldsOf(m, demands, aliases));
    const arrays = [...readers].flatMap((mapId) => {
      const map = byId.get(mapId);
      return map?.kind === 'map' && map.items?.root.kind === 'step-result' && map.items.root.stepId === id ? [map.items.path[0]!] : [];
    });
    out.set(id, Object.freeze({ inline: Object.freeze([...new Set(fields)].sort(compareCodePoints)), ...(arrays.length ? { arrays: Object.freeze([...new Set(arrays)].sort(compareCodePoints)) } : {}) }));
  }
  return out;
}

function violationsOf(analysis: PayloadAnalysis, options: PayloadOptions, byId: ReadonlyMap<string, Step>, aliases: () => readonly Alias[]): Violation[] {
  const out: Violation[] = [];
  for (const row of analysis.rows) {
    for (const name of ['result', 'variable', 'arguments', 'input', 'childInput', 'cache'] as const) {
      const m = row.measures[name];
      // The execution input is capped by StartExecution itself: it is held to the limit, not the margin.
      const budget = name === 'input' && m?.dominant === '$input' ? options.limitBytes : options.budgetBytes;
      if (!m || m.bytes <= budget) continue;
      out.push({ row, measure: name, candidates: candidatesOf(row, name, byId, aliases()) });
      break;
    }
    // The value a scope returns has its own producers (and is reported where the scope is declared).
    const output = row.measures.output;
    if (output && output.bytes > options.budgetBytes) out.push({ row, measure: 'output', candidates: candidatesOf(row, 'output', byId, aliases()) });
  }
  return out;
}

function producers(expr: Expr | undefined, byId: ReadonlyMap<string, Step>, aliases: readonly Alias[]): string[] {
  return expr ? [...new Set(refsOf(expr).flatMap((r) => producersOfRef(r, byId, aliases)))] : [];
}

function candidatesOf(row: PayloadRow, measure: MeasureName, byId: ReadonlyMap<string, Step>, aliases: readonly Alias[]): string[] {
  if (measure === 'output') return producers(row.returns?.expr, byId, aliases);
  // A cached answer too large for the cache's states shrinks to its S3 pointer when the agent's answer is offloaded.
  if (measure === 'cache') return [row.stepId];
  const step = byId.get(row.stepId);
  if (!step) return [];
  const resultCandidates = (s: Step): string[] => {
    if (s.kind === 'agent' || s.kind === 'model') return [s.id];
    const ref = { kind: 'ref', root: { kind: 'step-result', stepId: s.id }, path: [], schema: undefined as never } as const;
    return producersOfRef(ref, byId, aliases);
  };
  if (measure === 'result' || measure === 'variable') {
    if (step.kind === 'assign') return producers(step.value, byId, aliases);
    return step.kind === 'map' ? [...resultCandidates(step), `${WRITER}${step.id}`] : resultCandidates(step);
  }
  if (measure === 'arguments') return stepExprs(step).flatMap(({ expr }) => producers(expr, byId, aliases));
  // A child's outer values shrink to pointers when their producers are offloaded.
  if (measure === 'childInput') return step.kind === 'map' ? [...new Set(outerReadsOf(step).flatMap((r) => r.refs.flatMap((ref) => producersOfRef(ref, byId, aliases))))] : [];
  const from = row.inputFrom ? byId.get(row.inputFrom) : undefined;
  return from ? resultCandidates(from) : [];
}

/** One diagnostic per root cause: violations sharing their producers (a draft and every copy of it) report once. */
function report(stuck: readonly Violation[], options: PayloadOptions, chosen: ReadonlySet<string>, offloads: ReadonlyMap<string, Offload>): Diagnostic[] {
  const seen = new Map<string, number>();
  const firsts: Violation[] = [];
  const keyOf = (v: Violation) => (v.candidates.length ? [...new Set(v.candidates)].sort(compareCodePoints).join(',') : `self:${v.row.stepId}${v.measure === 'output' ? '#output' : ''}`);
  for (const v of stuck) {
    const key = keyOf(v);
    if (!seen.has(key)) firsts.push(v);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return firsts.map((v) => {
    const key = keyOf(v);
    const more = seen.get(key)! - 1;
    const d = diagnose(v, options, chosen, offloads);
    return more > 0 ? { ...d, message: `${d.message} ${more} later state(s) carry the same value and are over budget too.` } : d;
  });
}

function diagnose(v: Violation, options: PayloadOptions, chosen: ReadonlySet<string>, offloads: ReadonlyMap<string, Offload>): Diagnostic {
  const m = v.row.measures[v.measure]!;
  const pct = Math.round((m.bytes / options.budgetBytes) * 100);
  const returns = v.measure === 'output' ? v.row.returns : undefined;
  const of = returns ? `, the value ${returns.what} returns,` : '';
  // Items read from S3 without maxItems have no count, so neither has the map's result.
  const reach = Number.isFinite(m.bytes) ? `can reach ${fmt(m.bytes)} bytes, ${pct}% of the ${fmt(options.budgetBytes)}-byte payload budget` : `has no size bound (its items come from S3 without maxItems), over the ${fmt(options.budgetBytes)}-byte payload budget`;
  const what = `The ${MEASURE_WORDS[v.measure]} of state '${v.row.state}'${of} ${reach}`;
  const dominant = m.dominant ? ` (largest part: ${m.dominant}, ${fmt(m.dominantBytes)} bytes)` : '';
  // A returned value is reported where its scope is declared: the workflow, or the parallel or map step.
  const at = returns ?? v.row;
  const base = { severity: 'error' as const, path: at.path, ...(at.loc ? { loc: at.loc } : {}) };
  const open = [...new Set(v.candidates.filter((c) => !chosen.has(c)).map((c) => (c.startsWith(WRITER) ? `the results of map '${c.slice(WRITER.length)}'` : `'${c}'`)))];
  if (!options.offload && open.length > 0) {
    return {
      ...base,
      code: 'offload-not-configured',
      message: `${what}${dominant}. Offloading ${open.join(', ')} to S3 would fix it, but no offload bucket is configured.`,
      hint: "Add offload: { bucket: '<bucket>', prefix: 'agentflow' } to the environment in agentflow.config.yaml, or to the workflow's options.",
    };
  }
  const inline = v.candidates.length > 0 && v.candidates.every((c) => chosen.has(c));
  return {
    ...base,
    code: 'payload-over-budget',
    message: `${what}${dominant}${inline ? `, even with ${v.candidates.map((c) => `'${c}'`).join(', ')} offloaded to S3${keptInline(v.candidates, offloads)}` : ''}.`,
    hint: inline
      ? 'A field that a choice, a map or a service call reads must stay inline; read a smaller field there, or let an agent read the large value from its prompt.'
      : 'Bound the schemas involved with .max(), or pass large data as S3 locations yourself.',
  };
}

function totals(analysis: PayloadAnalysis, workflow: WorkflowNode): Diagnostic[] {
  // An unbounded total comes from a map result over S3 items, which is already reported where it is produced.
  if (analysis.variablesBytes <= VARIABLES_LIMIT || !Number.isFinite(analysis.variablesBytes)) return [];
  return [
    {
      code: 'variables-over-limit',
      severity: 'error',
      message: `The workflow's variables can together reach ${fmt(analysis.variablesBytes)} bytes, over Step Functions' 10 MiB per execution.`,
      path: workflow.name,
      ...(workflow.loc ? { loc: workflow.loc } : {}),
      hint: 'Bound the schemas with .max(), or offload large results.',
    },
  ];
}

function assumptionWarnings(analysis: PayloadAnalysis): Diagnostic[] {
  return analysis.assumptions.map(({ stepId, loc, assumption }) => ({
    code: 'unbounded-value',
    severity: 'warning' as const,
    message: `'${stepId}'${assumption.path ? ` field ${assumption.path}` : ''} has no size bound (${assumption.reason}); payload analysis assumes ${fmt(assumption.assumedBytes)} bytes.`,
    path: stepId,
    ...(loc ? { loc } : {}),
    hint: 'Add .max() to the schema (or maxOutputBytes/maxOutputTokens to the agent) so the bound is real.',
  }));
}

function keptInline(candidates: readonly string[], offloads: ReadonlyMap<string, Offload>): string {
  const fields = [...new Set(candidates.flatMap((c) => offloads.get(c)?.inline ?? []))];
  return fields.length ? `: field(s) ${fields.map((f) => `'${f}'`).join(', ')} must stay inline because a state reads them directly` : '';
}
