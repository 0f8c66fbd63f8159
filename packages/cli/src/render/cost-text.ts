import { compareCodePoints, type TransitionBounds, type WorkflowCost } from '@agentflow/compiler';
import { terminalSafe } from './terminal-text.js';

/**
 * `agentflow cost` as text: per workflow (sorted by name, code points), one table of what an execution uses and
 * costs (min / expected / max), then the monthly projection. Fixed decimals and no locale, so the text is the same
 * on every machine.
 */
export function renderCostText(costs: readonly WorkflowCost[], options: { readonly freeTier: boolean }): string {
  const sorted = [...costs].sort((a, b) => compareCodePoints(a.name, b.name));
  return sorted.map((cost) => renderOne(cost, options)).join('\n');
}

function renderOne(cost: WorkflowCost, options: { readonly freeTier: boolean }): string {
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
