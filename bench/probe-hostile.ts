/**
 * `pnpm probe`: runs the real CLI on hostile inputs and counts what must never happen (issue 11): a stack trace or an
 * internal error for a user mistake, an exit code outside 0/1/2, a hang, a file written outside `--out`, and output
 * that changes between two runs (one under another locale). Prints one line per probe and the totals.
 *
 *   pnpm probe                 every probe (a few minutes: each is a CLI process, some wait for a limit)
 *   pnpm probe --only NAME     probes whose name contains NAME
 *
 * The probes are the kinds of input that broke the CLI before (README, CLI section); the seeded
 * mutation fuzz of definitions runs in `pnpm test` instead.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './lib/proc.js';

interface Probe {
  readonly name: string;
  /** CLI arguments, relative to ROOT. */
  readonly args: readonly string[];
  /** Exit codes a correct CLI may give (default: 1). */
  readonly exits?: readonly number[];
  /** Compared between two runs (LC_ALL=C and LC_ALL=da_DK.UTF-8): false when the output names a timing. */
  readonly deterministic?: boolean;
  /** Input on stdin. */
  readonly stdin?: string;
}

interface Outcome {
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

const HANG_MS = 90_000;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;

mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const temp = mkdtempSync(join(ROOT, '.tmp', 'probe-'));
const CONFIG = ['--config', 'fixtures/agentflow.config.yaml'];
const HEADER = "import { agent, workflow } from '@agentflow/dsl';\nimport { z } from 'zod';\n\n";
const END = "export default workflow('probe', { input: z.object({}) }, (flow) => { flow.succeed('done'); });\n";
const agentWith = (output: string) =>
  `const a = agent('a', { agentName: 'worker', alias: 'live', output: ${output} });\nexport default workflow('probe', { input: z.object({}) }, (flow) => { flow.invoke(a, { prompt: 'x' }); });\n`;

function file(name: string, text: string | Buffer): string {
  const path = join(temp, name);
  writeFileSync(path, text);
  return relative(ROOT, path);
}

const workflowFile = (name: string, code: string) => file(`${name}.ts`, `${HEADER}${code}`);

function nested(kind: 'parallel' | 'loop', depth: number): string {
  let body = kind === 'parallel' ? "(b) => { b.succeed('done'); }" : "(b) => { b.wait('pause', { seconds: 1 }); }";
  for (let i = depth; i > 0; i--) {
    body =
      kind === 'parallel'
        ? `(b${i}) => { b${i}.parallel('p${i}', { a: ${body}, c: (c${i}) => { c${i}.succeed('s${i}'); } }); }`
        : `(b${i}) => { b${i}.loop('l${i}', { maxIterations: 2, onExhausted: 'continue' }, ${body}); }`;
  }
  return `export default workflow('probe', { input: z.object({}) }, ${body});\n`;
}

function definition(states: Record<string, unknown>, startAt = Object.keys(states)[0]!): string {
  return JSON.stringify({ QueryLanguage: 'JSONata', StartAt: startAt, States: states });
}

function probes(): Probe[] {
  const compile = (name: string, code: string, extra: readonly string[] = [], exits: readonly number[] = [1]): Probe => ({
    name: `compile ${name}`,
    args: ['compile', workflowFile(name, code), ...extra, ...CONFIG],
    exits,
  });
  const timed = (p: Probe): Probe => ({ ...p, deterministic: false });
  const out = mkdtempSync(join(temp, 'out-'));
  const unreachable = Object.fromEntries([['Start', { Type: 'Succeed' }], ...Array.from({ length: 37_000 }, (_, i) => [`S${i}`, { Type: 'Pass', End: true }])]);
  const invalid = Object.fromEntries(Array.from({ length: 19_000 }, (_, i) => [`S${i}`, { Type: 'Pass', Next: `S${i + 1}`, Bogus: i }]));
  const fifo = join(temp, 'definition.fifo');
  try {
    execFileSyncQuiet('mkfifo', [fifo]);
  } catch {
    // No mkfifo: the FIFO probe is skipped below.
  }
  return [
    compile('exit-at-import', `process.exit(0);\n${END}`),
    compile('exit-in-body', "export default workflow('probe', { input: z.object({}) }, (flow) => { process.exit(0); });\n"),
    compile('exit-code-set', `process.exitCode = 0;\n${END}`, [], [0]),
    compile('name-escapes', "export default workflow('../../escaped', { input: z.object({}) }, (flow) => { flow.succeed('done'); });\n", ['--out', relative(ROOT, out)]),
    compile('name-control-chars', "export default workflow('a\\u001b[31mred\\u0007', { input: z.object({}) }, (flow) => { flow.succeed('done'); });\n"),
    compile('name-long', `export default workflow('${'a'.repeat(5000)}', { input: z.object({}) }, (flow) => { flow.succeed('done'); });\n`),
    compile('step-id-control-chars', "export default workflow('probe', { input: z.object({}) }, (flow) => { flow.succeed('d\\u001b]0;x\\u0007'); });\n"),
    timed(compile('endless-loop-at-import', `for (;;) {}\n${END}`, ['--time-limit', '5'])),
    timed(compile('endless-loop-in-body', "export default workflow('probe', { input: z.object({}) }, (flow) => { while (true) {} });\n", ['--time-limit', '5'])),
    compile('never-settling-await', `await new Promise(() => {});\n${END}`),
    compile('leaked-interval', `setInterval(() => {}, 5);\n${END}`, [], [0]),
    compile('throw-later', `setTimeout(() => { throw new Error('late'); }, 1);\n${END}`, [], [0, 1]),
    compile('unhandled-rejection', `void Promise.reject(new Error('nobody waits'));\n${END}`, [], [0, 1]),
    timed(compile('allocation', `const kept: number[][] = [];\nfor (;;) kept.push(new Array(1e6).fill(1));\n${END}`, ['--memory-limit', '512'])),
    compile('stack-overflow', `const f = (n: number): number => f(n + 1) + 1;\nf(0);\n${END}`),
    compile('proxy-default', "export default new Proxy({}, { get() { throw new Error('boom'); } });\n"),
    compile('proxy-has', "export default new Proxy({}, { has() { throw new Error('boom'); }, getPrototypeOf() { throw new Error('boom'); } });\n"),
    compile('getter-default', "export default { get kind() { throw new Error('boom'); } };\n"),
    compile('default-undefined', 'export default undefined;\n'),
    compile('default-symbol', "export default Symbol('x');\n"),
    compile('no-default', 'export const x = 1;\n'),
    compile('throw-number', 'throw 42;\n'),
    compile('throw-in-body', "export default workflow('probe', { input: z.object({}) }, () => { throw new TypeError('bad'); });\n"),
    compile('syntax-error', 'export default workflow(;\n'),
    compile('missing-import', "import './does-not-exist.js';\n" + END),
    compile('non-zod-output', agentWith("{ type: 'object' } as any")),
    compile('non-zod-input', "export default workflow('probe', { input: { type: 'object' } as any }, (flow) => { flow.succeed('done'); });\n"),
    compile('zod-date', agentWith('z.object({ when: z.date() })')),
    compile('zod-map', agentWith('z.object({ m: z.map(z.string(), z.string()) })')),
    compile('zod-set', agentWith('z.object({ s: z.set(z.string()) })')),
    compile('zod-never', agentWith('z.object({ n: z.never() })')),
    compile('zod-bigint', agentWith('z.object({ n: z.bigint() })')),
    compile('nested-parallel-70', nested('parallel', 70)),
    compile('nested-parallel-300', nested('parallel', 300)),
    compile('nested-loop-20', nested('loop', 20), [], [0, 1]),
    { name: 'compile --out is a file', args: ['compile', 'fixtures/map-basic/workflow.ts', '--out', file('a-file', 'keep'), ...CONFIG], exits: [2] },
    { name: 'compile --out under a file', args: ['compile', 'fixtures/map-basic/workflow.ts', '--out', join(file('b-file', 'keep'), 'sub'), ...CONFIG], exits: [1, 2] },
    { name: 'compile --config /dev/zero', args: ['compile', 'fixtures/map-basic/workflow.ts', '--config', '/dev/zero'], exits: [2] },
    { name: 'compile --config missing', args: ['compile', 'fixtures/map-basic/workflow.ts', '--config', 'nope.yaml'], exits: [2] },
    { name: 'compile --time-limit -1', args: ['compile', 'fixtures/map-basic/workflow.ts', '--time-limit', '-1', ...CONFIG], exits: [2] },
    { name: 'compile --env unknown', args: ['compile', 'fixtures/map-basic/workflow.ts', '--env', 'nope', ...CONFIG], exits: [2] },
    { name: 'compile a .json file', args: ['compile', file('x.json', '{}'), ...CONFIG], exits: [1, 2] },
    { name: 'compile a directory of nothing', args: ['compile', relative(ROOT, mkdtempSync(join(temp, 'empty-'))), ...CONFIG], exits: [1, 2] },
    { name: 'validate /dev/zero', args: ['validate', '/dev/zero'], exits: [1, 2] },
    { name: 'validate /dev/null', args: ['validate', '/dev/null'], exits: [1, 2] },
    ...(existsSync(fifo) ? [{ name: 'validate a FIFO', args: ['validate', relative(ROOT, fifo)], exits: [1, 2] }] : []),
    { name: 'validate a directory', args: ['validate', relative(ROOT, temp)], exits: [0, 1, 2] },
    { name: 'validate 2 MB', args: ['validate', file('big.asl.json', definition({ A: { Type: 'Pass', End: true, Output: 'x'.repeat(2_000_000) } }))] },
    { name: 'validate invalid UTF-8', args: ['validate', file('utf8.asl.json', Buffer.concat([Buffer.from('{"StartAt":"A","States":{"A":{"Type":"Pass","Comment":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","End":true}}}')]))] },
    { name: 'validate control characters', args: ['validate', file('ctl.asl.json', definition({ 'A\u001b[2J\u0007': { Type: 'Pass', Next: 'B\u001b]0;pwned\u0007' } }))] },
    { name: 'validate deep nesting', args: ['validate', file('deep.asl.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)] },
    { name: 'validate empty', args: ['validate', file('empty.asl.json', '')] },
    { name: 'validate null', args: ['validate', file('null.asl.json', 'null')] },
    { name: 'validate huge number', args: ['validate', file('num.asl.json', definition({ A: { Type: 'Wait', Seconds: 1e400, End: true } }))] },
    { name: 'validate __proto__', args: ['validate', file('proto.asl.json', '{"StartAt":"__proto__","States":{"__proto__":{"Type":"Succeed"},"constructor":{"Type":"Succeed"}}}')] },
    { name: 'validate duplicate keys', args: ['validate', file('dup.asl.json', '{"StartAt":"A","StartAt":"B","States":{"A":{"Type":"Succeed"}}}')] },
    { name: 'validate comments', args: ['validate', file('comments.asl.json', '// hi\n{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}')] },
    { name: 'validate 37,000 unreachable states', args: ['validate', file('unreachable.asl.json', definition(unreachable, 'Start'))] },
    { name: 'validate 19,000 invalid states', args: ['validate', file('invalid.asl.json', definition(invalid))] },
    { name: 'validate stdin garbage', args: ['validate', '-'], stdin: '\u0000\u0001{{{' },
    { name: 'validate missing file', args: ['validate', 'nope.asl.json'], exits: [2] },
    { name: 'run missing mocks', args: ['run', 'fixtures/map-basic/workflow.ts', '--mocks', 'nope.json', ...CONFIG], exits: [2] },
    { name: 'run garbage input', args: ['run', 'fixtures/map-basic/workflow.ts', '--input', file('in.json', '{'), ...CONFIG], exits: [2] },
  ];
}

function execFileSyncQuiet(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: 'ignore' });
}

function runProbe(probe: Probe, locale: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), ...probe.args],
      { cwd: ROOT, maxBuffer: 256 << 20, timeout: HANG_MS, killSignal: 'SIGKILL', env: { ...process.env, LC_ALL: locale, LANG: locale } },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number | string; killed?: boolean }) | null;
        const code = e ? (e.killed ? 'hang' : (e.code ?? 'signal')) : 0;
        done({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
    child.stdin?.end(probe.stdin ?? '');
  });
}

