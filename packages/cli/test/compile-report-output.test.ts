import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from './run-cli.js';

describe('compile --report without --out (real CLI process)', () => {
  it('prints the ASL on stdout, alone, and the payload report on stderr', async () => {
    const run = await runCliProcess(['compile', 'workflows/research-report.ts', '--report']);
    expect(run.code).toBe(0);
    // Standard output is exactly the definition: `compile x.ts --report > x.asl.json` stays usable.
    const asl = JSON.parse(run.stdout) as { StartAt: string };
    expect(asl.StartAt).toBe('Search');
    // The same report `--out` writes (the golden file), then the summary line.
    const report = readFileSync(join(ROOT, 'fixtures/workflows/research-report.report.txt'), 'utf8');
    expect(run.stderr).toBe(`${report}1/1 workflow(s) compiled, 0 error(s), 0 warning(s)\n`);
  });
});
