/**
 * Opt-in (`pnpm bench --only cdk --install-cdk`): the cold-compile comparison with AWS CDK that issue 15 asks for.
 * aws-cdk-lib and constructs, at pinned versions, are npm-installed into a temp folder outside the repository (they
 * are not dependencies of this workspace), and bench/children/cdk-app.ts runs there as JavaScript (transpiled by
 * esbuild: a CDK app in JavaScript needs nothing else, and a TypeScript loader would add its cost to CDK's rows only).
 *
 * Whole-process rows, run round-robin as the cold CLI section runs them (each round runs every command once, so
 * background load spreads evenly): `node -e 0`; the installed agentflow bin compiling workflows/research-report.ts
 * (bench/lib/installed-cli.ts); CDK's default synth of the equivalent state machine, run the way `cdk synth` runs an
 * app (the CLI's default context in CDK_CONTEXT_JSON); the same synth with CDK's built-in CloudFormation template
 * validation off (`CDK_VALIDATION=false`, what `cdk synth --no-validation` passes to the app). That validation is
 * where CDK's time goes: aws-cdk-lib ≥ 2.262 loads a 9 MB WebAssembly linter (@aws/cloudformation-validate) and
 * builds its rule and schema engine on every synth — bench/README.md has the profile. Wall and CPU time (user+sys of
 * the process tree), and the issue's ratios: agentflow ≥ 20× less than CDK's default synth, ≥ 8× less than with the
 * check off.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle, installedProject, type InstalledProject } from '../lib/installed-cli.js';
import { NODE, ROOT, cleanEnv, timeCommand, which } from '../lib/proc.js';
import { failed, measured, ms, ratio, summarize, verdict, type Row } from '../lib/stats.js';

const SECTION = 'CDK synth vs agentflow compile of research-report, cold whole processes (--install-cdk)';
/** Pinned: the rows compare against one CDK release, named in every row, not whatever is newest on the day. */
export const CDK_PACKAGES = { 'aws-cdk-lib': '2.276.0', constructs: '10.8.1' } as const;
const COMPILE = ['compile', 'workflows/research-report.ts'];
/**
 * The context the CDK CLI (aws-cdk 2.1148) hands every app it runs, in CDK_CONTEXT_JSON, when cdk.json and the command
 * line set nothing (toolkit-lib's `contextFromSettings`): path and asset metadata on, version reporting on (the
 * AWS::CDK::Metadata resource), every stack bundled, and validation findings reported to the CLI rather than failing
 * the synth. A direct `node app.js` run has none of it, so the default row passes it to be `cdk synth`'s default.
 */
export const CDK_CLI_CONTEXT = {
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
  'aws:cdk:version-reporting': true,
  'aws:cdk:bundling-stacks': ['**'],
  '@aws-cdk/core:failSynthOnValidationErrors': false,
} as const;

interface Command {
  readonly key: 'node' | 'agentflow' | 'cdk' | 'cdkNoCheck';
  readonly name: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Record<string, string>;
  /** cdk-app.ts prints `{ importMs, synthMs, templateBytes, templateCheck }` or `{ error }` on its last line. */
  readonly reportsJson?: boolean;
}

interface CdkReport {
  readonly importMs?: number;
  readonly synthMs?: number;
  readonly templateBytes?: number;
  readonly templateCheck?: boolean;
  readonly skipped?: string;
  readonly error?: string;
}

/** The bench's environment without CDK's own variables (a CDK_VALIDATION=false or context set in the caller's shell would change what the rows measure), plus `extra`. */
export function cdkEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const key of Object.keys(env)) if (key.startsWith('CDK_') || key === 'CONTEXT_OVERFLOW_LOCATION_ENV') delete env[key];
  return { ...env, ...extra };
}

