import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileSet } from '../src/write-file-set.js';
import { ROOT } from './run-cli.js';

const BIN = join(ROOT, 'packages/cli/src/bin.ts');
const CONFIG = join(ROOT, 'fixtures/agentflow.config.yaml');
const TEMP = /\.agentflow-tmp$/;

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `agentflow-${prefix}-`));
}

/** Every file of `dir` by name, with its text. */
function snapshot(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

/** A pid no process has: a child that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}

describe('writeFileSet', () => {
  it('replaces every file of the set and leaves no temp file', () => {
    const dir = tempDir('set');
    writeFileSync(join(dir, 'a.asl.json'), 'old a');
    const outcome = writeFileSet(dir, [
      { path: join(dir, 'a.asl.json'), shown: 'a.asl.json', text: 'new a' },
      { path: join(dir, 'b.asl.json'), shown: 'b.asl.json', text: 'new b' },
    ]);
    expect(outcome).toEqual({ ok: true });
    expect(snapshot(dir)).toEqual(new Map([['a.asl.json', 'new a'], ['b.asl.json', 'new b']]));
  });

  it('changes nothing when a target is a directory, and says which', () => {
    const dir = tempDir('set');
    writeFileSync(join(dir, 'a.asl.json'), 'old a');
    mkdirSync(join(dir, 'b.asl.json'));
    const outcome = writeFileSet(dir, [
      { path: join(dir, 'a.asl.json'), shown: 'a.asl.json', text: 'new a' },
      { path: join(dir, 'b.asl.json'), shown: 'b.asl.json', text: 'new b' },
    ]);
    expect(outcome).toEqual({ ok: false, path: join(dir, 'b.asl.json'), reason: 'a directory is in the way', replaced: [] });
    expect(readFileSync(join(dir, 'a.asl.json'), 'utf8')).toBe('old a');
    expect(readdirSync(dir).filter((n) => TEMP.test(n))).toEqual([]);
  });

  it('removes the temps a killed writer left behind, but not those of a running one', async () => {
    const dir = tempDir('set');
    const abandoned = `.a.asl.json.${await deadPid()}.agentflow-tmp`;
    const live = `.a.asl.json.${process.ppid}.agentflow-tmp`;
    writeFileSync(join(dir, abandoned), '{"trunc');
    writeFileSync(join(dir, live), '{"in progress');
    expect(writeFileSet(dir, [{ path: join(dir, 'a.asl.json'), shown: 'a.asl.json', text: 'new a' }])).toEqual({ ok: true });
    expect(readdirSync(dir).sort()).toEqual([live, 'a.asl.json'].sort());
  });
});

/** Runs `agentflow compile` as a process, optionally under a shell prelude (ulimit). */
function compileProcess(args: readonly string[], prelude = ''): Promise<{ code: number; stderr: string }> {
  const command = `${prelude} exec "${process.execPath}" --import tsx "${BIN}" ${args.map((a) => `'${a}'`).join(' ')}`;
  return new Promise((done) => {
    execFile('/bin/sh', ['-c', command], { cwd: ROOT }, (error, _stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stderr }));
  });
}

describe('compile --out as a process', () => {
  it('a write that fails (file size limit) leaves the previous set untouched and no temps', async () => {
    const out = tempDir('efbig');
    const first = await compileProcess(['compile', 'fixtures/map-basic/workflow.ts', '--config', CONFIG, '--out', out]);
    expect(first.code).toBe(0);
    for (const name of readdirSync(out)) writeFileSync(join(out, name), `previous ${name}\n`);
    const before = snapshot(out);
    // The limit is in 512-byte blocks; SIGXFSZ is ignored so the write fails with EFBIG instead of killing the process.
    const limited = await compileProcess(['compile', 'fixtures/map-basic/workflow.ts', '--config', CONFIG, '--out', out], "trap '' XFSZ; ulimit -f 2;");
    expect(limited.code).toBe(1);
    expect(limited.stderr).toMatch(/output-write-failed/);
    expect(limited.stderr).toMatch(/file size limit/);
    expect(limited.stderr).toMatch(/Nothing in .* was changed/);
    expect(limited.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(snapshot(out)).toEqual(before);
  });

  it('--out naming a file is a usage error, not a crash', async () => {
    const dir = tempDir('outfile');
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'keep me');
    const run = await compileProcess(['compile', 'fixtures/map-basic/workflow.ts', '--config', CONFIG, '--out', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is a file, not a directory/);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('a compile killed while it writes leaves every file whole (old or new), and the next run cleans up', async () => {
    const out = tempDir('kill');
    const args = ['compile', 'workflows', '--out', out, '--report'];
    expect((await compileProcess(args)).code).toBe(0);
    const fresh = snapshot(out);
    const old = new Map([...fresh].map(([name, text]) => [name, `${text}\n`]));
    let interrupted = 0;
    for (let run = 0; run < 3; run++) {
      rmSync(out, { recursive: true });
      mkdirSync(out);
      for (const [name, text] of old) writeFileSync(join(out, name), text);
      // Killed the moment the first file appears in --out: in the middle of writing the set.
      const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], { cwd: ROOT, stdio: 'ignore' });
      const watcher = watch(out, () => child.kill('SIGKILL'));
      const status = await new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
      watcher.close();
      if (status === 'SIGKILL') interrupted++;
      for (const name of readdirSync(out)) {
        if (TEMP.test(name)) continue;
        const text = readFileSync(join(out, name), 'utf8');
        expect([old.get(name), fresh.get(name)], `${name} after a kill`).toContain(text);
      }
      expect((await compileProcess(args)).code).toBe(0);
      expect(snapshot(out)).toEqual(fresh);
    }
    expect(interrupted).toBeGreaterThan(0);
    expect(existsSync(out)).toBe(true);
  }, 120_000);
});
