import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';

/**
 * The Bedrock Agent client name resolution uses: the region from the environment, endpoint and credentials from
 * the SDK's usual chain (AWS_ENDPOINT_URL_BEDROCK_AGENT, AWS_PROFILE, …), and 5 attempts, as the control plane
 * throttles bursts (research a.5 point 13).
 */
export function createAgentClient(region: string): BedrockAgentClient {
  return new BedrockAgentClient({ region, maxAttempts: 5 });
}
