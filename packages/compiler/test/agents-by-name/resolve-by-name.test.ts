import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, workflow } from '@agentflow/dsl';
import { applyLock, compileWorkflow, withEnvironmentAgents, type Environment, type LockedAgent } from '../../src/index.js';
import { TEST_ENV } from '../test-env.js';

const writer = agent('writer', { agentName: 'writer', alias: 'live', maxOutputBytes: 8_000 });
const flowOf = (a: typeof writer) => workflow('by-name', { input: z.object({ topic: z.string().max(100) }) }, (flow) => flow.invoke(a, { prompt: flow.input.topic }));
const LOCKED: LockedAgent = { agentName: 'writer-prod', agentId: 'WRTR5K1Z3C', aliases: { live: { aliasName: 'prod-live', aliasId: 'LIVE2W8N4C', agentVersion: '7' } } };

function errors(env: Environment): string[] {
  return compileWorkflow(flowOf(writer), { env, envName: 'prod' })
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code}: ${d.message}`);
}

function envWith(config: Environment['agents'][string], locked: LockedAgent | undefined): Environment {
  const env: Environment = { ...TEST_ENV, agents: { ...TEST_ENV.agents, writer: config } };
  return applyLock(env, 'prod', locked ? withEnvironmentAgents(undefined, 'prod', { writer: locked }) : undefined);
}

describe('compiling an agent configured by name', () => {
  it('uses the locked agent and alias ids', () => {
    const out = compileWorkflow(flowOf(writer), { env: envWith({ name: 'writer-prod', aliases: { live: 'prod-live' } }, LOCKED), envName: 'prod' });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(JSON.stringify(out.definition)).toContain('"agentId":"WRTR5K1Z3C","agentAliasId":"LIVE2W8N4C"');
  });

  it('is agent-not-resolved without a lock entry, or without one for the alias used', () => {
    expect(errors(envWith({ name: 'writer-prod' }, undefined))).toEqual([
      "agent-not-resolved: Agent 'writer' is configured by name (writer-prod) but agentflow.lock.json has no ids for it in environment 'prod'.",
    ]);
    expect(errors(envWith({ name: 'writer-prod' }, { ...LOCKED, aliases: {} }))).toEqual([
      "agent-not-resolved: Agent 'writer' uses alias 'live' of writer-prod, but agentflow.lock.json has no id for it in environment 'prod'.",
    ]);
  });

  it('is agent-lock-stale when the lock was made for another agent name or alias name', () => {
    expect(errors(envWith({ name: 'writer-prod-v2' }, LOCKED))).toEqual([
      "agent-lock-stale: Agent 'writer' is configured by name (writer-prod-v2) but agentflow.lock.json holds the ids of 'writer-prod' for 'writer' in environment 'prod'.",
    ]);
    expect(errors(envWith({ name: 'writer-prod', aliases: { live: 'prod-live-v2' } }, LOCKED))).toEqual([
      "agent-lock-stale: Agent 'writer' uses alias 'live' (prod-live-v2 of writer-prod), but agentflow.lock.json holds alias 'prod-live' for it in environment 'prod'.",
    ]);
  });

  it('is unknown-agent-alias when the config lists aliases and not the one used', () => {
    expect(errors(envWith({ name: 'writer-prod', aliases: ['canary'] }, LOCKED))).toEqual([
      "unknown-agent-alias: Agent 'writer' uses alias 'live', which environment 'prod' does not list for writer-prod.",
    ]);
  });

  it('ignores agents by name that no workflow uses', () => {
    const env: Environment = { ...TEST_ENV, agents: { ...TEST_ENV.agents, unused: { name: 'nobody' } } };
    const worker = agent('worker', { agentName: 'worker', alias: 'live', maxOutputBytes: 8_000 });
    expect(compileWorkflow(flowOf(worker), { env, envName: 'prod' }).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
