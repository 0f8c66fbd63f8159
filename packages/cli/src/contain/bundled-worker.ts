import { useTypeScriptSourcesIfNeeded } from '../workspace-sources.js';
import { startEsbuildService } from '../load-esbuild.js';

// Entry of the workflow thread of the shipped bin (dist/agentflow-worker.mjs); worker-boot.mjs is its source twin.
// The shipped bin transpiles TypeScript workflows with esbuild (transpile-import.ts): its process starts first.
startEsbuildService();
await useTypeScriptSourcesIfNeeded(import.meta.resolve('@agentflow/dsl'));
await import('./worker.js');
