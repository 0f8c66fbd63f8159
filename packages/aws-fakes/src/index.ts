export { startLoopback, type LoopbackServer, type LoopbackRequest, type LoopbackReply } from './loopback-server.js';
export { FaultPlan, type Fault, type FaultKind } from './faults.js';
export { FAKE_CREDENTIALS, fakeAwsEnv } from './credentials.js';
export * from './sfn/index.js';
export * from './sts/index.js';
export { startFakeBedrockAgent, type FakeBedrockAgent, type FakeBedrockAgentCall, type FakeAgent, type FakeAgentAlias } from './bedrock-agent/fake-bedrock-agent.js';
export * from './bedrock-agent-runtime/index.js';
export * from './s3/index.js';
export * from './sns/index.js';
