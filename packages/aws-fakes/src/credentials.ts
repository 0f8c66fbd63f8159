/** Static credentials the fakes accept; they sign requests like real ones, and no fake checks the signature. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret-access-key' } as const;

/**
 * Environment variables that point a process's SDK clients at fakes: credentials, region, no shared config files,
 * no instance metadata, and the Node 20 support warning silenced so stderr stays stable.
 */
export function fakeAwsEnv(endpoints: { sfn?: string; bedrockAgent?: string; sts?: string; sns?: string; ssm?: string }, region = 'us-east-1'): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: region,
    AWS_CONFIG_FILE: '/nonexistent/agentflow-test-aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/agentflow-test-aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...(endpoints.sfn ? { AWS_ENDPOINT_URL_SFN: endpoints.sfn } : {}),
    ...(endpoints.bedrockAgent ? { AWS_ENDPOINT_URL_BEDROCK_AGENT: endpoints.bedrockAgent } : {}),
    ...(endpoints.sts ? { AWS_ENDPOINT_URL_STS: endpoints.sts } : {}),
    ...(endpoints.sns ? { AWS_ENDPOINT_URL_SNS: endpoints.sns } : {}),
    ...(endpoints.ssm ? { AWS_ENDPOINT_URL_SSM: endpoints.ssm } : {}),
  };
}
