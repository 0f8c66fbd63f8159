import { ValidateStateMachineDefinitionCommand } from '@aws-sdk/client-sfn';
import { sfnCall } from './aws-call.js';
import type { DeployClients } from './clients.js';

/** One finding of AWS's validator, located by state. */
export interface RemoteFinding {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  /** JSON Pointer into the definition, as AWS reports it (`/States/Foo/ErrorPath`). */
  readonly pointer?: string;
  /** The state it points into, by path through Parallel branches and Map processors: `Fan Out › branch 1 › Search`. */
  readonly statePath?: string;
}

export interface RemoteValidation {
  /** Only this gates the deploy: AWS says not to rely on the codes, count or order of diagnostics (research a.3). */
  readonly ok: boolean;
  readonly findings: readonly RemoteFinding[];
  readonly truncated: boolean;
}

/** ValidateStateMachineDefinition with warnings and the most findings AWS returns (100). */
export async function remoteValidate(clients: DeployClients, definition: string, workflow: string): Promise<RemoteValidation> {
  const out = await sfnCall(
    clients,
    'ValidateStateMachineDefinition',
    () => clients.sfn.send(new ValidateStateMachineDefinitionCommand({ definition, type: 'STANDARD', severity: 'WARNING', maxResults: 100 })),
    { workflow },
  );
  const findings = (out.diagnostics ?? []).map((d): RemoteFinding => {
    const statePath = d.location ? statePathOf(d.location) : undefined;
    return {
      severity: d.severity === 'ERROR' ? 'error' : 'warning',
      code: d.code ?? 'UNKNOWN',
      message: d.message ?? '',
      ...(d.location ? { pointer: d.location } : {}),
      ...(statePath ? { statePath } : {}),
    };
  });
  return { ok: out.result !== 'FAIL', findings, truncated: out.truncated === true };
}

/**
 * The states a pointer passes through: `/States/Fan Out/Branches/0/States/Search/…` → `Fan Out › branch 1 › Search`,
 * `/States/Each/ItemProcessor/States/Work` → `Each › Work`. State names are the step ids the compiler gave them.
 */
export function statePathOf(pointer: string): string | undefined {
  const parts = pointer.split('/').slice(1).map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  const path: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part === 'States' && i + 1 < parts.length) {
      path.push(parts[i + 1]!);
    } else if (part === 'Branches' && i + 1 < parts.length && /^\d+$/.test(parts[i + 1]!)) {
      path.push(`branch ${Number(parts[i + 1]) + 1}`);
    }
  }
  return path.length ? path.filter((p, i) => !(p.startsWith('branch ') && i === path.length - 1)).join(' › ') : undefined;
}
