import { dirname, join } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { describeReadProblem, readBoundedFile } from '../files/read-bounded.js';
import { compareCodePoints } from '../text/compare-code-points.js';
import { joinPointer } from '../validate-asl/json/json-pointer.js';
import { SourceLocator } from '../validate-asl/json/source-locator.js';
import type { Environment } from './project-config.js';

/**
 * agentflow.lock.json: the Bedrock ids of agents configured by name, per environment, as `agentflow resolve` (or
 * deploy) found them in the account. Compile reads it instead of calling AWS, so it stays offline and deterministic;
 * committing it makes every change of resolution visible in review. It holds no timestamps: git says when.
 */
export const LOCK_FILE = 'agentflow.lock.json';
export const LOCKFILE_VERSION = 1;

const LockedAliasSchema = z
  .object({
    aliasName: z.string().min(1),
    aliasId: z.string().regex(/^[0-9a-zA-Z]{10}$/, 'must be a 10-character Bedrock alias id'),
    /** The agent version the alias routes to (routingConfiguration[0].agentVersion); DRAFT for the draft alias. */
    agentVersion: z.string().min(1),
  })
  .strict();

const LockedAgentSchema = z
  .object({
    agentName: z.string().min(1),
    agentId: z.string().regex(/^[0-9a-zA-Z]{10}$/, 'must be a 10-character Bedrock agent id'),
    aliases: z.record(z.string().min(1), LockedAliasSchema),
  })
  .strict();

export const LockfileSchema = z
  .object({
    lockfileVersion: z.literal(LOCKFILE_VERSION),
    environments: z.record(z.string().min(1), z.object({ agents: z.record(z.string().min(1), LockedAgentSchema) }).strict()),
  })
  .strict();

/** One alias of a locked agent: which Bedrock alias the workflows' alias name resolved to, and the version it routes to. */
export interface LockedAlias {
  aliasName: string;
  aliasId: string;
  agentVersion: string;
}

/** One agent configured by name, as resolved: its Bedrock name and id, and its aliases by the name workflows use. */
export interface LockedAgent {
  agentName: string;
  agentId: string;
  aliases: Record<string, LockedAlias>;
}

export interface Lockfile {
  lockfileVersion: typeof LOCKFILE_VERSION;
  environments: Record<string, { agents: Record<string, LockedAgent> }>;
}

/** The lock file that belongs to a config: beside it. */
export function lockFileFor(configFile: string): string {
  return join(dirname(configFile), LOCK_FILE);
}

/** Whether any agent of the environment is configured by name (and so needs the lock). */
export function hasAgentsByName(env: Pick<Environment, 'agents'>): boolean {
  return Object.values(env.agents).some((agent) => agent.name !== undefined);
}

export type LockfileResult = { ok: true; lock: Lockfile | undefined } | { ok: false; diagnostics: Diagnostic[] };

/** Reads and checks a lock file; a missing file is no lock (`lock: undefined`), anything else wrong is located. */
export function readLockfile(file: string): LockfileResult {
  const read = readBoundedFile(file);
  const invalid = (message: string, line = 1, column = 1, hint = `${LOCK_FILE} is generated, not edited: delete it and run \`agentflow resolve --env <env>\` for each environment.`): LockfileResult => ({
    ok: false,
    diagnostics: [{ code: 'lockfile-invalid', severity: 'error', message, loc: { file, line, column }, hint }],
  });
  if (!read.ok) {
    if (read.problem === 'missing') return { ok: true, lock: undefined };
    return invalid(`Cannot read ${LOCK_FILE}: ${describeReadProblem(read)}.`);
  }
  const locator = new SourceLocator(read.text);
  const errors: ParseError[] = [];
  const value: unknown = parse(read.text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length > 0) {
    return {
      ok: false,
      diagnostics: errors.map((e) => {
        const at = locator.position(e.offset);
        return { code: 'lockfile-invalid', severity: 'error' as const, message: `${LOCK_FILE} is not valid JSON: ${printParseErrorCode(e.error)}.`, loc: { file, ...at }, hint: 'Resolve the merge conflict or rerun `agentflow resolve`.' };
      }),
    };
  }
  const parsed = LockfileSchema.safeParse(value);
  if (parsed.success) return { ok: true, lock: parsed.data };
  return {
    ok: false,
    diagnostics: parsed.error.issues.map((issue) => {
      const segments = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      const target = issue.code === 'unrecognized_keys' ? joinPointer('', ...segments, issue.keys[0] ?? '') : joinPointer('', ...segments);
      const at = locator.locate(target, issue.code === 'unrecognized_keys' ? 'key' : 'value');
      const where = segments.join('.') || '(root)';
      return {
        code: 'lockfile-invalid',
        severity: 'error' as const,
        message: `${LOCK_FILE}: ${where}: ${issue.message}`,
        loc: { file, ...at },
        hint: `${LOCK_FILE} is generated, not edited: delete it and run \`agentflow resolve --env <env>\` for each environment.`,
      };
    }),
  };
}

/** The lock with one environment's agents replaced (an empty set removes the environment); other environments stay. */
export function withEnvironmentAgents(lock: Lockfile | undefined, envName: string, agents: Record<string, LockedAgent>): Lockfile {
  const environments = { ...(lock?.environments ?? {}) };
  if (Object.keys(agents).length === 0) delete environments[envName];
  else environments[envName] = { agents };
  return { lockfileVersion: LOCKFILE_VERSION, environments };
}

/** The file's text: keys sorted at every level, two-space indent, trailing newline. Same lock, same bytes. */
export function formatLockfile(lock: Lockfile): string {
  return `${JSON.stringify(sortKeys(lock), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => compareCodePoints(a, b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/**
 * The environment with each by-name agent carrying its locked ids (`locked`), for compile. Agents the lock lacks
 * stay without: compile reports them where a workflow uses them (agent-not-resolved), and ignores unused ones.
 */
export function applyLock(env: Environment, envName: string, lock: Lockfile | undefined): Environment {
  const lockedAgents = lock?.environments[envName]?.agents ?? {};
  const agents: Environment['agents'] = {};
  for (const [logical, agent] of Object.entries(env.agents)) {
    const locked = lockedAgents[logical];
    if (agent.name === undefined || locked === undefined) {
      agents[logical] = agent;
      continue;
    }
    const aliases = Object.fromEntries(Object.entries(locked.aliases).map(([alias, a]) => [alias, { aliasName: a.aliasName, aliasId: a.aliasId }]));
    agents[logical] = { ...agent, locked: { agentName: locked.agentName, agentId: locked.agentId, aliases } };
  }
  return { ...env, agents };
}
