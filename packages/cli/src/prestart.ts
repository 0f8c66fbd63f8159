import { commandNeedsThread } from './contain/thread-command.js';
import { raiseInterruptBudget } from './command-startup.js';

/**
 * The shipped bin's first step (bundled-bin.ts): for a command line that will load workflow files, the workflow
 * thread boots while commander and the command's modules load on this thread (see contain/prestarted-thread.ts).
 */
if (commandNeedsThread(process.argv.slice(2))) {
  // The budget is raised before the thread exists, as when the command itself starts it after commander's preAction
  // hook; both imports load at once.
  const [{ prestartThread }] = await Promise.all([import('./contain/prestarted-thread.js'), raiseInterruptBudget()]);
  // prestart.ts sits in dist/agentflow.mjs, beside the thread's entry.
  prestartThread(new URL('./agentflow-worker.mjs', import.meta.url));
}
