/** Optional: AWS CDK synth of an equivalent research-report state machine (bench/children/cdk-app.ts). */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { NODE, ROOT, timeCommand } from '../lib/proc.js';
import { failed, measured, ms, skipped, summarize, type Row } from '../lib/stats.js';
import { CDK_CLI_CONTEXT, cdkEnv, cdkInstalledRows } from './cdk-installed.js';

const SECTION = 'optional: AWS CDK synth of an equivalent research-report';
const NAME = 'node --import tsx cdk-app.ts (import aws-cdk-lib + synth, with the context `cdk synth` passes)';

export function cdkSynth(options: { runs: number; log: (m: string) => void; install?: { runs: number; warmup: number } }): Row[] {
  // Opt-in: CDK installed into a temp folder, paired with agentflow's installed bin (cdk-installed.ts).
  if (options.install) return cdkInstalledRows({ ...options.install, log: options.log });
  try {
    createRequire(join(ROOT, 'package.json')).resolve('aws-cdk-lib');
  } catch {
    return [skipped(SECTION, NAME, 'aws-cdk-lib is not installed (bench-only, optional: `pnpm bench --only cdk --install-cdk` installs it into a temp folder)')];
  }
  const wall: number[] = [];
  const importMs: number[] = [];
  const synthMs: number[] = [];
  let bytes = 0;
  let templateCheck: boolean | undefined;
  try {
    for (let i = 0; i < options.runs + 1; i++) {
      options.log(`cdk synth: run ${i + 1}/${options.runs + 1}${i === 0 ? ' (warm-up)' : ''}`);
      const t = timeCommand(NODE, ['--import', 'tsx', join(ROOT, 'bench/children/cdk-app.ts')], { env: cdkEnv({ CDK_CONTEXT_JSON: JSON.stringify(CDK_CLI_CONTEXT) }) });
      const lines = t.result.stdout.trim().split('\n');
      const out = JSON.parse(lines[lines.length - 1]!) as { importMs?: number; synthMs?: number; templateBytes?: number; templateCheck?: boolean; skipped?: string; error?: string };
      if (out.skipped) return [skipped(SECTION, NAME, out.skipped)];
      if (out.error) return [failed(SECTION, NAME, out.error)];
      if (i === 0) continue;
      wall.push(t.ms);
      importMs.push(out.importMs!);
      synthMs.push(out.synthMs!);
      bytes = out.templateBytes ?? 0;
      templateCheck = out.templateCheck;
    }
  } catch (error) {
    return [failed(SECTION, NAME, error instanceof Error ? error.message.split('\n')[0]! : String(error))];
  }
  return [
    measured(SECTION, NAME, wall, `import ${ms(summarize(importMs).median)}, synth ${ms(summarize(synthMs).median)}; template ${(bytes / 1024).toFixed(1)} KiB; CloudFormation template check ${templateCheck ? 'on' : 'off'}`),
  ];
}
