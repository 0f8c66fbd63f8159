import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyLock, formatLockfile, readLockfile, withEnvironmentAgents, type LockedAgent, type Lockfile } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const WRITER: LockedAgent = { agentName: 'writer-prod', agentId: 'WRTR5K1Z3C', aliases: { live: { aliasName: 'prod-live', aliasId: 'LIVE2W8N4C', agentVersion: '7' } } };

function lockFileWith(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'agentflow-lock-')), 'agentflow.lock.json');
  writeFileSync(file, text);
  return file;
}

describe('agentflow.lock.json', () => {
  it('is formatted with sorted keys at every level and a trailing newline, whatever order it was built in', () => {
    const a: Lockfile = { lockfileVersion: 1, environments: { prod: { agents: { writer: WRITER } }, dev: { agents: {} } } };
    const b = JSON.parse(JSON.stringify({ environments: { dev: { agents: {} }, prod: { agents: { writer: { aliases: WRITER.aliases, agentId: WRITER.agentId, agentName: WRITER.agentName } } } }, lockfileVersion: 1 })) as Lockfile;
    expect(formatLockfile(a)).toBe(formatLockfile(b));
    expect(formatLockfile(a)).toMatch(/^\{\n {2}"environments": \{\n {4}"dev"[\s\S]*"lockfileVersion": 1\n\}\n$/);
  });

  it('reads back what it writes; a missing file is no lock', () => {
    const lock = withEnvironmentAgents(undefined, 'prod', { writer: WRITER });
    expect(readLockfile(lockFileWith(formatLockfile(lock)))).toEqual({ ok: true, lock });
    expect(readLockfile('/nonexistent/agentflow.lock.json')).toEqual({ ok: true, lock: undefined });
  });

  it('replaces one environment and keeps the others; an empty set removes the environment', () => {
    const both = withEnvironmentAgents(withEnvironmentAgents(undefined, 'prod', { writer: WRITER }), 'dev', { writer: { ...WRITER, agentId: 'DEVWRITER1' } });
    expect(Object.keys(both.environments).sort()).toEqual(['dev', 'prod']);
    expect(withEnvironmentAgents(both, 'dev', {}).environments).toEqual({ prod: { agents: { writer: WRITER } } });
  });

  it('reports bad JSON and bad shapes located at line and column', () => {
    const conflict = readLockfile(lockFileWith('{\n<<<<<<< HEAD\n}\n'));
    expect(conflict.ok).toBe(false);
    expect(!conflict.ok && conflict.diagnostics[0]).toMatchObject({ code: 'lockfile-invalid', loc: { line: 2, column: 1 } });
    const version = readLockfile(lockFileWith('{\n  "lockfileVersion": 2,\n  "environments": {}\n}\n'));
    expect(!version.ok && version.diagnostics.map((d) => `${d.loc?.line}:${d.loc?.column} ${d.message}`)).toEqual(['2:22 agentflow.lock.json: lockfileVersion: Invalid input: expected 1']);
    const extra = readLockfile(lockFileWith('{\n  "lockfileVersion": 1,\n  "environments": {},\n  "resolvedAt": "2026-01-01"\n}\n'));
    expect(!extra.ok && extra.diagnostics.map((d) => `${d.loc?.line}:${d.loc?.column}`)).toEqual(['4:3']);
  });

  it('applies to agents configured by name only, leaving agents by id and other environments alone', () => {
    const env = { ...TEST_ENV, agents: { ...TEST_ENV.agents, writer: { name: 'writer-prod', aliases: ['live'] } } };
    const lock = withEnvironmentAgents(withEnvironmentAgents(undefined, 'prod', { writer: WRITER, worker: { ...WRITER, agentId: 'OTHERID001' } }), 'dev', { writer: { ...WRITER, agentId: 'DEVWRITER1' } });
    const applied = applyLock(env, 'prod', lock);
    expect(applied.agents['writer']!.locked).toEqual({ agentName: 'writer-prod', agentId: 'WRTR5K1Z3C', aliases: { live: { aliasName: 'prod-live', aliasId: 'LIVE2W8N4C' } } });
    expect(applied.agents['worker']).toEqual(TEST_ENV.agents['worker']);
    expect(applyLock(env, 'staging', lock).agents['writer']!.locked).toBeUndefined();
  });
});
