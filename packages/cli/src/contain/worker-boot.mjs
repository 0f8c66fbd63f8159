// Entry of the thread that loads and builds workflow files. Node does not hand the CLI's `--import tsx` to worker
// threads, and tests run the CLI without it, so the thread registers tsx itself before it loads TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
