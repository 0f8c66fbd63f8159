// Entry of the shipped bin (dist/agentflow.mjs); what it does before a command runs is in command-startup.ts.
import { commandNeedsThread } from './contain/thread-command.js';

// The workflow thread boots while commander and the command's modules load here (see prestarted-thread.ts).
if (commandNeedsThread(process.argv.slice(2))) {
  const [{ prestartThread }, { raiseInterruptBudget }] = await Promise.all([import('./contain/prestarted-thread.js'), import('./command-startup.js')]);
  // Before the thread exists, as when the command itself starts it after commander's preAction hook.
  await raiseInterruptBudget();
  prestartThread(new URL('./agentflow-worker.mjs', import.meta.url));
}
await import('./bin.js');
