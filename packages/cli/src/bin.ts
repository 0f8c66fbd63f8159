#!/usr/bin/env -S node --import tsx
import { main } from './program.js';
import { processIo } from './io.js';

try {
  process.exitCode = await main(process.argv.slice(2), processIo());
} catch (error) {
  // Only a defect in agentflow reaches here; user mistakes are diagnostics or usage errors.
  process.stderr.write(`internal error: agentflow failed unexpectedly. Please report this with the command you ran.\n${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 70;
}
