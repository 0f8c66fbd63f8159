/**
 * Optimized service integrations (`arn:aws:states:::<service>:<api>[suffix]`) and the integration
 * patterns each API supports: request-response (`rr`), run a job (`.sync`, `.sync:2`) and wait for a
 * callback (`.waitForTaskToken`).
 */
export type IntegrationPattern = 'rr' | 'sync' | 'sync:2' | 'waitForTaskToken';

type Apis = Readonly<Record<string, readonly IntegrationPattern[]>>;

const RR: readonly IntegrationPattern[] = ['rr'];
const JOB: readonly IntegrationPattern[] = ['rr', 'sync'];
const CALLBACK: readonly IntegrationPattern[] = ['rr', 'waitForTaskToken'];

const apis = (patterns: readonly IntegrationPattern[], names: string): Apis =>
  Object.fromEntries(names.split(' ').map((name) => [name, patterns]));

export const OPTIMIZED_INTEGRATIONS: Readonly<Record<string, Apis>> = {
  lambda: { invoke: CALLBACK },
  batch: { submitJob: JOB },
  dynamodb: apis(RR, 'getItem putItem updateItem deleteItem'),
  ecs: { runTask: ['rr', 'sync', 'waitForTaskToken'] },
  eks: {
    ...apis(JOB, 'createCluster deleteCluster createFargateProfile deleteFargateProfile createNodegroup deleteNodegroup runJob'),
    call: RR,
  },
  sns: { publish: CALLBACK },
  sqs: { sendMessage: CALLBACK },
  glue: { startJobRun: JOB },
  databrew: { startJobRun: JOB },
  sagemaker: {
    ...apis(JOB, 'createHyperParameterTuningJob createLabelingJob createProcessingJob createTrainingJob createTransformJob'),
    ...apis(RR, 'createEndpoint createEndpointConfig createModel updateEndpoint'),
  },
  elasticmapreduce: {
    ...apis(JOB, 'addStep createCluster terminateCluster'),
    ...apis(RR, 'cancelStep setClusterTerminationProtection modifyInstanceFleetByName modifyInstanceGroupByName'),
  },
  'emr-containers': { ...apis(JOB, 'deleteVirtualCluster startJobRun'), createVirtualCluster: RR },
  'emr-serverless': apis(JOB, 'createApplication startApplication stopApplication deleteApplication startJobRun cancelJobRun'),
  codebuild: {
    ...apis(JOB, 'startBuild startBuildBatch retryBuild retryBuildBatch'),
    ...apis(RR, 'stopBuild stopBuildBatch batchDeleteBuilds batchGetReports deleteBuildBatch'),
  },
  athena: { startQueryExecution: JOB, ...apis(RR, 'stopQueryExecution getQueryExecution getQueryResults') },
  states: { startExecution: ['rr', 'sync', 'sync:2', 'waitForTaskToken'] },
  apigateway: { invoke: CALLBACK },
  events: { putEvents: CALLBACK },
  mediaconvert: { createJob: JOB },
  http: { invoke: RR },
  bedrock: { invokeModel: RR, createModelCustomizationJob: JOB },
  bedrockagentcore: { invokeHarness: RR },
};

/** Optimized S3 APIs that exist only for Distributed Map ItemReader and ResultWriter. */
export const MAP_S3_APIS = {
  ItemReader: ['getObject', 'listObjectsV2'],
  ResultWriter: ['putObject'],
} as const;

/** Frequent mistakes with a known correction. */
export const RESOURCE_CORRECTIONS: Readonly<Record<string, string>> = {
  'bedrock-agent:invokeAgent': 'Bedrock Agents cannot be invoked directly (InvokeAgent streams); call a Lambda function that invokes the agent.',
  'bedrock:invokeAgent': 'Bedrock Agents cannot be invoked directly (InvokeAgent streams); call a Lambda function that invokes the agent.',
  'bedrock-agentcore:invokeHarness': 'The integration is spelled "bedrockagentcore:invokeHarness" (no hyphen).',
  'emr:createCluster': 'Amazon EMR integrations use the "elasticmapreduce" service name.',
  'ses:sendEmail': 'SES has no optimized integration; use "arn:aws:states:::aws-sdk:sesv2:sendEmail".',
  'stepfunctions:startExecution': 'The Step Functions integration is "arn:aws:states:::states:startExecution".',
  'eventbridge:putEvents': 'The EventBridge integration is "arn:aws:states:::events:putEvents".',
};
