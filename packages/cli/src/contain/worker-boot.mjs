// Entry of the thread that loads and builds workflow files. Node does not hand the CLI's tsx hooks to worker
// threads, and tests run the CLI without them, so the thread registers tsx itself before it loads TypeScript: both
// the ESM and the CommonJS hooks, as the `tsx` command does, because a workflow outside a `"type": "module"`
// package is loaded as CommonJS and requires the TypeScript sources it imports.
import { register } from 'tsx/esm/api';
import { register as registerCommonJs } from 'tsx/cjs/api';

register();
registerCommonJs();
await import('./worker.ts');
