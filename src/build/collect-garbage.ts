import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

let gc: (() => void) | undefined;

/**
 * Collects this thread's garbage soon, if the thread has been idle meanwhile. V8 collects as code
 * allocates: a long brief's outputs made in Node leave hundreds of megabytes of garbage (a 5 MB
 * brief's one-pager and EPUB, 0.3 GB), which a thread then waiting on the browser keeps while the
 * browser lays the PDF out with the most memory of the build. Skipped when the thread was busy.
 */
export function collectGarbageWhenIdle(afterMs = 500): void {
  const before = performance.eventLoopUtilization();
  setTimeout(() => {
    if (performance.eventLoopUtilization(before).utilization > 0.2) return;
    if (!gc) {
      // The collector's own entry point, which Node keeps behind a flag: a new context gets it.
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    }
    gc();
  }, afterMs).unref();
}
