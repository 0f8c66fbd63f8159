import type { Io } from '../io.js';
import { runAliasCommand, type AliasCommandOptions } from './alias-commands.js';

/** `agentflow promote <workflow>`: a canary split → 100% on the new version. */
export function runPromote(workflow: string, options: AliasCommandOptions, io: Io): Promise<number> {
  return runAliasCommand('promote', workflow, options, io);
}
