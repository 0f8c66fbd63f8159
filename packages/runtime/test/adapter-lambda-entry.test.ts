import { answerTurn, FAKE_CREDENTIALS, startFakeAgentRuntime, type FakeAgentRuntime } from '@agentflow/aws-fakes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lambdaContext, request } from './support.js';

/**
 * `adapterHandler`, the Lambda entry point, with nothing injected: its clients come from the environment as in
 * Lambda (region, credentials, and here the endpoint through AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME, research file E5),
 * its settings from AGENTFLOW_* variables.
 */
let fake: FakeAgentRuntime;
const saved = { ...process.env };
beforeAll(async () => {
  fake = await startFakeAgentRuntime();
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME: fake.endpoint,
    AWS_MAX_ATTEMPTS: '1',
    AGENTFLOW_REPAIRS: '0',
    AGENTFLOW_TRACE: 'false',
    AGENTFLOW_DEBUG: '1',
  });
});
afterAll(async () => {
  process.env = saved;
  await fake.close();
});

describe('adapterHandler (the Lambda entry point)', () => {
  it('reads its endpoint and settings from the environment', async () => {
    const { adapterHandler, ADAPTER_ERRORS } = await import('../src/index.js');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      fake.script(answerTurn('{"ok":true}'), answerTurn('not json'));
      expect(await adapterHandler(request({ outputSchema: { type: 'object' } }), lambdaContext())).toEqual({ ok: true });
      await expect(adapterHandler(request({ outputSchema: { type: 'object' } }), lambdaContext())).rejects.toMatchObject({ name: ADAPTER_ERRORS.InvalidAgentOutput });
      // AGENTFLOW_REPAIRS=0: no repair turn; AGENTFLOW_TRACE=false: no traces asked for; AGENTFLOW_DEBUG=1: prompt logged.
      expect(fake.calls.map((c) => c.enableTrace)).toEqual([false, false]);
      const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
      expect(lines.map((l) => [l['outcome'], l['turns']])).toEqual([
        ['ok', 1],
        [ADAPTER_ERRORS.InvalidAgentOutput, 1],
      ]);
      expect(lines[0]!['prompt']).toBe('Write the draft.');
    } finally {
      log.mockRestore();
    }
  });
});
