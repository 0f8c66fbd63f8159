import type { Io } from '../io.js';
import { runAliasCommand, type AliasCommandOptions } from './alias-commands.js';

/** `agentflow rollback <workflow> [--to VERSION]`: the alias → 100% on an existing older version; no re-deploy. */
export function runRollback(workflow: string, options: AliasCommandOptions, io: Io): Promise<number> {
  return runAliasCommand('rollback', workflow, options, io);
}