/** npm-installs the pinned CDK into a temp folder and writes cdk-app.mjs there; the error text when it cannot. */
function installCdk(log: (m: string) => void): { dir: string } | { error: string } {
  const npm = which('npm');
  if (npm === undefined) return { error: 'npm is not on PATH: --install-cdk installs aws-cdk-lib with npm' };
  const dir = mkdtempSync(join(tmpdir(), 'agentflow-bench-cdk-'));
  try {
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'agentflow-bench-cdk', private: true, type: 'module' })}\n`);
    log(`cdk: npm install ${Object.entries(CDK_PACKAGES).map(([n, v]) => `${n}@${v}`).join(' ')} into ${dir}`);
    timeCommand(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', ...Object.entries(CDK_PACKAGES).map(([n, v]) => `${n}@${v}`)], { cwd: dir, env: cleanEnv() });
    // esbuild is the CLI's dependency, not the workspace root's.
    const { buildSync } = createRequire(join(ROOT, 'packages/cli/package.json'))('esbuild') as { buildSync: (options: Record<string, unknown>) => unknown };
    buildSync({ entryPoints: [join(ROOT, 'bench/children/cdk-app.ts')], outfile: join(dir, 'cdk-app.mjs'), format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
    return { dir };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { error: `cannot install the CDK: ${(error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' | ')}` };
  }
}

export function cdkInstalledRows(options: { runs: number; warmup: number; log: (m: string) => void }): Row[] {
  const installed = installCdk(options.log);
  if ('error' in installed) return [failed(SECTION, 'install aws-cdk-lib', installed.error)];
  options.log('cdk: building packages/cli/dist for the installed agentflow bin');
  const buildError = buildBundle();
  if (buildError) {
    rmSync(installed.dir, { recursive: true, force: true });
    return [failed(SECTION, 'installed agentflow bin', buildError)];
  }
  const project: InstalledProject = installedProject();
  const cdkVersion = `aws-cdk-lib ${CDK_PACKAGES['aws-cdk-lib']}`;
  const commands: Command[] = [
    { key: 'node', name: 'floor: node -e 0', args: ['-e', '0'], cwd: ROOT },
    { key: 'agentflow', name: 'installed bin: agentflow compile workflows/research-report.ts', args: [project.bin, ...COMPILE], cwd: project.dir },
    {
      key: 'cdk',
      name: `CDK default synth, as \`cdk synth\` runs the app: CDK_CONTEXT_JSON=<CLI context> node cdk-app.mjs (${cdkVersion})`,
      args: ['cdk-app.mjs', '--from', installed.dir],
      cwd: installed.dir,
      env: { CDK_CONTEXT_JSON: JSON.stringify(CDK_CLI_CONTEXT) },
      reportsJson: true,
    },
    {
      key: 'cdkNoCheck',
      name: `CDK synth, template check off (\`cdk synth --no-validation\`): CDK_VALIDATION=false, same context (${cdkVersion})`,
      args: ['cdk-app.mjs', '--from', installed.dir],
      cwd: installed.dir,
      env: { CDK_CONTEXT_JSON: JSON.stringify(CDK_CLI_CONTEXT), CDK_VALIDATION: 'false' },
      reportsJson: true,
    },
  ];
  const wall = new Map<string, number[]>(commands.map((c) => [c.key, []]));
  const cpu = new Map<string, number[]>(commands.map((c) => [c.key, []]));
  const phases = new Map<string, { importMs: number[]; synthMs: number[]; bytes: number }>();
  const broken = new Map<string, string>();
  try {
    for (let round = 0; round < options.warmup + options.runs; round++) {
      options.log(`cdk: round ${round + 1}/${options.warmup + options.runs}${round < options.warmup ? ' (warm-up)' : ''}`);
      for (const c of commands) {
        if (broken.has(c.key)) continue;
        try {
          const t = timeCommand(NODE, c.args, { cwd: c.cwd, env: c.env ? cdkEnv(c.env) : cleanEnv() });
          if (c.reportsJson) {
            const report = JSON.parse(t.result.stdout.trim().split('\n').at(-1) ?? '{}') as CdkReport;
            if (report.error || report.skipped) throw new Error(report.error ?? report.skipped);
            // The rows are named for the template check being on and off; a CDK that ignores the switch fails the row.
            if (report.templateCheck !== (c.key === 'cdk')) {
              throw new Error(`CDK's template check (@aws/cloudformation-validate) ${report.templateCheck ? 'ran' : 'did not run'} in "${c.name}": the row would not measure what it is named for`);
            }
            const p = phases.get(c.key) ?? { importMs: [], synthMs: [], bytes: 0 };
            if (round >= options.warmup) {
              p.importMs.push(report.importMs!);
              p.synthMs.push(report.synthMs!);
            }
            p.bytes = report.templateBytes ?? 0;
            phases.set(c.key, p);
          }
          if (round < options.warmup) continue;
          wall.get(c.key)!.push(t.ms);
          cpu.get(c.key)!.push(t.cpuMs);
        } catch (error) {
          broken.set(c.key, (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' | '));
        }
      }
    }
  } finally {
    project.remove();
    rmSync(installed.dir, { recursive: true, force: true });
  }

  const med = (key: string) => summarize(wall.get(key) ?? []).median;
  const cpuMed = (key: string) => summarize(cpu.get(key) ?? []).median;
  /** How many times more CDK spends than agentflow, wall and CPU, against the issue's target. */
  const versusAgentflow = (key: string, target: number) => {
    const r = med(key) / med('agentflow');
    const c = cpuMed(key) / cpuMed('agentflow');
    return `${ratio(r)} agentflow's wall (cpu ${ratio(c)}); wall ${verdict(r, target, '≥', '×')}, cpu ${verdict(c, target, '≥', '×')}`;
  };
  const phaseNote = (key: string) => {
    const p = phases.get(key);
    return p ? `; in-process: import ${ms(summarize(p.importMs).median)}, synth ${ms(summarize(p.synthMs).median)}; template ${(p.bytes / 1024).toFixed(1)} KiB` : '';
  };
  const notes: Record<Command['key'], string> = {
    node: `cpu ${cpuMed('node').toFixed(0)} ms`,
    agentflow: `cpu ${cpuMed('agentflow').toFixed(0)} ms; ${ratio(med('agentflow') / med('node'))} node -e 0 (cpu ${ratio(cpuMed('agentflow') / cpuMed('node'))})`,
    cdk: `cpu ${cpuMed('cdk').toFixed(0)} ms; ${versusAgentflow('cdk', 20)}${phaseNote('cdk')}`,
    cdkNoCheck: `cpu ${cpuMed('cdkNoCheck').toFixed(0)} ms; ${versusAgentflow('cdkNoCheck', 8)}${phaseNote('cdkNoCheck')}`,
  };
  return commands.map((c) => {
    const error = broken.get(c.key);
    if (error) return failed(SECTION, c.name, error);
    return measured(SECTION, c.name, wall.get(c.key)!, notes[c.key], {
      cpuMedianMs: cpuMed(c.key),
      command: [...Object.entries(c.env ?? {}).map(([k, v]) => `${k}='${v}'`), 'node', ...c.args].join(' '),
      ...(c.key === 'cdk' || c.key === 'cdkNoCheck' ? { wallRatio: med(c.key) / med('agentflow'), cpuRatio: cpuMed(c.key) / cpuMed('agentflow'), target: c.key === 'cdk' ? 20 : 8 } : {}),
    });
  });
}
