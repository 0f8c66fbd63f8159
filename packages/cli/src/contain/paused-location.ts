import { Session } from 'node:inspector';
import type { Worker } from 'node:worker_threads';
import type { SourceLocation } from '@agentflow/dsl';

/** How long to wait for the thread to pause; a thread that does not answer is stopped without a location. */
const PAUSE_WAIT_MS = 3000;

interface Reply {
  id?: number;
  method?: string;
  params?: { callFrames?: { callFrameId: string }[] };
  result?: { result?: { value?: unknown } };
}

/**
 * Where a worker thread that ran past its time limit is executing, as a location in the workflow file: the thread is
 * paused through the inspector (which interrupts even `while (true) {}`), and a stack trace is taken in the paused
 * frame, where source maps turn it into positions in the TypeScript the author wrote. Undefined when the thread is
 * not in workflow code or the inspector is not available; the caller then points at the file.
 */
export async function pausedLocation(worker: Worker): Promise<SourceLocation | undefined> {
  const session = new Session();
  try {
    session.connect();
  } catch {
    return undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  const attached: Attached = {};
  try {
    const stack = await Promise.race([
      pausedStack(session, worker.threadId, attached),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), PAUSE_WAIT_MS))),
    ]);
    // Loaded only on this rare path: the CLI's thread otherwise never needs the DSL (nor the zod it loads).
    const { userFrame } = await import('@agentflow/dsl');
    // The first frame is the evaluated expression itself ("eval at <anonymous> (file:1:1)"), not the paused code.
    const at = userFrame(stack?.split('\n').filter((line) => !/^\s*at eval \(eval at /.test(line)).join('\n'));
    // A frame of another module (a helper the workflow imports) is still the place to look.
    return at ? { file: at.file, line: at.line, column: at.column } : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    // A thread left paused in the debugger cannot be stopped, and disconnecting does not resume it: resume and
    // detach first (messages to the thread arrive in order, so this also covers a pause still on its way).
    if (attached.sessionId !== undefined) {
      const message = JSON.stringify({ id: 1e9, method: 'Debugger.resume', params: {} });
      session.post('NodeWorker.sendMessageToWorker', { sessionId: attached.sessionId, message }, () => undefined);
      session.post('NodeWorker.detach', { sessionId: attached.sessionId }, () => undefined);
    }
    session.disconnect();
  }
}

/** The inspector session of the worker thread, once attached. */
interface Attached {
  sessionId?: string;
}

function pausedStack(session: Session, threadId: number, attached: Attached): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let sessionId: string | undefined;
    let nextId = 0;
    const answers = new Map<number, (reply: Reply) => void>();
    const send = (method: string, params: object = {}): Promise<Reply> => {
      const id = ++nextId;
      const message = JSON.stringify({ id, method, params });
      session.post('NodeWorker.sendMessageToWorker', { sessionId, message }, (error) => error && reject(error));
      return new Promise((answer) => answers.set(id, answer));
    };
    session.on('NodeWorker.attachedToWorker', ({ params }: { params: { sessionId: string; workerInfo: { title: string } } }) => {
      // workerId counts the session's attachments; the title names the thread ("[worker 4]").
      if (params.workerInfo.title !== `[worker ${threadId}]` || sessionId !== undefined) return;
      sessionId = attached.sessionId = params.sessionId;
      void send('Debugger.enable').then(() => send('Debugger.pause'));
    });
    session.on('NodeWorker.receivedMessageFromWorker', ({ params }: { params: { sessionId: string; message: string } }) => {
      if (params.sessionId !== sessionId) return;
      const reply = JSON.parse(params.message) as Reply;
      if (reply.id !== undefined) answers.get(reply.id)?.(reply);
      const frame = reply.method === 'Debugger.paused' ? reply.params?.callFrames?.[0] : undefined;
      if (!frame) return;
      void send('Debugger.evaluateOnCallFrame', { callFrameId: frame.callFrameId, expression: 'new Error().stack', returnByValue: true }).then((r) => {
        const value = r.result?.result?.value;
        resolve(typeof value === 'string' ? value : undefined);
      });
    });
    session.post('NodeWorker.enable', { waitForDebuggerOnStart: false }, (error) => error && reject(error));
  });
}
