import 'reflect-metadata';
import { createClient, type Client } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/server/gateway';
import { SIM_ACCESS_KEYS, SIM_ACCOUNT_ID, SIM_SECRET_KEY, startSimulator } from '@fleetgraph/aws-sim';
import type { TickReport } from '../../src/subscriptions/task-watcher';
import type { WatchView } from '../../src/subscriptions/watch-reasons';

export type Calls = Record<string, number>;

/** One scope, named: the simulator's management account (where the demo ids live) in us-east-1. */
export const ONE_SCOPE_ENV: Record<string, string> = { FLEETGRAPH_ACCOUNTS: JSON.stringify([{ accountId: SIM_ACCOUNT_ID }]), FLEETGRAPH_REGIONS: 'us-east-1' };

export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, any> }>;
}

export interface HarnessOptions {
  instances?: number;
  timeScale?: number;
  throttling?: boolean;
  env?: Record<string, string>;
  accessKeyId?: string;
  /** Keep every gateway log line (at debug level) in `harness.logs`. */
  captureLogs?: boolean;
  /** Drive the task watcher by hand (`h.poll()`), for exact call counts. */
  manualWatcher?: boolean;
  /** Observe every AWS call the gateway makes (e.g. its concurrency or budget wait). */
  onAwsCall?: GatewayOptions['onAwsCall'];
  /**
   * Serve the simulator's whole organisation (3 accounts × 2 regions), as `npm start` does. By
   * default a test serves one scope, the management account in us-east-1, where the demo ids live.
   */
  organization?: boolean;
  /** Put a proxy between the gateway and the simulator (e.g. to refuse one call as AWS would). */
  endpoint?: (simUrl: string) => Promise<{ url: string; close(): Promise<void> }>;
  /** Observe each cross-request batch as it goes out (before AWS answers). */
  onAwsBatch?: GatewayOptions['onAwsBatch'];
  /** The watcher's clock (tests move it by hand) and jitter. */
  watcherTime?: GatewayOptions['watcherTime'];
}

