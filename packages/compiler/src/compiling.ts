/**
 * @agentflow/compiler/compiling — what the CLI's workflow thread needs to read the project config and compile a
 * workflow, without the graph, cost, contract and deploy helpers the package root also offers.
 *
 * Why a separate entry: with code splitting, esbuild gives the root's importers the modules every export pulls in,
 * so the thread that runs a plain `compile` would load the graph and cost code too (see reporting.ts for the same
 * reason on the CLI's own thread). `agentflow graph` and `agentflow cost` load those facts when they ask for them.
 */
export { compileWorkflow, type CompileOptions, type CompileResult } from './compile.js';
export { type Diagnostic } from './diagnostics/diagnostic.js';
export { loadConfig, findConfig, selectEnvironment, CONFIG_FILE } from './config/load-config.js';
export { type Environment } from './config/project-config.js';
export { type PricingConfig } from './config/pricing-config.js';
export { applyLock, hasAgentsByName, lockFileFor, readLockfile } from './config/lockfile.js';
