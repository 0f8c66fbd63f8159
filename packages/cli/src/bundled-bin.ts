// Entry of the shipped bin (dist/agentflow.mjs); what it does before a command runs is in command-startup.ts.
await import('./bin.js');
