/**
 * A minimal client of the gateway's V8 inspector (Chrome DevTools Protocol over a WebSocket on
 * loopback): what the bench reads from outside the gateway — the heap after a full GC, a CPU
 * profile of exactly the measured window — with no bench code inside the gateway. The gateway
 * only runs with `--inspect=127.0.0.1:0` in the scenarios (or runs) that need it.
 */
import WebSocket from 'ws';

export class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: any): void; reject(e: Error): void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: any; error?: { message: string } };
      const p = msg.id !== undefined ? this.pending.get(msg.id) : undefined;
      if (!p) return;
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(`inspector: ${msg.error.message}`));
      else p.resolve(msg.result);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Inspector(ws);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<any> {
    return new Promise<any>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** Runs `fn` while the gateway's CPU profiler samples (every 200 µs); returns the profile (.cpuprofile JSON). */
export async function profileDuring<T>(inspectorUrl: string, fn: () => Promise<T>): Promise<{ result: T; profile: unknown }> {
  const inspector = await Inspector.connect(inspectorUrl);
  try {
    await inspector.send('Profiler.enable');
    await inspector.send('Profiler.setSamplingInterval', { interval: 200 });
    await inspector.send('Profiler.start');
    const result = await fn();
    const { profile } = (await inspector.send('Profiler.stop')) as { profile: unknown };
    await inspector.send('Profiler.disable');
    return { result, profile };
  } finally {
    inspector.close();
  }
}
