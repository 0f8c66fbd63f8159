/**
 * What `agentflow graph` and `agentflow cost` ask of a compiled workflow beyond the compile itself. The workflow
 * thread imports this module only for a job that asks for these facts (worker.ts), so that esbuild puts the graph
 * and cost code in a chunk of its own, which a plain `compile` never loads.
 */
export { compiledCostFacts, graphFacts } from '@agentflow/compiler';
