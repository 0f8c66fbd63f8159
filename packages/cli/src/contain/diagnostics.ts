import { readFileSync } from 'node:fs';
import type { Diagnostic } from '@agentflow/compiler';
import type { SourceLocation } from '@agentflow/dsl';
import type { ContainmentLimits } from './limits.js';

/** What the thread was doing with the file when it was stopped. */
export type Phase = 'loading' | 'building';

const DOING: Record<Phase, string> = { loading: 'Loading the workflow module', building: 'Building the workflow (running its body)' };

export function timedOut(file: string, phase: Phase, limits: ContainmentLimits, at: SourceLocation | undefined): Diagnostic {
  return {
    code: 'workflow-timed-out',
    severity: 'error',
    message: `${DOING[phase]} did not finish within ${limits.timeLimitSeconds} s${at ? '; it was running this line when it was stopped' : ''}.`,
    loc: at ?? { file, line: 1, column: 1 },
    hint: 'Workflow modules and bodies run once, while agentflow compiles them, and must finish: look for an endless loop (while (true), a condition that never changes) or a wait for something that never comes. If the work is legitimate, raise the limit: agentflow compile --time-limit <seconds>.',
  };
}

export function outOfMemory(file: string, phase: Phase, limits: ContainmentLimits): Diagnostic {
  return {
    code: 'workflow-out-of-memory',
    severity: 'error',
    message: `${DOING[phase]} used more than ${limits.memoryLimitMb} MiB of memory and was stopped.`,
    loc: { file, line: 1, column: 1 },
    hint: 'Workflow code runs while agentflow compiles it and needs little memory: look for a loop that keeps growing an array, a string or a map, and for large data built at import time (read it at run time instead).',
  };
}

export function neverSettled(file: string): Diagnostic {
  return {
    code: 'workflow-never-settled',
    severity: 'error',
    message: 'The workflow module awaits a promise that can never settle (nothing is left that could resolve or reject it), so the module never finishes loading.',
    loc: topLevelAwait(file) ?? { file, line: 1, column: 1 },
    hint: 'Remove the top-level await, or make the awaited promise resolve or reject; agentflow builds a workflow only after its module has finished loading.',
  };
}

/**
 * Where the module's top-level await probably is: a pending await leaves no stack to read, so the first `await` in
 * a line that starts at column 1 (a top-level statement, as formatters write them) is shown; else the file.
 */
function topLevelAwait(file: string): SourceLocation | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^[\s/*]/.test(line)) continue;
    const at = /\bawait\b/.exec(line)?.index;
    if (at !== undefined) return { file, line: i + 1, column: at + 1 };
  }
  return undefined;
}
