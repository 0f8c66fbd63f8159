import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { describeReadProblem, readBoundedFile } from '../files/read-bounded.js';
import { ProjectConfigSchema, type Environment, type ProjectConfig } from './project-config.js';
import { unknownKeyHint } from './unknown-key-hint.js';

export const CONFIG_FILE = 'agentflow.config.yaml';

/** Walks up from `start` to the nearest project config. */
export function findConfig(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export type ConfigResult = { ok: true; config: ProjectConfig; file: string } | { ok: false; diagnostics: Diagnostic[] };

/** Reads and checks a project config; problems come back located at their line and column. */
export function loadConfig(file: string): ConfigResult {
  // Bounded like every file a user names: a FIFO or /dev/zero given as --config must not hang or fill memory.
  const read = readBoundedFile(file);
  if (!read.ok) {
    if (read.problem === 'too-large') {
      return {
        ok: false,
        diagnostics: [{ code: 'config-too-large', severity: 'error', message: `The project config is too large: ${describeReadProblem(read)}.`, loc: { file, line: 1, column: 1 }, hint: 'A project config is a few lines of YAML; check that --config names the right file.' }],
      };
    }
    const why = read.problem === 'missing' ? '' : `: ${describeReadProblem(read)}`;
    return { ok: false, diagnostics: [{ code: 'config-not-found', severity: 'error', message: `Cannot read the project config ${file}${why}.`, hint: `Create ${CONFIG_FILE} (see README).` }] };
  }
  const text = read.text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((e) => ({ code: 'config-invalid-yaml', severity: 'error' as const, message: e.message.split('\n')[0]!, loc: at(e.pos[0]) })),
    };
  }
  const parsed = ProjectConfigSchema.safeParse(doc.toJS());
  if (parsed.success) {
    const config = parsed.data;
    if (!(config.defaultEnvironment in config.environments)) {
      const node = doc.get('defaultEnvironment', true);
      return {
        ok: false,
        diagnostics: [
          {
            code: 'config-invalid',
            severity: 'error',
            message: `defaultEnvironment '${config.defaultEnvironment}' is not one of the environments (${Object.keys(config.environments).join(', ')}).`,
            ...(isNode(node) && node.range ? { loc: at(node.range[0]) } : {}),
          },
        ],
      };
    }
    return { ok: true, config, file };
  }
  return {
    ok: false,
    diagnostics: parsed.error.issues.map((issue) => {
      const path = issue.path.map(String);
      let node: unknown = path.length ? doc.getIn(path, true) : doc.contents;
      // A missing key has no node: point at the closest existing parent instead.
      for (let n = path.length - 1; !isNode(node) && n >= 0; n--) node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      // An unknown key: point at the key itself, not at the mapping that holds it.
      if (issue.code === 'unrecognized_keys' && isMap(node)) {
        const key = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === issue.keys[0])?.key;
        if (isNode(key)) node = key;
      }
      const loc = isNode(node) && node.range ? at(node.range[0]) : undefined;
      return {
        code: 'config-invalid',
        severity: 'error' as const,
        message: `${path.join('.') || '(root)'}: ${issue.message}`,
        ...(loc ? { loc } : {}),
        hint: issue.code === 'unrecognized_keys' ? unknownKeyHint(issue.path, issue.keys) : 'Fix the project config; docs/configuration.md describes its fields.',
      };
    }),
  };
}

/** Picks an environment by name (or the default). */
export function selectEnvironment(config: ProjectConfig, name: string | undefined): { ok: true; name: string; env: Environment } | { ok: false; message: string } {
  const chosen = name ?? config.defaultEnvironment;
  const env = config.environments[chosen];
  if (!env) return { ok: false, message: `Unknown environment '${chosen}'; the config defines ${Object.keys(config.environments).join(', ')}.` };
  return { ok: true, name: chosen, env };
}
