/**
 * The gateway's heap after a full GC, read from outside through the V8 inspector (Chrome DevTools
 * Protocol over a WebSocket on loopback): HeapProfiler.collectGarbage, then the process's own
 * process.memoryUsage(). Chosen over a bench-only endpoint in the gateway because it needs no
 * gateway code at all, so nothing of it can be left switched on in production; the gateway only
 * runs with `--inspect=127.0.0.1:0` in the scenarios that read its heap.
 */
import WebSocket from 'ws';

export interface HeapReading {
  heapUsedMB: number;
  rssMB: number;
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

export async function heapAfterGc(inspectorUrl: string): Promise<HeapReading> {
  const ws = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number; result?: any; error?: { message: string } };
    const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.error) p.reject(new Error(`inspector: ${msg.error.message}`));
    else p.resolve(msg.result);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<any>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    // Two collections: the first may only schedule finalizers whose memory the second frees.
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.collectGarbage');
    const r = await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const usage = JSON.parse(r.result.value as string) as NodeJS.MemoryUsage;
    return { heapUsedMB: mb(usage.heapUsed), rssMB: mb(usage.rss) };
  } finally {
    ws.close();
  }
}
