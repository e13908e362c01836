import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// A GC before each heap reading makes them comparable; `node dist/bench/run.js` needs no flag.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface MemorySample {
  rssMB: number;
  heapUsedMB: number;
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

/** heapUsed (bytes) of this thread's V8 heap after a full GC. */
export function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** RSS (whole process) and this thread's heap used, after a full GC. */
export function memorySample(): MemorySample {
  const heap = heapAfterGc();
  return { rssMB: mb(process.memoryUsage().rss), heapUsedMB: mb(heap) };
}
