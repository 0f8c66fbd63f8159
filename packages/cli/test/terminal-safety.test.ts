import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { terminalSafe } from '../src/render/terminal-text.js';
import { runCliProcess } from './run-cli.js';

const temp = mkdtempSync(join(tmpdir(), 'agentflow-terminal-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

// Escape sequences, bells, carriage returns and bidirectional overrides: what a hostile definition could send a terminal.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal output is safe', () => {
  it('escapes control characters and cuts long values', () => {
    expect(terminalSafe('a\u001b[2Jb\u0007c\rd\u202ee')).toBe('a\\u{1b}[2Jb\\u{7}c\\u{d}d\\u{202e}e');
    expect(terminalSafe('line 1\n\tline 2')).toBe('line 1\n\tline 2');
    const long = terminalSafe('x'.repeat(10_000));
    expect(long).toBe(`${'x'.repeat(2_000)}… (8,000 more characters)`);
  });

  it('validate never echoes a definition’s control characters or a huge value raw (real CLI process)', async () => {
    const huge = `\u001b[31m${'x'.repeat(300_000)}\u0007`;
    const file = join(temp, 'hostile.asl.json');
    writeFileSync(file, JSON.stringify({ StartAt: 'A\u001b[2J', States: { 'A\u001b[2J': { Type: 'Pass', Next: huge, Comment: '\u202eevil' } } }));
    const run = await runCliProcess(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('MISSING_TRANSITION_TARGET');
    expect(run.stdout).toContain('A\\u{1b}[2J');
    expect(run.stdout + run.stderr).not.toMatch(UNSAFE);
    expect(run.stdout.length).toBeLessThan(10_000);
  });

  it('compile shows a workflow’s hostile step id escaped (real CLI process)', async () => {
    const run = await runCliProcess(['compile', 'fixtures/_error_/control-characters-in-id/workflow.ts', '--config', 'fixtures/agentflow.config.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error[invalid-step-id]');
    expect(run.stderr).toContain('[2J');
    expect(run.stdout + run.stderr).not.toMatch(UNSAFE);
  });
});
