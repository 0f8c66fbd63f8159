import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText, loadConfig } from '@agentflow/compiler';
import { CONFIG_SCHEMA_FILE } from '../src/commands/config-schema.js';
import { ROOT, runCli } from './run-cli.js';

const CHECKED_IN = join(ROOT, 'packages/cli', CONFIG_SCHEMA_FILE);
const REPOSITORY_CONFIGS = ['agentflow.config.yaml', 'fixtures/agentflow.config.yaml'];
const SCHEMA_LINE = /^# yaml-language-server: \$schema=(\S+)\n/;

describe('agentflow config-schema', () => {
  it('prints the schema the CLI package ships; after a schema change, run pnpm -s config-schema and review the diff', async () => {
    const run = await runCli(['config-schema']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'agentflow.config.yaml' });
    expect(readFileSync(CHECKED_IN, 'utf8')).toBe(run.stdout);
  });

  it('writes the schema with --out, and --check tells a current file from a stale one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'agentflow-schema-')), 'nested/schema.json');
    expect(await runCli(['config-schema', '--out', file])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(file, 'utf8')).toBe(configJsonSchemaText());
    expect((await runCli(['config-schema', '--out', file, '--check'])).code).toBe(0);

    writeFileSync(file, readFileSync(file, 'utf8').replace('"functions"', '"function"'));
    const stale = await runCli(['config-schema', '--out', file, '--check']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(`${file} differs from the config schema.\nhint: regenerate it with agentflow config-schema --out ${file}\n`);
    expect(readFileSync(file, 'utf8')).toContain('"function"');
  });

  it('refuses --check without a file to compare with', async () => {
    const run = await runCli(['config-schema', '--check']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--check needs --out <file>');
  });
});

describe.each(REPOSITORY_CONFIGS)('%s', (config) => {
  const file = join(ROOT, config);
  const text = readFileSync(file, 'utf8');

  it('names the shipped schema on its first line, by a path relative to itself, for the YAML language server', () => {
    const match = SCHEMA_LINE.exec(text);
    expect(match).not.toBeNull();
    expect(resolve(dirname(file), match![1]!)).toBe(CHECKED_IN);
  });

  it('still loads: the schema line is a comment', () => {
    expect(loadConfig(file)).toMatchObject({ ok: true, file });
  });
});
