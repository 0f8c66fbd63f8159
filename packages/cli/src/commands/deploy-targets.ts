import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_ALIAS, definitionHash } from '@agentflow/deploy';
import { stateMachineArnFor, type Environment } from '@agentflow/compiler';
import type { Io } from '../io.js';
import { UsageError } from '../errors.js';
import { workflowFileSet } from '../workflow-files.js';
import { renderDiagnostics } from '../render/diagnostics-text.js';
import { compileAll } from './deploy-compile.js';

/** A workflow a status, promote or rollback command acts on; the hash only when it was compiled from a file. */
export interface NamedTarget {
  readonly workflow: string;
  readonly stateMachineArn: string;
  readonly alias: string;
  readonly localHash?: string;
}

/**
 * `<workflow>` arguments: an existing file or directory is compiled (its workflows' names and definition hashes);
 * anything else is a workflow name. Undefined when compiling failed (its diagnostics are printed).
 */
export async function resolveTargets(args: readonly string[], project: { env: Environment; envName: string }, io: Io, alias?: string): Promise<NamedTarget[] | undefined> {
  const aliasName = alias ?? project.env.alias ?? DEFAULT_ALIAS;
  const paths = args.filter((a) => existsSync(resolve(io.cwd, a)));
  const names = args.filter((a) => !paths.includes(a));
  for (const name of names) {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) throw new UsageError(`'${name}' is neither a file nor a workflow name.`, 'Pass a workflow file, a directory, or the name a workflow(...) call gives.');
  }
  const targets: NamedTarget[] = names.map((workflow) => ({ workflow, stateMachineArn: stateMachineArnFor(project.env, workflow), alias: aliasName }));
  if (paths.length > 0) {
    const compiled = await compileAll(workflowFileSet(paths, io.cwd), project, io);
    io.stderr(renderDiagnostics(compiled.diagnostics, io.cwd));
    if (!compiled.ok) return undefined;
    for (const w of compiled.workflows) {
      targets.push({ workflow: w.name, stateMachineArn: stateMachineArnFor(project.env, w.name), alias: aliasName, localHash: definitionHash(w.aslText) });
    }
  }
  return targets;
}
