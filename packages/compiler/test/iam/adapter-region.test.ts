import { join } from 'node:path';
import { expect, test } from 'vitest';
import { compileFile, environments, WORKFLOWS_DIR } from './helpers/load-workflows.js';

/**
 * The adapter calls Bedrock Agent Runtime in the Region it runs in (the SDK takes the Lambda's AWS_REGION), while the
 * policy grants, and the agents live at, agent-alias ARNs of the environment's Region. An adapter function in another
 * Region would invoke agents that are not there, under grants that do not match: refuse it at compile time.
 */
test('an adapter function in another Region than the environment is a compile error', async () => {
  const { name, env } = environments().find((e) => e.name === 'dev')!;
  const elsewhere = { ...env, adapterFunction: `arn:aws:lambda:us-west-2:${env.account}:function:agentflow-agent-adapter-{workflow}` };
  const compiled = await compileFile(join(WORKFLOWS_DIR, 'research-report.ts'), name, elsewhere);
  expect(compiled.ok).toBe(false);
  expect(compiled.ok ? '' : compiled.why).toBe('does not compile: config-adapter-region');
});

test('an adapter function ARN in the environment\'s Region compiles', async () => {
  const { name, env } = environments().find((e) => e.name === 'dev')!;
  const same = { ...env, adapterFunction: `arn:aws:lambda:${env.region}:${env.account}:function:agentflow-agent-adapter-{workflow}` };
  const compiled = await compileFile(join(WORKFLOWS_DIR, 'research-report.ts'), name, same);
  expect(compiled.ok ? '' : compiled.why).toBe('');
});
