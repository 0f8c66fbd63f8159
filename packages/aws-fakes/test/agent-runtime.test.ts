import { BedrockAgentRuntimeClient, InvokeAgentCommand, ThrottlingException, ValidationException } from '@aws-sdk/client-bedrock-agent-runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS } from '../src/credentials.js';
import { answerTurn, startFakeAgentRuntime, usageTrace, type FakeAgentRuntime } from '../src/bedrock-agent-runtime/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let fake: FakeAgentRuntime;
let client: BedrockAgentRuntimeClient;
beforeEach(async () => {
  fake = await startFakeAgentRuntime();
  // The default request handler (HTTP/2) is the point: no requestHandler option.
  client = new BedrockAgentRuntimeClient({ endpoint: fake.endpoint, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
});
afterEach(async () => {
  client.destroy();
  await fake.close();
});

async function invoke(sessionId: string, inputText = 'hi'): Promise<{ text: string; traces: unknown[] }> {
  const reply = await client.send(new InvokeAgentCommand({ agentId: 'AGENT00001', agentAliasId: 'ALIAS00001', sessionId, inputText, enableTrace: true }));
  const decoder = new TextDecoder();
  let text = '';
  const traces: unknown[] = [];
  for await (const event of reply.completion!) {
    if (event.chunk?.bytes) text += decoder.decode(event.chunk.bytes, { stream: true });
    if (event.trace) traces.push(event.trace.trace);
  }
  return { text: text + decoder.decode(), traces };
}

describe('fake Bedrock Agent Runtime (h2c) with the real client', () => {
  it('streams an answer cut inside multi-byte characters, with a usage trace, and records the call', async () => {
    fake.script(answerTurn('héllo — wörld ✓', { chunks: 7, usage: { inputTokens: 12, outputTokens: 5 } }));
    const { text, traces } = await invoke('exec-1:step:0', 'the prompt');
    expect(text).toBe('héllo — wörld ✓');
    expect(traces).toEqual([usageTrace({ inputTokens: 12, outputTokens: 5 })['trace']]);
    expect(fake.calls.map((c) => [c.agentId, c.agentAliasId, c.sessionId, c.inputText, c.enableTrace])).toEqual([['AGENT00001', 'ALIAS00001', 'exec-1:step:0', 'the prompt', true]]);
  });

  it('refuses before the stream with HTTP 429 ThrottlingException', async () => {
    fake.script({ refuse: { status: 429, type: 'ThrottlingException', message: 'slow down' } });
    await expect(invoke('s1')).rejects.toBeInstanceOf(ThrottlingException);
  });

  it('throws an exception frame from the middle of the stream', async () => {
    fake.script({ events: [{ chunk: 'part' }, { exception: 'throttlingException', message: 'Rate exceeded' }] });
    await expect(invoke('s1')).rejects.toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
  });

  it('refuses a session id outside the service pattern', async () => {
    await expect(invoke('bad session')).rejects.toBeInstanceOf(ValidationException);
  });

  it('says when the script has no turn left', async () => {
    await expect(invoke('s1')).rejects.toMatchObject({ name: 'InternalServerException', message: expect.stringContaining('no turn') });
  });
});
