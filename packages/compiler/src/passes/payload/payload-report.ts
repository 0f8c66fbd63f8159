import type { PayloadAnalysis, MeasureName } from './analyze-payloads.js';
import type { PayloadOptions } from './payload-options.js';

export interface PayloadReportRow {
  readonly state: string;
  readonly step: string;
  readonly measure: MeasureName;
  readonly bytes: number;
  readonly percentOfBudget: number;
  readonly dominant: string | null;
  readonly offloaded: boolean;
  /** Bound of the state's evaluated Arguments (an agent's prompt travels in them), null for a state without any. */
  readonly argumentsBytes: number | null;
}

export interface PayloadReport {
  readonly limitBytes: number;
  readonly marginPercent: number;
  readonly budgetBytes: number;
  readonly offload: { readonly bucket: string; readonly prefix: string } | null;
  readonly variablesBytes: number;
  /** One row per state: its largest measure. */
  readonly states: readonly PayloadReportRow[];
}

const ORDER: readonly MeasureName[] = ['result', 'variable', 'arguments', 'output', 'input', 'childInput', 'cache'];

/** The per-state table behind `compile --report`, as data (byte figures are numbers). */
export function payloadReport(analysis: PayloadAnalysis, options: PayloadOptions): PayloadReport {
  const states = analysis.rows.map((row) => {
    let measure: MeasureName = 'input';
    for (const name of ORDER) {
      const m = row.measures[name];
      if (m && m.bytes > (row.measures[measure]?.bytes ?? -1)) measure = name;
    }
    const m = row.measures[measure]!;
    return {
      state: row.state,
      step: row.path,
      measure,
      bytes: m.bytes,
      percentOfBudget: Math.round((m.bytes / options.budgetBytes) * 1000) / 10,
      dominant: m.dominant ?? null,
      offloaded: row.offloaded,
      argumentsBytes: row.measures.arguments?.bytes ?? null,
    };
  });
  return {
    limitBytes: options.limitBytes,
    marginPercent: options.marginPercent,
    budgetBytes: options.budgetBytes,
    offload: options.offload ?? null,
    variablesBytes: analysis.variablesBytes,
    states,
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The same report as a fixed-width text table. */
export function renderPayloadReport(name: string, report: PayloadReport): string {
  const header = ['state', 'largest', 'bytes', '% budget', 'offloaded', 'dominated by'];
  const rows = report.states.map((r) => [r.state, r.measure, fmt(r.bytes), `${r.percentOfBudget.toFixed(1)}%`, r.offloaded ? 'S3' : '-', r.dominant ?? '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 2 || i === 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const where = report.offload ? `s3://${report.offload.bucket}/${report.offload.prefix}/` : 'not configured';
  return [
    `payload report: ${name}`,
    `budget ${fmt(report.budgetBytes)} bytes (${fmt(report.limitBytes)} less ${report.marginPercent}% margin); offload ${where}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `variables, all together: ${fmt(report.variablesBytes)} bytes (limit 10,485,760)`,
    '',
  ].join('\n');
}
