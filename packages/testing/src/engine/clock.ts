/**
 * Virtual time. Everything in a run (waits, retries, timeouts, heartbeats, mocks that "take" time) sleeps on
 * this clock; time jumps to the next timer only when nothing else can make progress, so a seven-day approval
 * takes microseconds and never races a real timer.
 */
interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
  cancelled: boolean;
}

export class VirtualClock {
  /** Seconds since the execution started. */
  now = 0;
  private readonly timers: Timer[] = [];
  private seq = 0;
  /** Mock calls running real asynchronous code: time must not jump while they are busy. */
  private busy = 0;

  /** Calls `fire` after `seconds` of virtual time; returns a canceller. */
  schedule(seconds: number, fire: () => void): () => void {
    const timer: Timer = { at: this.now + Math.max(0, seconds), seq: this.seq++, fire, cancelled: false };
    // Sorted insert: few timers are pending at once, and firing order must be stable for equal times.
    let i = this.timers.length;
    while (i > 0 && compare(this.timers[i - 1]!, timer) > 0) i--;
    this.timers.splice(i, 0, timer);
    return () => {
      timer.cancelled = true;
    };
  }

  sleep(seconds: number): Promise<void> {
    return new Promise((resolve) => this.schedule(seconds, resolve));
  }

  /** Marks real asynchronous work (a mock's own promise) so time stands still until it settles. */
  track<T>(work: Promise<T>): Promise<T> {
    this.busy++;
    return work.finally(() => this.busy--);
  }

  /** Inside tracked work: the work is now waiting on virtual time, not on real I/O. */
  async idle<T>(wait: Promise<T>): Promise<T> {
    this.busy--;
    try {
      return await wait;
    } finally {
      this.busy++;
    }
  }

  /** Drives `main` to completion, advancing virtual time whenever everything is blocked on a timer. */
  async run<T>(main: Promise<T>): Promise<T> {
    let settled = false;
    const done = main.finally(() => {
      settled = true;
    });
    done.catch(() => undefined);
    while (!settled) {
      await macrotask();
      if (settled) break;
      if (this.busy > 0) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      const timer = this.next();
      if (!timer) throw new Error('The simulated execution is blocked: nothing can run and no timer is pending.');
      this.now = Math.max(this.now, timer.at);
      timer.fire();
    }
    return done;
  }

  private next(): Timer | undefined {
    while (this.timers.length > 0) {
      const timer = this.timers.shift()!;
      if (!timer.cancelled) return timer;
    }
    return undefined;
  }
}

function compare(a: Timer, b: Timer): number {
  return a.at - b.at || a.seq - b.seq;
}

function macrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
