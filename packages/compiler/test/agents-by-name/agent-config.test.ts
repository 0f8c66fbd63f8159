import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/index.js';

/** The diagnostics of a config whose dev environment has `agents: { a: <agent> }`, as `line:col message`. */
function problems(agentYaml: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'agentflow-agent-config-'));
  const file = join(dir, 'agentflow.config.yaml');
  writeFileSync(file, ['defaultEnvironment: dev', 'environments:', '  dev:', '    region: us-east-1', '    account: "111122223333"', '    adapterFunction: adapter', `    agents: { a: ${agentYaml} }`, ''].join('\n'));
  const loaded = loadConfig(file);
  return loaded.ok ? [] : loaded.diagnostics.map((d) => `${d.loc?.line}:${d.loc?.column} ${d.message}`);
}

describe('an agent in agentflow.config.yaml', () => {
  it('may be given by id with alias ids, or by name with alias names, a list of names, or no aliases', () => {
    expect(problems('{ id: SRCH7Q2K1A, aliases: { live: LIVE4S0R1A } }')).toEqual([]);
    expect(problems('{ id: SRCH7Q2K1A }')).toEqual([]);
    expect(problems('{ name: research-search-prod, aliases: { live: prod-live } }')).toEqual([]);
    expect(problems('{ name: research_search, aliases: [live, canary] }')).toEqual([]);
    expect(problems('{ name: research-search-prod }')).toEqual([]);
  });

  it('says clearly when id and name are both given, or neither', () => {
    expect(problems('{ id: SRCH7Q2K1A, name: research-search-prod }')).toEqual([
      '7:42 environments.dev.agents.a.name: give the agent by id or by name, not both (with name, agentflow resolve finds the id)',
    ]);
    expect(problems('{ aliases: [live] }')).toEqual(['7:18 environments.dev.agents.a: needs id (the 10-character Bedrock agent id) or name (the Bedrock agent name)']);
  });

  it('checks alias values by form: ids with id, Bedrock names with name, and no list with id', () => {
    expect(problems('{ id: SRCH7Q2K1A, aliases: { live: prod-live } }')).toEqual(['7:53 environments.dev.agents.a.aliases.live: must be a 10-character Bedrock alias id']);
    expect(problems('{ id: SRCH7Q2K1A, aliases: [live] }')).toEqual([
      '7:45 environments.dev.agents.a.aliases: with id, aliases maps each alias to its 10-character alias id ({ live: LIVE4S0R1A }); a list of names needs name',
    ]);
    expect(problems('{ name: research-search, aliases: [ok, "not ok"] }')).toEqual([
      '7:57 environments.dev.agents.a.aliases.1: must be a Bedrock alias name: letters and digits, single _ or - between them, at most 100',
    ]);
    expect(problems('{ name: "two--dashes" }')).toEqual(['7:26 environments.dev.agents.a.name: must be a Bedrock agent name: letters and digits, single _ or - between them, at most 100']);
  });
});
