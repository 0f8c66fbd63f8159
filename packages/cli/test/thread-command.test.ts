import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/program.js';
import type { Io } from '../src/io.js';
import { commandNeedsThread, THREAD_COMMANDS } from '../src/contain/thread-command.js';

/** Options a command declares that must never prestart the thread (another entry, another heap cap, help). */
const NOT_PRESTARTED = new Set(['--watch', '--memory-limit', '--help']);

describe('commandNeedsThread (which command lines the shipped bin starts the workflow thread for)', () => {
  it('knows exactly the options program.ts declares for each command it prestarts', () => {
    const program = buildProgram({} as Io, () => undefined);
    for (const [name, table] of Object.entries(THREAD_COMMANDS)) {
      const command = program.commands.find((c) => c.name() === name)!;
      const declared = command.options.filter((o) => !NOT_PRESTARTED.has(o.long!));
      const values = declared.filter((o) => o.required || o.optional).map((o) => o.long).sort();
      const flags = declared.filter((o) => !o.required && !o.optional).map((o) => o.long).sort();
      const shorts = Object.fromEntries(declared.filter((o) => o.short).map((o) => [o.short, o.long]));
      expect([name, [...table.values].sort(), [...table.flags].sort(), table.aliases ?? {}]).toEqual([name, values, flags, shorts]);
    }
  });

  it('says yes to commands that will load workflow files with the default limits', () => {
    expect(commandNeedsThread(['compile', 'workflows/a.ts'])).toBe(true);
    expect(commandNeedsThread(['compile', 'workflows', '-o', 'out', '--check', '--config=agentflow.config.yaml'])).toBe(true);
    expect(commandNeedsThread(['compile', '--files-from', '-'])).toBe(true);
    expect(commandNeedsThread(['graph', 'a.ts', 'b.asl.json', '--format', 'dot'])).toBe(true);
    expect(commandNeedsThread(['run', 'a.ts', '--input', '-', '--trace'])).toBe(true);
    expect(commandNeedsThread(['cost', 'workflows', '--free-tier'])).toBe(true);
    expect(commandNeedsThread(['deploy', 'workflows', '--plan', '-e', 'prod'])).toBe(true);
  });

  it('says no to help, usage errors, other commands and other limits', () => {
    for (const argv of [
      [],
      ['--help'],
      ['help', 'compile'],
      ['compile', '--help', 'a.ts'],
      ['compile', '-h'],
      ['compile'],
      ['compile', 'a.ts', '--check'],
      ['compile', 'a.ts', '--bogus'],
      ['compile', 'a.ts', '--out'],
      ['compile', 'a.ts', '--out', '--json'],
      ['compile', 'a.ts', '--json=yes'],
      ['compile', 'a.ts', '--watch'],
      ['compile', 'a.ts', '-w'],
      ['compile', 'a.ts', '--memory-limit', '512'],
      ['validate', 'a.asl.json'],
      ['graph', 'a.asl.json'],
      ['run', 'a.asl.json'],
      ['run', 'a.ts', 'b.ts'],
      ['cost'],
      ['deploy', 'workflows'],
      ['deploy', 'workflows', '--yes', '--json', '--markdown'],
      ['init'],
    ]) {
      expect(commandNeedsThread(argv), argv.join(' ')).toBe(false);
    }
  });
});