export interface Subscription<T = any> {
  events: T[];
  errors: unknown[];
  /** Resolves when the server completes the subscription (or it errors). */
  done: Promise<void>;
  /** Resolves once `n` events have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/**
 * The real app end to end: the simulator on a loopback port, the gateway on another, the real
 * SDK clients between them. Tests talk HTTP to both, as users and operators would.
 */
export class Harness {
  private constructor(
    readonly simUrl: string,
    public gateway: RunningGateway,
    private readonly closeSim: () => Promise<void>,
    readonly logs: string[],
    private readonly gatewayOptions: GatewayOptions,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    // Budgets off unless a test is about them: every local caller shares one anonymous budget.
    // The backend is named, as production (NODE_ENV=production tests) requires: it is this simulator.
    const oneScope = options.organization ? {} : ONE_SCOPE_ENV;
    const env = { PORT: '0', HOST: '127.0.0.1', FLEETGRAPH_BACKEND: 'simulator', FLEETGRAPH_CACHE_TTL_MS: '0', FLEETGRAPH_BUDGET_PER_SECOND: '0', ...oneScope, ...options.env };
    const config = loadConfig(env);
    // After the config, so a config error leaves no simulator running behind a failed test.
    const sim = await startSimulator({ port: 0, instances: options.instances ?? 40, timeScale: options.timeScale ?? 0, throttling: options.throttling ?? false });
    const front = options.endpoint ? await options.endpoint(sim.url) : undefined;
    const logs: string[] = [];
    const logger = options.captureLogs
      ? createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(line) } })
      : createLogger({ level: 'silent' });
    const gatewayOptions: GatewayOptions = {
      config,
      logger,
      manualWatcher: options.manualWatcher,
      onAwsCall: options.onAwsCall,
      onAwsBatch: options.onAwsBatch,
      watcherTime: options.watcherTime,
      awsEndpoint: front?.url ?? sim.url,
      credentials: { accessKeyId: options.accessKeyId ?? SIM_ACCESS_KEYS.admin, secretAccessKey: SIM_SECRET_KEY },
      accountId: SIM_ACCOUNT_ID,
      awsClock: () => sim.clock.now(),
    };
    const closeBackends = async () => {
      await front?.close();
      await sim.close();
    };
    let gateway: RunningGateway;
    try {
      gateway = await startGateway(gatewayOptions);
    } catch (err) {
      await closeBackends();
      throw err;
    }
    return new Harness(sim.url, gateway, closeBackends, logs, gatewayOptions);
  }

  /** Stop the gateway (as on SIGTERM) and start a fresh one on the same port: a deploy. */
  async restartGateway(): Promise<void> {
    const port = new URL(this.gateway.url).port;
    await this.gateway.close();
    this.gateway = await startGateway({ ...this.gatewayOptions, config: { ...this.gatewayOptions.config, server: { ...this.gatewayOptions.config.server, port: Number(port) } } });
  }

  get url(): string {
    return this.gateway.url;
  }

  async gql<T = any>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GqlResponse<T>> {
    const res = await request(this.gateway.httpServer).post('/graphql').set(headers).send({ query, variables });
    return { status: res.status, data: res.body?.data, errors: res.body?.errors };
  }

  /** Like gql, but fails the test on any GraphQL error. */
  async data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await this.gql<T>(query, variables);
    if (res.errors?.length) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(res.errors, null, 2)}`);
    return res.data as T;
  }

  async stats(): Promise<Calls> {
    const res = await fetch(`${this.simUrl}/_sim/stats`);
    return ((await res.json()) as { calls: Calls }).calls;
  }

  /** Calls per scope (`account/region`) and action, from the simulator's counters. */
  async scopeStats(): Promise<Record<string, Calls>> {
    const res = await fetch(`${this.simUrl}/_sim/stats`);
    const { scopes } = (await res.json()) as { scopes: Record<string, { calls: Calls }> };
    return Object.fromEntries(Object.entries(scopes).map(([k, v]) => [k, v.calls]));
  }

  /** AWS calls per scope and action made while `fn` ran. */
  async scopeCallsDuring(fn: () => Promise<unknown>): Promise<Record<string, Calls>> {
    const before = await this.scopeStats();
    await fn();
    const after = await this.scopeStats();
    const diff: Record<string, Calls> = {};
    for (const [scope, calls] of Object.entries(after)) {
      for (const [k, v] of Object.entries(calls)) {
        const d = v - (before[scope]?.[k] ?? 0);
        if (d) (diff[scope] ??= {})[k] = d;
      }
    }
    return diff;
  }

  /** AWS calls (by `service:Action`) made while `fn` ran, read from the simulator's counters. */
  /** A gauge or counter of the gateway's /metrics, summed over its labels (read in process). */
  async metric(name: string): Promise<number> {
    const m = this.gateway.metrics.registry.getSingleMetric(name);
    if (!m) throw new Error(`no metric ${name}`);
    return (await m.get()).values.reduce((sum, v) => sum + v.value, 0);
  }

  /**
   * Resolves once the gateway's metric `name` satisfies `check` — the gateway's own account of a
   * socket or subscription it has opened or closed, instead of a guess at how long that takes.
   */
  async untilMetric(name: string, check: (value: number) => boolean, timeoutMs = 5000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.metric(name);
      if (check(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${name} (last ${value})`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async callsDuring(fn: () => Promise<unknown>): Promise<Calls> {
    const before = await this.stats();
    await fn();
    const after = await this.stats();
    const diff: Calls = {};
    for (const [k, v] of Object.entries(after)) {
      const d = v - (before[k] ?? 0);
      if (d) diff[k] = d;
    }
    return diff;
  }

  /** The simulator's world: its first scope, or the scope named. */
  async world<T = any>(scope?: { accountId: string; region: string }): Promise<T> {
    const query = scope ? `?accountId=${scope.accountId}&region=${scope.region}` : '';
    return (await (await fetch(`${this.simUrl}/_sim/world${query}`)).json()) as T;
  }

  async simAdmin(path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.simUrl}/_sim/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`simulator admin ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  async reset(): Promise<void> {
    await this.simAdmin('reset', {});
  }

  private readonly wsClients: Client[] = [];

  /** A graphql-ws client on the gateway's /graphql, as Apollo Client or a bot would open it. */
  wsClient(connectionParams?: Record<string, unknown>): Client {
    const client = createClient({ url: this.gateway.wsUrl, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    this.wsClients.push(client);
    return client;
  }

  subscribe<T = any>(query: string, variables?: Record<string, unknown>, client: Client = this.wsClient()): Subscription<T> {
    const events: T[] = [];
    const errors: unknown[] = [];
    const waiters: Array<{ n: number; resolve: () => void }> = [];
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const wake = () => {
      for (const w of [...waiters]) if (events.length >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
    };
    const stop = client.subscribe<T>(
      { query, variables },
      {
        next: (r) => {
          if (r.errors) errors.push(...r.errors);
          if (r.data) events.push(r.data as T);
          wake();
        },
        error: (e) => {
          errors.push(e);
          finish();
        },
        complete: () => finish(),
      },
    );
    return {
      events,
      errors,
      done,
      stop,
      waitFor: (n, timeoutMs = 5000) =>
        new Promise<T[]>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`timed out waiting for ${n} events; got ${JSON.stringify(events)} errors ${JSON.stringify(errors)}`)), timeoutMs);
          waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(events); } });
          wake();
        }),
    };
  }

  /** One watcher pass with every watched task due (manualWatcher mode); says what it published. */
  poll(): Promise<TickReport> {
    return this.gateway.watcher.tick(true);
  }

  /**
   * Resolves once `check` holds for the watcher's listeners and reasons, checked at each change
   * (e.g. a subscription's listener has arrived), instead of sleeping until it probably has.
   */
  whenWatcher(check: (watching: WatchView) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const reasons = this.gateway.watcher.watching;
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        if (!check(reasons)) return false;
        clearTimeout(timer);
        off();
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out waiting for the watcher: ${what}`));
      }, timeoutMs);
      const off = reasons.onChange(done);
      done();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.wsClients.map((c) => c.dispose()));
    await this.gateway.close();
    await this.closeSim();
  }
}
