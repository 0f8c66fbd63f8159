/**
 * `agentflow validate` on definitions of just under 1 MB with tens of thousands of findings (issue 11, item 6):
 * ~37,800 unreachable states (one finding each) and ~19,500 invalid states (three findings each). Whole processes,
 * as a user runs them, with the default cap of 200 findings per file and with `--max-diagnostics 0` (everything
 * listed), in text and SARIF; plus `validateAslText` alone in-process, which the cap does not change.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validateAslText } from '../../packages/compiler/src/index.js';
import { manyFindingsDefinition, type FindingsShape } from '../lib/many-findings.js';
import { NODE, timeCommand } from '../lib/proc.js';
import { failed, measured, mib, summarize, type Row } from '../lib/stats.js';

const SECTION = 'validate: 1 MB definitions with many findings';

export interface FindingsOptions {
  readonly runs: number;
  readonly log: (message: string) => void;
}

export async function validateFindings(options: FindingsOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'agentflow-bench-findings-'));
  try {
    for (const shape of ['unreachable', 'invalid'] as const satisfies readonly FindingsShape[]) {
      const { text, states } = manyFindingsDefinition(shape);
      const file = join(tmp, `${shape}.asl.json`);
      writeFileSync(file, text);
      options.log(`validate findings: ${shape}, ${states} states`);
      const inProcess: number[] = [];
      let findings = 0;
      validateAslText(readFileSync(file, 'utf8'), { file }); // warm-up
      for (let i = 0; i < options.runs; i++) {
        const t = performance.now();
        findings = validateAslText(readFileSync(file, 'utf8'), { file }).length;
        inProcess.push(performance.now() - t);
      }
      const what = `${shape} (${states.toLocaleString('en-US')} states, ${findings.toLocaleString('en-US')} findings, ${mib(text.length)})`;
      rows.push(measured(SECTION, `validateAslText, ${what} (in-process)`, inProcess, 'locating, sorting and building every finding; the cap does not change it'));
      for (const format of ['text', 'sarif'] as const) {
        for (const cap of ['default (200)', '0 (all)'] as const) {
          const args = ['--import', 'tsx', 'packages/cli/src/bin.ts', 'validate', file, '--format', format, ...(cap === '0 (all)' ? ['--max-diagnostics', '0'] : [])];
          const name = `agentflow validate --format ${format}, --max-diagnostics ${cap}, ${shape}`;
          try {
            const samples: number[] = [];
            const cpu: number[] = [];
            let bytes = 0;
            for (let i = 0; i < options.runs; i++) {
              const t = timeCommand(NODE, args, { okCodes: [1] });
              samples.push(t.ms);
              cpu.push(t.cpuMs);
              bytes = Buffer.byteLength(t.result.stdout, 'utf8');
            }
            rows.push(measured(SECTION, name, samples, `cpu ${summarize(cpu).median.toFixed(0)} ms; output ${mib(bytes)}`, { outputBytes: bytes, findings, states }));
          } catch (error) {
            rows.push(failed(SECTION, name, error instanceof Error ? error.message.split('\n')[0]! : String(error)));
          }
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
