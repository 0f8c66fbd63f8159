// Entry of the shipped bin (dist/agentflow.mjs). bin.ts registers tsx before a command runs when the DSL it finds is
// TypeScript source (a checkout; see workspace-sources.ts).
await import('./bin.js');
