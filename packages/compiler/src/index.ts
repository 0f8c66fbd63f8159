/** @agentflow/compiler — validates workflows, emits ASL, and checks ASL definitions. */
export { compileWorkflow, type CompileOptions, type CompileResult } from './compile.js';
export { hasErrors, sortDiagnostics, type Diagnostic, type Severity } from './diagnostics/diagnostic.js';
export { loadConfig, findConfig, selectEnvironment, CONFIG_FILE, type ConfigResult } from './config/load-config.js';
export { EnvironmentSchema, ProjectConfigSchema, type Environment, type EnvironmentConfig, type AgentConfig, type LockedAgentIds, type ProjectConfig } from './config/project-config.js';
export { PricingSchema, type PricingConfig } from './config/pricing-config.js';
export { LOCK_FILE, LOCKFILE_VERSION, LockfileSchema, lockFileFor, hasAgentsByName, readLockfile, withEnvironmentAgents, formatLockfile, applyLock, type Lockfile, type LockedAgent, type LockedAlias, type LockfileResult } from './config/lockfile.js';
export { stateMachineNameFor, stateMachineArnFor } from './config/state-machine-name.js';
export { configJsonSchema, configJsonSchemaText } from './config/config-json-schema.js';
export { stableJson, canonicalDefinition } from './emit/asl/canonical-json.js';
export { indexSteps, type StepIndex, type StepInfo, type Scope } from './passes/step-index.js';
export { stepExprs, type StepExpr } from './passes/step-exprs.js';
export { generateIam, iamText, type IamArtifact, type IamContext } from './iam/index.js';
export { payloadReport, renderPayloadReport, type PayloadReport, type PayloadReportRow } from './passes/payload/payload-report.js';
export { schemaBound, type Bound, type BoundOptions } from './passes/payload/schema-bounds/index.js';
export * from './validate-asl/index.js';
export { AGENT_ADAPTER_REQUEST_SCHEMA, ANSWER_TOO_LARGE } from './contract/agent-adapter-request.js';
export { APPROVAL_REQUEST_KIND, APPROVAL_REQUEST_SCHEMA, APPROVAL_REQUEST_VERSION } from './contract/approval-request.js';
export { readBoundedFile, readBoundedStream, boundedText, describeReadProblem, specialKind, READ_LIMIT_BYTES, type BoundedRead } from './files/read-bounded.js';
export { compareCodePoints } from './text/compare-code-points.js';
export { terminalSafe, MAX_SHOWN } from './text/terminal-safe.js';
export { buildGraph, graphFacts, graphText, renderMermaid, renderDot, renderAscii, mermaidText, dotString, workflowsMarkdown, GRAPH_EXTENSIONS, MERMAID_MAX_TEXT, type WorkflowDiagram, type Graph, type GraphCluster, type GraphEdge, type GraphItem, type GraphLimits, type GraphNode, type NodeShape, type GraphFacts, type GraphStep, type GraphFormat } from './graph/index.js';
export { estimateTransitions, countEntries, type EntryWeight, type TransitionBounds, type TransitionEstimate, type TransitionInputs } from './cost/transitions.js';
export {
  workflowCost,
  costFacts,
  transitionInputs,
  UNBOUNDED_MAP_ITEMS,
  BYTES_PER_TOKEN_ESTIMATE,
  STEP_FUNCTIONS_LINE,
  type CostOptions,
  type CostLine,
  type CostSource,
  type CostFacts,
  type TokenSource,
  type MonthlyCost,
  type WorkflowCost,
  type ChildCost,
  type ChildCostFacts,
} from './cost/workflow-cost.js';
export { measuredScenario, type ScenarioRun, type MeasuredScenario, type ScenarioStatus, type BoundCheck } from './cost/measured-transitions.js';
export { compiledCostFacts } from './cost/child-facts.js';
export { DEFAULT_PRICES, resolvePrices, type Prices } from './cost/prices.js';
export { stateUsage, USAGE_KINDS, type StateUsage, type UsageKind } from './cost/service-usage.js';
export type { AslScope, AslState } from './cost/state-graph.js';
