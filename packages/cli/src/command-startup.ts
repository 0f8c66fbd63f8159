import { useTypeScriptSourcesIfNeeded } from './workspace-sources.js';

/**
 * What the shipped bin does before a command's action runs (bin.ts), and never for `--help` or a usage error, which
 * then pay for neither: the DSL is resolved (tsx is registered when it is TypeScript source, in a checkout; see
 * workspace-sources.ts), and V8's optimization budget is raised.
 *
 * A CLI run lasts about a second, too short for V8's optimizing compiler to pay off: measured on `agentflow compile`,
 * code optimized early (the YAML parser, the compiler passes) costs more CPU to compile, on background threads, than
 * it saves. A 15 times larger budget (V8's default is 67584) leaves only code that stays hot to be optimized: one
 * workflow compiles with ~8% less CPU, the ten seed workflows with ~20% less, and a long `compile --watch` or deploy
 * still optimizes its hot paths. Flags are process-wide, so the workflow thread gets it too. It changes how fast code
 * runs, never what it computes.
 */
export async function prepareShippedCommand(): Promise<void> {
  await raiseInterruptBudget();
  await useTypeScriptSourcesIfNeeded(import.meta.resolve('@agentflow/dsl'));
}

/** V8's optimization budget, raised for this process and its threads (see above); setting it twice is harmless. */
export async function raiseInterruptBudget(): Promise<void> {
  // V8 prints "unrecognized flag" on stderr for a flag it no longer has: set it only on the Node lines it was
  // measured on and whose V8 has it (20 to 24).
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 20 && major <= 24) (await import('node:v8')).setFlagsFromString('--interrupt-budget=1000000');
}
