export { resolveAgents, DRAFT_ALIAS_ID, type ByNameAgentConfig, type LockedAgent, type LockedAlias } from './resolve-agents.js';
export { lockDrift } from './lock-drift.js';
export { agentSdkProblem } from './agent-errors.js';
export { closeNames, editDistance } from './close-names.js';
export { createAgentClient } from './agent-client.js';
