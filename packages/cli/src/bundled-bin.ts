// Entry of the shipped bin (dist/agentflow.mjs); what it does before a command runs is in command-startup.ts.
// Imported, not loaded on demand, so that esbuild puts both in this file: `--help` then loads fewer files.
import './prestart.js';
import './bin.js';
