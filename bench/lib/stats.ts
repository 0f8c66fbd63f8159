/** Small statistics and formatting helpers shared by the benchmark sections. */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) return { n: 0, median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { n: s.length, median, min: s[0]!, max: s[s.length - 1]! };
}

/** Milliseconds, with precision that suits the magnitude. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value >= 100) return `${value.toFixed(0)} ms`;
  if (value >= 10) return `${value.toFixed(1)} ms`;
  if (value >= 1) return `${value.toFixed(2)} ms`;
  return `${(value * 1000).toFixed(0)} µs`;
}

export function spread(s: Summary): string {
  return s.n === 0 ? '-' : `${ms(s.min)} – ${ms(s.max)}`;
}

export function mib(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : '-';
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}×` : '-';
}

/** One line of the report: a measurement, or a skipped/failed one with the reason. */
export interface Row {
  readonly section: string;
  readonly name: string;
  /** Median of the samples, ms. */
  readonly median?: number;
  readonly min?: number;
  readonly max?: number;
  readonly runs?: number;
  /** Free text: ratios, memory, sizes, target verdicts. */
  readonly notes?: string;
  readonly status: 'ok' | 'skipped' | 'failed';
  /** Extra machine-readable figures for --json. */
  readonly data?: Record<string, unknown>;
}

export function measured(section: string, name: string, samples: readonly number[], notes?: string, data?: Record<string, unknown>): Row {
  const s = summarize(samples);
  return { section, name, median: s.median, min: s.min, max: s.max, runs: s.n, status: 'ok', ...(notes ? { notes } : {}), ...(data ? { data } : {}) };
}

export function skipped(section: string, name: string, reason: string): Row {
  return { section, name, status: 'skipped', notes: reason };
}

export function failed(section: string, name: string, reason: string): Row {
  return { section, name, status: 'failed', notes: reason };
}

/** Verdict text for a target: `≤ 2× ✓` / `≤ 2× ✗`. */
export function verdict(value: number, limit: number, op: '≤' | '<' | '≥', unit = ''): string {
  const ok = op === '≤' ? value <= limit : op === '≥' ? value >= limit : value < limit;
  return `target ${op} ${limit}${unit} ${ok ? 'MET' : 'MISSED'}`;
}

/** Renders rows as a fixed-width text table grouped by section. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['benchmark', 'median', 'min – max', 'runs', 'notes'];
  const body = rows.map((r) =>
    r.status !== 'ok'
      ? [r.name, r.status === 'skipped' ? 'skipped' : 'FAILED', '', '', r.notes ?? '']
      : r.median === undefined
        ? [r.name, '', '', '', r.notes ?? '']
        : [r.name, ms(r.median), r.runs! > 1 ? spread({ n: r.runs!, median: r.median, min: r.min!, max: r.max! }) : '', String(r.runs), r.notes ?? ''],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (i === 4 ? 0 : b[i]!.length))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 4 ? c : i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
  let section = '';
  rows.forEach((r, i) => {
    if (r.section !== section) {
      section = r.section;
      out.push('', `[${section}]`);
    }
    out.push(line(body[i]!));
  });
  return out.join('\n');
}
