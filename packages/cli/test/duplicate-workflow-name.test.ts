import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeployCli, startCliFakes, writeConfig, type CliFakes } from './deploy-cli.js';
import { ROOT, runCli } from './run-cli.js';

/** Two files that define a workflow of the same name. */
const WORKFLOW = [
  `import { workflow } from ${JSON.stringify(join(ROOT, 'packages/dsl/src/index.ts'))};`,
  `import { z } from ${JSON.stringify(join(ROOT, 'packages/dsl/node_modules/zod/index.js'))};`,
  `export default workflow('twin', { input: z.object({ topic: z.string().max(20) }) }, (flow) => flow.input.topic);`,
  '',
].join('\n');

let dir: string;
let fakes: CliFakes;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentflow-twins-'));
  writeFileSync(join(dir, 'a.ts'), WORKFLOW);
  writeFileSync(join(dir, 'b.ts'), WORKFLOW);
  fakes = await startCliFakes();
});
afterAll(async () => {
  await fakes.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('two workflows of the same name', () => {
  it('compile: the second is duplicate-workflow-name, saying the outputs would overwrite each other', async () => {
    const run = await runCli(['compile', join(dir, 'a.ts'), join(dir, 'b.ts'), '--config', join(ROOT, 'fixtures/agentflow.config.yaml')], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error[duplicate-workflow-name]: Workflow name 'twin' is also used by a.ts; their outputs would overwrite each other.");
  });

  it('deploy: the same error, saying both would deploy to one state machine, and no AWS call', async () => {
    const run = await runDeployCli(['deploy', join(dir, 'a.ts'), join(dir, 'b.ts'), '--config', writeConfig(), '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error\[duplicate-workflow-name\]: Workflow name 'twin' is also used by .*a\.ts; both would deploy to the same state machine\./);
    expect(fakes.sfn.calls).toEqual([]);
    expect(fakes.sts.calls).toEqual([]);
  });
});
