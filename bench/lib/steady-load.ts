/**
 * Steady closed-loop load for a fixed time (the throughput scenario): `inFlight` workers, each
 * sending the same request again as soon as its answer is in, over a pool of keep-alive
 * connections each from its own loopback address. A worker takes an idle connection from the pool
 * for each request, so `inFlight` requests are in flight at once while the pool spreads them over
 * many addresses: with auth off the gateway's per-principal budget is per address, and the pool
 * is sized (by the caller) so that no address spends more than its budget at the measured rate —
 * the gateway's own speed is measured, not its budget. Every server gets the same pool.
 */
import { Client } from 'undici';
import { clientAddress, latencyOf, type Latency } from './load';

export interface SteadyRun {
  requests: number;
  /** Answers with status 200 and exactly the expected bytes. */
  identical: number;
  /** Everything else, by what it was: "HTTP 429", "body differs", "transport: …". */
  others: Record<string, number>;
  wallMs: number;
  requestsPerSecond: number;
  latencyMs: Latency;
}

export class SteadyLoad {
  private readonly idle: Client[];

  private constructor(
    private readonly clients: Client[],
    private readonly url: URL,
  ) {
    this.idle = [...clients];
  }

  static open(url: string, connections: number): SteadyLoad {
    const u = new URL(url);
    const clients = Array.from({ length: connections }, (_, k) => new Client(u.origin, { localAddress: clientAddress(k), pipelining: 1, keepAliveTimeout: 60_000 }));
    return new SteadyLoad(clients, u);
  }

  /** `inFlight` workers POST `body` for `ms`; each answer is compared with `expected`. */
  async runFor(body: string, expected: string, inFlight: number, ms: number): Promise<SteadyRun> {
    const latencies: number[] = [];
    const others: Record<string, number> = {};
    let identical = 0;
    const t0 = performance.now();
    const until = t0 + ms;
    const worker = async () => {
      while (performance.now() < until) {
        // Round robin: the connection longest idle goes next, so every address gets its share.
        const client = this.idle.shift()!;
        const t = performance.now();
        let outcome: string;
        try {
          const r = await client.request({ path: this.url.pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body });
          const text = await r.body.text();
          outcome = r.statusCode !== 200 ? `HTTP ${r.statusCode}` : text === expected ? 'identical' : 'body differs';
        } catch (err) {
          outcome = `transport: ${(err as Error).message}`;
        }
        latencies.push(performance.now() - t);
        this.idle.push(client);
        if (outcome === 'identical') identical++;
        else others[outcome] = (others[outcome] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, this.clients.length) }, worker));
    const wallMs = performance.now() - t0;
    return {
      requests: latencies.length,
      identical,
      others,
      wallMs: Math.round(wallMs),
      requestsPerSecond: Math.round((latencies.length / wallMs) * 1000),
      latencyMs: latencyOf(latencies),
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}
