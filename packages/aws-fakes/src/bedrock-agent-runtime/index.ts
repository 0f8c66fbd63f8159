export { startFakeAgentRuntime, answerTurn, usageTrace, type FakeAgentRuntime, type FakeAgentRuntimeOptions, type AgentTurn, type AgentStreamEvent, type AgentCall } from './fake-agent-runtime.js';
export { chunkFrame, eventFrame, exceptionFrame } from './event-frames.js';
