import { compareCodePoints, type MeasuredScenario, type TransitionBounds, type WorkflowCost } from '@agentflow/compiler';
import { terminalSafe } from './terminal-text.js';

/**
 * `agentflow cost` as text: per workflow (sorted by name, code points), one table of what an execution uses and
 * costs (min / expected / max), then the monthly projection. Fixed decimals and no locale, so the text is the same
 * on every machine.
 */
export function renderCostText(costs: readonly { readonly cost: WorkflowCost; readonly scenarios: readonly MeasuredScenario[] }[], options: { readonly freeTier: boolean }): string {
  const sorted = [...costs].sort((a, b) => compareCodePoints(a.cost.name, b.cost.name));
  return sorted.map(({ cost, scenarios }) => renderOne(cost, scenarios, options)).join('\n');
}

/** What a measured count says against the static bounds. */
const BOUND_TEXT: Record<MeasuredScenario['bounds'], string> = { within: 'within', 'above-max': 'ABOVE MAX', 'below-min': 'BELOW MIN' };

function renderOne(cost: WorkflowCost, scenarios: readonly MeasuredScenario[], options: { readonly freeTier: boolean }): string {
  const t = cost.transitions;
  const out: string[] = [`${terminalSafe(cost.name)}: ${count(t.min)} / ${count(t.expected)} / ${count(t.max)} state transitions per execution (min / expected / max)`, ''];
  const rows: string[][] = [['per execution', 'unit', 'min', 'expected', 'max', 'USD min', 'USD expected', 'USD max']];
  for (const line of cost.lines) {
    const usd = line.usd;
    rows.push([terminalSafe(line.item), line.unit, count(line.perExecution.min), count(line.perExecution.expected), count(line.perExecution.max), ...(usd ? money(usd, 6) : ['-', '-', '-'])]);
  }
  rows.push(['total (priced lines)', '', '', '', '', ...money(cost.usdPerExecution, 6)]);
  out.push(...table(rows, 2), '');
  // Child executions are billed to their own state machines; their figures are in the lines above already.
  for (const child of cost.children) {
    const where = `child ${terminalSafe(child.workflow)} (state '${terminalSafe(child.state)}')`;
    if (child.priced) out.push(`${where}: ${count(child.transitions.min)} / ${count(child.transitions.expected)} / ${count(child.transitions.max)} state transitions per execution of it, included above`);
    else out.push(`${where}: not priced, ${terminalSafe(child.reason)}`);
  }
  if (cost.children.length > 0) out.push('');
  if (scenarios.length > 0) {
    // Beside the static figures: one simulated execution per scenario, in the order given.
    const measured: string[][] = [['scenario (simulated)', 'status', 'transitions', 'vs min / max', 'USD Step Functions']];
    for (const s of scenarios) measured.push([terminalSafe(s.file), s.status, `${count(s.transitions)}${s.otherWorkflowTransitions > 0 ? ` (${count(s.otherWorkflowTransitions)} in started workflows)` : ''}`, `${BOUND_TEXT[s.bounds]} ${count(t.min)} / ${count(t.max)}`, grouped(s.stepFunctionsUsd.toFixed(6))]);
    out.push(...table(measured, 2), '');
  }
  const monthly: string[][] = [['per month', 'USD min', 'USD expected', 'USD max']];
  for (const m of cost.monthly) monthly.push([`${count(m.executions)} executions`, ...money(m.usd, 2)]);
  out.push(...table(monthly, 1), '');
  out.push(options.freeTier ? 'Step Functions free tier (4,000 transitions a month) subtracted.' : 'Step Functions free tier not applied (--free-tier subtracts 4,000 transitions a month).');
  for (const note of cost.notes) out.push(`note: ${terminalSafe(note)}`);
  return `${out.join('\n')}\n`;
}

function money(b: TransitionBounds, decimals: number): string[] {
  return [b.min, b.expected, b.max].map((v) => grouped(v.toFixed(decimals)));
}

/** Whole numbers with a comma every three digits; fractions (an expected count) with one decimal. */
function count(value: number): string {
  return grouped(Number.isInteger(value) ? String(value) : value.toFixed(1));
}

function grouped(text: string): string {
  const [whole, fraction] = text.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Columns padded to their widest cell: the first `left` columns left-aligned, the rest right-aligned. */
function table(rows: readonly string[][], left: number): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (i < left ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}
