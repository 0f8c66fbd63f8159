/**
 * Whether a command line will load workflow files in the workflow thread, told from argv alone, before commander or
 * any command module is loaded, so that the shipped bin can start the thread first (prestarted-thread.ts). It says
 * yes only to a line that commander will accept and whose action then builds the thread with the default limits:
 * every option is one the command declares (a table checked against program.ts by thread-command.test.ts) and has
 * its value, and the arguments the action checks first are there. Anything else, `--help`, an unknown or misspelled
 * option, `compile --watch` (its thread boots another entry) or `--memory-limit` (another heap cap), says no: the
 * command then starts its thread itself, as it always did.
 */
export function commandNeedsThread(argv: readonly string[]): boolean {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : THREAD_COMMANDS[name];
  if (!command) return false;
  const positionals: string[] = [];
  const given = new Set<string>();
  for (let i = 0; i < rest.length; i += 1) {
    const token = rest[i]!;
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const option = eq > 0 ? token.slice(0, eq) : token;
    const canonical = command.aliases?.[option] ?? option;
    if (command.values.includes(canonical)) {
      const value = rest[i + 1];
      // `-` is standard input (--files-from -, --input -); another option there is a mistake this does not judge.
      if (eq < 0 && (value === undefined || (value.startsWith('-') && value !== '-'))) return false;
      if (eq < 0) i += 1;
    } else if (!command.flags.includes(canonical) || eq > 0) return false;
    given.add(canonical);
  }
  return command.needs(positionals, given);
}

interface ThreadCommand {
  /** Options that take a value, by their long name. */
  readonly values: readonly string[];
  /** Options without a value. */
  readonly flags: readonly string[];
  /** Short names, and the long name each stands for. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Whether the action gets as far as the thread with these arguments and options. */
  readonly needs: (positionals: readonly string[], given: ReadonlySet<string>) => boolean;
}

const PROJECT = { '-e': '--env', '-c': '--config' };
const isDefinition = (path: string) => path.endsWith('.json');

/** The commands that build a WorkflowWorker, with the options program.ts declares for them. */
export const THREAD_COMMANDS: Readonly<Record<string, ThreadCommand>> = {
  compile: {
    values: ['--files-from', '--out', '--env', '--config', '--time-limit'],
    flags: ['--check', '--json', '--report', '--verbose'],
    aliases: { ...PROJECT, '-o': '--out' },
    needs: (paths, given) => (paths.length > 0 || given.has('--files-from')) && (!given.has('--check') || given.has('--out')),
  },
  graph: {
    values: ['--format', '--out', '--markdown', '--env', '--config', '--time-limit'],
    flags: ['--check'],
    aliases: { ...PROJECT, '-o': '--out' },
    needs: (paths, given) => paths.some((p) => !isDefinition(p)) && (!given.has('--check') || given.has('--out') || given.has('--markdown')),
  },
  run: {
    values: ['--input', '--mocks', '--env', '--config', '--seed'],
    flags: ['--trace', '--json'],
    aliases: { ...PROJECT, '-i': '--input', '-m': '--mocks' },
    needs: (paths) => paths.length === 1 && /\.m?[jt]s$/.test(paths[0]!),
  },
  cost: {
    values: ['--volumes', '--scenario', '--env', '--config'],
    flags: ['--free-tier', '--json'],
    aliases: PROJECT,
    needs: (paths) => paths.length > 0,
  },
  deploy: {
    values: ['--env', '--config', '--alias', '--canary', '--keep', '--time-limit'],
    flags: ['--plan', '--yes', '--remote-validate', '--json', '--markdown'],
    aliases: { ...PROJECT, '-y': '--yes' },
    // Without --plan or --yes it asks first, or stops when there is no terminal to ask on.
    needs: (paths, given) => paths.length > 0 && (given.has('--plan') || given.has('--yes')) && !(given.has('--json') && given.has('--markdown')),
  },
};