const escapedFile = () => readdirSync(join(ROOT, '.tmp')).some((n) => n.includes('escaped')) || existsSync(join(ROOT, 'escaped.asl.json'));

async function probeAll(): Promise<void> {
  const list = probes().filter((p) => only === undefined || p.name.includes(only));
  const totals = { tried: 0, stackTraces: 0, internalErrors: 0, badExits: 0, hangs: 0, nondeterministic: 0, outsideOut: 0 };
  for (const probe of list) {
    totals.tried++;
    const first = await runProbe(probe, 'C.UTF-8');
    const problems: string[] = [];
    const text = first.stdout + first.stderr;
    if (/^\s+at .+:\d+:\d+\)?$/m.test(text)) (problems.push('stack trace'), totals.stackTraces++);
    if (/internal error|bug in agentflow/.test(text)) (problems.push('internal error'), totals.internalErrors++);
    if (first.code === 'hang') (problems.push(`hang (> ${HANG_MS / 1000} s)`), totals.hangs++);
    else if (!(probe.exits ?? [1]).includes(first.code as number)) (problems.push(`exit ${first.code}`), totals.badExits++);
    if (escapedFile()) (problems.push('wrote outside --out'), totals.outsideOut++);
    if (probe.deterministic !== false && first.code !== 'hang') {
      const second = await runProbe(probe, 'da_DK.UTF-8');
      if (second.stdout !== first.stdout || second.stderr !== first.stderr) (problems.push('output differs between runs'), totals.nondeterministic++);
    }
    const shown = (first.stderr.split('\n').find((l) => /^(error|warning)\[|usage|^error/.test(l)) ?? first.stderr.split('\n')[0] ?? '').slice(0, 110);
    process.stdout.write(`${problems.length ? 'FAIL' : 'ok  '}  ${probe.name.padEnd(38)} exit ${String(first.code).padEnd(4)} ${(first.ms / 1000).toFixed(1).padStart(5)} s  ${problems.join(', ') || shown}\n`);
  }
  process.stdout.write(
    `\n${totals.tried} probes: ${totals.stackTraces} stack traces, ${totals.internalErrors} internal errors, ${totals.badExits} unexpected exit codes, ` +
      `${totals.hangs} hangs, ${totals.nondeterministic} nondeterministic outputs, ${totals.outsideOut} writes outside --out\n`,
  );
  rmSync(temp, { recursive: true, force: true });
  process.exitCode = Object.entries(totals).some(([k, v]) => k !== 'tried' && v > 0) ? 1 : 0;
}

await probeAll();
