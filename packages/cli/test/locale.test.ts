import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './run-cli.js';

const BIN = join(ROOT, 'packages/cli/src/bin.ts');
// Workflows with offload plans, IAM wildcards and many states: the outputs an order could change.
const OTHERS = ['payload-adapter-offload', 'payload-distributed-map', 'vote-rules', 'tasks'].map((name) => `fixtures/${name}/workflow.ts`);
const temp = mkdtempSync(join(tmpdir(), 'agentflow-locale-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The real CLI process under a given locale (Node's ICU reads LC_ALL for its default locale). */
function compileUnder(locale: string, out: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['--import', 'tsx', BIN, 'compile', 'fixtures/locale-order', ...OTHERS, '--config', 'fixtures/agentflow.config.yaml', '--out', out, '--report', '--json'];
  const env = { ...process.env, LC_ALL: locale, LANG: locale };
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: ROOT, env, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const filesOf = (dir: string) => readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]);

describe('output does not depend on the locale', () => {
  it('compiles to the same bytes, in the same order, under C and Danish locales', async () => {
    // One output directory for both runs, so the paths the CLI prints are the same.
    const out = join(temp, 'out');
    const c = await compileUnder('C', out);
    const cFiles = filesOf(out);
    rmSync(out, { recursive: true, force: true });
    const da = await compileUnder('da_DK.UTF-8', out);
    expect(c.code).toBe(0);
    expect(da.code).toBe(0);
    expect(da.stdout).toBe(c.stdout);
    expect(da.stderr).toBe(c.stderr);
    // Code point order: "aarhus" before "zealand", which Danish collation would reverse.
    const names = (JSON.parse(c.stdout) as { workflows: { name: string }[] }).workflows.map((w) => w.name);
    expect(names.indexOf('aarhus')).toBeLessThan(names.indexOf('zealand'));
    expect(filesOf(out)).toEqual(cFiles);
    expect(cFiles.length).toBe(3 * 6);
  });
});
