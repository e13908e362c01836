/**
 * The load: one process (this one), many keep-alive HTTP/1.1 connections through undici. Each
 * client is one connection from its own loopback address (127.1.x.y), so the gateway sees it as
 * its own client: with auth off the per-principal budget is keyed by client address, as it would
 * be for that many machines. Requests run closed-loop: a client sends its next request when its
 * previous one is answered, so `clients` is the number of requests in flight.
 */
import { Client } from 'undici';

export interface GqlRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface Answer {
  status: number;
  /** Parsed JSON body (undefined if it was not JSON). */
  body?: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  ms: number;
  /** Transport failure (no HTTP answer). */
  error?: string;
}

export interface LoadRun {
  answers: Answer[];
  wallMs: number;
}

export function clientAddress(k: number): string {
  return `127.1.${Math.floor(k / 250)}.${(k % 250) + 1}`;
}

export class LoadClients {
  private constructor(
    private readonly clients: Client[],
    private readonly path: string,
  ) {}

  /** `count` connections to the gateway, opened (and checked) with GET /healthz before any load. */
  static async open(gatewayUrl: string, count: number): Promise<LoadClients> {
    const url = new URL(gatewayUrl);
    const clients = Array.from({ length: count }, (_, k) => new Client(url.origin, { localAddress: clientAddress(k), pipelining: 1, keepAliveTimeout: 60_000 }));
    await Promise.all(
      clients.map(async (c) => {
        const r = await c.request({ path: '/healthz', method: 'GET' });
        await r.body.dump();
        if (r.statusCode !== 200) throw new Error(`GET /healthz answered ${r.statusCode}`);
      }),
    );
    return new LoadClients(clients, url.pathname);
  }

  get size(): number {
    return this.clients.length;
  }

  /** Sends every request once, closed-loop over the clients; answers come back in request order. */
  async run(requests: GqlRequest[]): Promise<LoadRun> {
    const answers = new Array<Answer>(requests.length);
    let next = 0;
    const t0 = performance.now();
    const worker = async (client: Client) => {
      while (next < requests.length) {
        const i = next++;
        answers[i] = await this.send(client, requests[i]);
      }
    };
    await Promise.all(this.clients.map(worker));
    return { answers, wallMs: performance.now() - t0 };
  }

  private async send(client: Client, req: GqlRequest): Promise<Answer> {
    const t = performance.now();
    try {
      const r = await client.request({ path: this.path, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req) });
      const text = await r.body.text();
      let body: Answer['body'];
      try {
        body = JSON.parse(text) as Answer['body'];
      } catch {
        body = undefined;
      }
      return { status: r.statusCode, body, ms: performance.now() - t };
    } catch (err) {
      return { status: 0, ms: performance.now() - t, error: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

/** `extensions.code`s of every answer's errors (and transport failures), counted. */
export function errorCodes(answers: Answer[]): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (code: string) => (out[code] = (out[code] ?? 0) + 1);
  for (const a of answers) {
    if (a.error) add(`transport: ${a.error}`);
    else if (!a.body) add(`HTTP ${a.status} (not JSON)`);
    for (const e of a.body?.errors ?? []) add(String(e.extensions?.code ?? 'UNKNOWN'));
  }
  return out;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export function latency(answers: Answer[]): Latency {
  return latencyOf(answers.map((a) => a.ms));
}

/** p50, p99 and max of durations in ms (rounded). */
export function latencyOf(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => Math.round(s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN);
  return { p50: at(50), p99: at(99), max: Math.round(s[s.length - 1] ?? NaN) };
}
