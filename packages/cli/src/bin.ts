#!/usr/bin/env -S node --import tsx
import { main } from './program.js';
import { processIo } from './io.js';
import { BUNDLED } from './bundled.js';
import { prepareShippedCommand } from './command-startup.js';

// From the sources, tsx is registered already and V8 keeps its defaults.
const beforeCommand = BUNDLED ? prepareShippedCommand : undefined;

let code: number;
try {
  code = await main(process.argv.slice(2), processIo(), beforeCommand);
} catch (error) {
  // Only a defect in agentflow reaches here; user mistakes are diagnostics or usage errors.
  process.stderr.write(`internal error: agentflow failed unexpectedly. Please report this with the command you ran.\n${error instanceof Error ? error.stack : String(error)}\n`);
  code = 70;
}
// The work is done: timers or sockets that workflow or mocks code left open (`run` loads them in this process) must
// not keep the CLI alive. Exit once what was written to stdout and stderr has been handed to the OS.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
process.exit(code);
