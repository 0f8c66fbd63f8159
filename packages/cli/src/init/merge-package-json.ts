/** The result of merging the scaffold's scripts and devDependencies into a package.json. */
export interface PackageJsonMerge {
  /** The new file text; the same string as the old one when nothing was added. */
  readonly text: string;
  /** Scripts and devDependencies added, as `scripts.compile`, `devDependencies.zod`. */
  readonly added: string[];
  /** Scripts the project already has with another command: kept as they are, listed so the user can add ours by hand. */
  readonly kept: { readonly name: string; readonly command: string }[];
}

export interface PackageFragment {
  readonly scripts: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** A new project's package.json: an ES module package (the workflows and the DSL are ES modules) named after its folder. */
export function newPackageJson(folderName: string, fragment: PackageFragment): string {
  const json = { name: packageName(folderName), private: true, type: 'module', scripts: fragment.scripts, devDependencies: fragment.devDependencies };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * Adds the missing scripts and devDependencies to an existing package.json. Never replaces anything: a script of
 * the same name stays (reported in `kept`), and a package the project already depends on in any dependency field
 * keeps its range. Key order, indentation and the final newline are kept, so the diff shows only the additions.
 * Returns a message instead when the file is not a JSON object.
 */
export function mergePackageJson(text: string, fragment: PackageFragment): PackageJsonMerge | { readonly problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(json)) return { problem: 'it is not a JSON object' };
  for (const field of ['scripts', ...DEPENDENCY_FIELDS]) {
    if (json[field] !== undefined && !isObject(json[field])) return { problem: `its "${field}" is not an object` };
  }
  const added: string[] = [];
  const kept: { name: string; command: string }[] = [];
  const scripts: Json = { ...(json.scripts as Json | undefined) };
  for (const [name, command] of Object.entries(fragment.scripts)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      added.push(`scripts.${name}`);
    } else if (scripts[name] !== command) {
      kept.push({ name, command });
    }
  }
  const devDependencies: Json = { ...(json.devDependencies as Json | undefined) };
  for (const [name, range] of Object.entries(fragment.devDependencies)) {
    if (DEPENDENCY_FIELDS.some((field) => (json[field] as Json | undefined)?.[name] !== undefined)) continue;
    devDependencies[name] = range;
    added.push(`devDependencies.${name}`);
  }
  if (added.length === 0) return { text, added, kept };
  // No empty devDependencies object when every package was already a dependency.
  const merged: Json = { ...json, scripts, ...(Object.keys(devDependencies).length > 0 ? { devDependencies } : {}) };
  return { text: `${JSON.stringify(merged, null, indentOf(text))}${/\n$/.test(text) ? '\n' : ''}`, added, kept };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The indentation of the first indented line (two spaces when there is none). */
function indentOf(text: string): string | number {
  return /\n([ \t]+)\S/.exec(text)?.[1] ?? 2;
}

/** npm's package name rules: lowercase, URL-safe, not starting with `.` or `_`, at most 214 characters. */
function packageName(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
    .slice(0, 214);
  return name === '' ? 'agentflow-workflows' : name;
}
