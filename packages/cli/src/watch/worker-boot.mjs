// Entry of the workflow thread of `compile --watch`: the thread of contain/worker-boot.mjs, plus the hooks that let a
// changed workflow and its local modules be imported again (fresh-hooks.mjs). Registered after tsx's hooks, so they
// run first and see the URLs tsx resolved.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';
import { register as registerCommonJs } from 'tsx/cjs/api';

register();
registerCommonJs();
registerHooks(new URL('./fresh-hooks.mjs', import.meta.url));
await import('../contain/worker.ts');
