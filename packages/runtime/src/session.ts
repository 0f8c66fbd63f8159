import { createHash } from 'node:crypto';

/**
 * The session id passed to InvokeAgent: the request's own when Bedrock accepts it (2–100 characters of
 * `[0-9a-zA-Z._:-]`, API reference InvokeAgent `sessionId`), otherwise its hex SHA-256 (64 characters), which keeps it
 * stable across retries (docs/agent-adapter.md, Sessions).
 */
export function bedrockSessionId(sessionId: string): string {
  return /^[0-9a-zA-Z._:-]{2,100}$/.test(sessionId) ? sessionId : createHash('sha256').update(sessionId, 'utf8').digest('hex');
}

/** `<execution name>:<step id>[:<iteration>…]`: execution names cannot hold `:` (Step Functions naming rules). */
export function sessionParts(sessionId: string): { execution: string; step: string } {
  const [execution = '', step = ''] = sessionId.split(':');
  return { execution, step };
}
