import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_SCHEMA_FILE } from '../commands/config-schema.js';

const CLI_PACKAGE = '@agentflow/cli';

/** A scaffolded file: where it goes (relative to the project, `/`-separated) and the template it is made from. */
export interface TemplateFile {
  readonly target: string;
  readonly template: string;
  /** `package-json` and `gitignore` are merged into an existing file (keys and lines added) instead of replacing it. */
  readonly kind: 'file' | 'package-json' | 'gitignore';
}

/**
 * What `agentflow init` writes, in the order it is listed. Template names avoid `.gitignore` and `.github`, which
 * `npm pack` drops or renames, and `package.json`, which would make the template folder a package of its own.
 */
export const INIT_FILES: readonly TemplateFile[] = [
  { target: 'agentflow.config.yaml', template: 'agentflow.config.yaml', kind: 'file' },
  { target: 'workflows/hello.ts', template: 'workflows/hello.ts', kind: 'file' },
  { target: 'workflows/hello.mocks.json', template: 'workflows/hello.mocks.json', kind: 'file' },
  { target: 'tsconfig.json', template: 'tsconfig.json', kind: 'file' },
  { target: 'package.json', template: 'package.fragment.json', kind: 'package-json' },
  { target: '.github/workflows/agentflow.yml', template: 'github-actions.yml', kind: 'file' },
  { target: '.gitignore', template: 'gitignore', kind: 'gitignore' },
];

/** Where the editor finds the config schema once the CLI is installed in the project (the first line of the config). */
export const INSTALLED_SCHEMA_PATH = `./node_modules/${CLI_PACKAGE}/${CONFIG_SCHEMA_FILE}`;

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
}

/** The folder of the nearest package.json named `name` above `from`: the same in the source tree and in a bundle. */
function packageRoot(from: string, name: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as PackageJson).name === name) return dir;
    if (dirname(dir) === dir) throw new Error(`${name}: package.json not found above ${from}`);
  }
}

function readPackageJson(dir: string): PackageJson {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** The CLI package's own folder (templates/, schemas/ and package.json sit there). */
export function cliPackageRoot(): string {
  return packageRoot(dirname(fileURLToPath(import.meta.url)), CLI_PACKAGE);
}

/**
 * The values the templates' `@@name@@` placeholders stand for. They come only from the installed packages (the CLI's
 * version, the DSL's version and the zod range it accepts), never from a clock or a random source, so the same CLI
 * scaffolds the same bytes everywhere.
 */
export function templateValues(cliRoot: string): Record<string, string> {
  const cli = readPackageJson(cliRoot);
  // The DSL as the CLI resolves it (a sibling in the workspace, a dependency once installed): the project must
  // use the same major version, and a zod its schemas accept.
  const dsl = readPackageJson(packageRoot(dirname(fileURLToPath(import.meta.resolve('@agentflow/dsl'))), '@agentflow/dsl'));
  // A peer of the published DSL (the project provides the one zod that workflows and the CLI share).
  const zod = dsl.peerDependencies?.zod ?? dsl.dependencies?.zod;
  if (cli.version === undefined || dsl.version === undefined || zod === undefined) throw new Error('the CLI or DSL package.json lacks a version or the zod range');
  return { schemaPath: INSTALLED_SCHEMA_PATH, cliVersion: `^${cli.version}`, dslVersion: `^${dsl.version}`, zodVersion: zod };
}

const PLACEHOLDER = /@@([A-Za-z]+)@@/g;

/** Fills `@@name@@` placeholders; one without a value is a defect of the template, not of the user's input. */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>, shown: string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template ${shown}: no value for @@${name}@@`);
    return value;
  });
}

/** The template's text with its placeholders filled. */
export function readTemplate(cliRoot: string, file: TemplateFile, values: Readonly<Record<string, string>>): string {
  return renderTemplate(readFileSync(join(cliRoot, 'templates/init', file.template), 'utf8'), values, file.template);
}
