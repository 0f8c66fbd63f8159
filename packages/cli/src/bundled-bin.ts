import { useTypeScriptSourcesIfNeeded } from './workspace-sources.js';

// Entry of the shipped bin (dist/agentflow.mjs). Everything else is loaded once the DSL can be.
await useTypeScriptSourcesIfNeeded(import.meta.resolve('@agentflow/dsl'));
await import('./bin.js');
