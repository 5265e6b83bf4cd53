/**
 * A timeout that counts only time this thread was free to hear an answer. A plain `setTimeout` also
 * counts the time the thread spent blocked (a long synchronous parse, say): an answer that arrived
 * meanwhile waits unread in a pipe, and since Node runs expired timers before it reads pipes, the
 * timeout would fire first and blame the other side. This one ticks; a tick that comes late counts
 * only its due length, the late part being time the thread was busy, and the verdict waits one turn
 * of the event loop, so that what is waiting to be read is read first.
 */
export interface PatientTimer {
  /** Stops it; `onExpired` will not be called. */
  cancel(): void;
  /** How long, in ms, this thread was busy (and not counted) while it ran. */
  readonly busyMs: number;
}

/** Ticks this long at most; how late a tick may come before its lateness counts as busy time. */
const tickMs = 1000;
const lateMs = 50;

export function patientTimeout(ms: number, onExpired: () => void): PatientTimer {
  let counted = 0;
  let busy = 0;
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const schedule = () => {
    const step = Math.min(tickMs, Math.max(1, ms - counted));
    last = performance.now();
    timer = setTimeout(() => {
      const elapsed = performance.now() - last;
      const due = Math.min(elapsed, step);
      if (elapsed - step > lateMs) busy += elapsed - step;
      counted += due;
      if (counted < ms) return schedule();
      // What arrived while the thread was busy is read in this turn's poll phase, before this runs.
      setImmediate(() => {
        if (!cancelled) onExpired();
      });
    }, step);
  };
  schedule();
  return {
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
    get busyMs() {
      return busy;
    },
  };
}

/**
 * Runs `work` with a patient timeout (see `patientTimeout`): rejects with `onTimeout()`'s error when
 * `ms` of free time pass first. `ms` of 0 or less waits without limit.
 */
export function withPatientTimeout<T>(work: Promise<T>, ms: number, onTimeout: (busyMs: number) => Error): Promise<T> {
  if (!(ms > 0) || !Number.isFinite(ms)) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = patientTimeout(ms, () => reject(onTimeout(timer.busyMs)));
    work.then(
      (value) => {
        timer.cancel();
        resolve(value);
      },
      (error: unknown) => {
        timer.cancel();
        reject(error);
      },
    );
  });
}
