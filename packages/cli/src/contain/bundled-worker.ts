import { useTypeScriptSourcesIfNeeded } from '../workspace-sources.js';

// Entry of the workflow thread of the shipped bin (dist/agentflow-worker.mjs); worker-boot.mjs is its source twin.
await useTypeScriptSourcesIfNeeded(import.meta.resolve('@agentflow/dsl'));
await import('./worker.js');
