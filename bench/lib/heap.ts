/**
 * The gateway's heap after a full GC, read from outside through the V8 inspector (inspector.ts):
 * HeapProfiler.collectGarbage, then the process's own process.memoryUsage(). Chosen over a
 * bench-only endpoint in the gateway because it needs no gateway code at all, so nothing of it can
 * be left switched on in production.
 */
import { Inspector } from './inspector';

export interface HeapReading {
  heapUsedMB: number;
  rssMB: number;
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

export async function heapAfterGc(inspectorUrl: string): Promise<HeapReading> {
  const inspector = await Inspector.connect(inspectorUrl);
  try {
    // Two collections: the first may only schedule finalizers whose memory the second frees.
    await inspector.send('HeapProfiler.collectGarbage');
    await inspector.send('HeapProfiler.collectGarbage');
    const r = await inspector.send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const usage = JSON.parse(r.result.value as string) as NodeJS.MemoryUsage;
    return { heapUsedMB: mb(usage.heapUsed), rssMB: mb(usage.rss) };
  } finally {
    inspector.close();
  }
}
