/**
 * The `taskEvents` subscription over graphql-ws, kept alive for as long as the bot runs:
 * - one eager connection (lazy: false) that retries forever with exponential backoff + jitter,
 *   capped at ~10 s, whatever closed it (gateway restart 1001, crash 1006, network loss);
 * - graphql-ws re-sends the subscription on every new connection; if the gateway ends or fails
 *   the subscription itself (complete / error / a close code graphql-ws treats as fatal), this
 *   module subscribes again after the same backoff;
 * - keep-alive pings; a pong that does not come back in time drops the socket so a half-open
 *   connection is noticed and replaced.
 * Logs one line per connect / disconnect; never logs connectionParams (they hold the API key).
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TaskEventFilter } from './config';
import type { TaskEvent } from './format';
import { errorMessage, redactUrl, silentLogger, type Logger } from './log';
import { backoffDelay } from './webhook';

export const TASK_EVENTS_SUBSCRIPTION = /* GraphQL */ `
  subscription ChatopsTaskEvents($filter: TaskEventFilter) {
    taskEvents(filter: $filter) {
      kind
      taskId
      previousState
      state
      at
      region
      instanceId
      documentName
      macModificationTask { id taskType instanceId instance { id instanceType name } }
      automationExecution { id documentName currentStepName failureMessage }
      macHost { id instanceType availabilityZone }
    }
  }
`;

export interface SubscriberOptions {
  url: string;
  apiKey?: string;
  bearerToken?: string;
  filter?: TaskEventFilter | null;
  onEvent: (event: TaskEvent) => void;
  log?: Logger;
  /** Reconnect backoff: base·2ⁿ with jitter, capped. Defaults 500 ms and 10 s. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** graphql-ws ping interval. Default 10 s. */
  keepAliveMs?: number;
  /** How long a ping may wait for its pong before the socket is dropped. Default 5 s. */
  pongTimeoutMs?: number;
  /** How long the gateway may take to acknowledge a connection. Default 10 s. */
  connectionAckTimeoutMs?: number;
}

export interface Subscriber {
  stop(): Promise<void>;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function closeDescription(event: unknown): string {
  const e = event as { code?: unknown; reason?: unknown };
  if (typeof e?.code !== 'number') return errorMessage(event);
  const text = `code ${e.code}${e.reason ? ` "${String(e.reason)}"` : ''}`;
  // graphql-ws: 4401 Unauthorized, 4403 Forbidden (the gateway's answer to missing or bad credentials).
  return e.code === 4401 || e.code === 4403 ? `${text}: credentials refused, check FLEETGRAPH_API_KEY / FLEETGRAPH_BEARER_TOKEN` : text;
}

export function startSubscriber(options: SubscriberOptions): Subscriber {
  const log = options.log ?? silentLogger;
  const baseMs = options.reconnectBaseMs ?? 500;
  const maxMs = options.reconnectMaxMs ?? 10_000;
  const pongTimeoutMs = options.pongTimeoutMs ?? 5000;
  const where = redactUrl(options.url, true);
  const stopping = new AbortController();

  let socket: WebSocket | null = null;
  let connected = false;
  let everConnected = false;
  let lastProblem = '';
  let attemptError = '';
  let inRetryWait = false;
  let pongTimer: NodeJS.Timeout | undefined;
  let resubscribeTimer: NodeJS.Timeout | undefined;
  let resubscribeAttempt = 0;
  let subscribedAt = 0;
  let unsubscribe: (() => void) | null = null;
  const closeWaiters: Array<() => void> = [];

  const connectionParams: Record<string, string> = {};
  if (options.apiKey) connectionParams.apiKey = options.apiKey;
  if (options.bearerToken) connectionParams.authorization = `Bearer ${options.bearerToken}`;

  const client: Client = createClient({
    url: options.url,
    webSocketImpl: WebSocket,
    connectionParams: Object.keys(connectionParams).length ? connectionParams : undefined,
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      const delay = backoffDelay(retries, baseMs, maxMs);
      log('info', `${everConnected ? 'reconnecting' : 'retrying'} in ${duration(delay)} (attempt ${retries + 1}${lastProblem ? `; last: ${lastProblem}` : ''})`);
      inRetryWait = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        // On stop, never resolve: no new socket is opened after stop() (the pending chain holds no timer).
        stopping.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
      });
      inRetryWait = false;
    },
    keepAlive: options.keepAliveMs ?? 10_000,
    connectionAckWaitTimeout: options.connectionAckTimeoutMs ?? 10_000,
    onNonLazyError: (err) => {
      // graphql-ws gave up on its eager connection (a close code it treats as fatal, e.g. 4500);
      // the subscription's own error handler below starts over.
      if (!stopping.signal.aborted) log('warn', `connection gave up: ${closeDescription(err)}`);
    },
    on: {
      connected: (s) => {
        socket = s as WebSocket;
        connected = true;
        lastProblem = '';
        log('info', `${everConnected ? 'reconnected' : 'connected'} to ${where}`);
        everConnected = true;
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        socket = null;
        closeWaiters.splice(0).forEach((resolve) => resolve());
        // A failed attempt's close (1006) says less than its error (e.g. connect ECONNREFUSED …).
        lastProblem = !connected && attemptError ? attemptError : closeDescription(event);
        attemptError = '';
        if (connected && !stopping.signal.aborted) log('warn', `disconnected from ${where} (${lastProblem})`);
        connected = false;
      },
      connecting: () => {
        attemptError = '';
      },
      error: (err) => {
        attemptError = errorMessage((err as { error?: unknown })?.error ?? err);
      },
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        const s = socket;
        pongTimer = setTimeout(() => {
          if (!s || s !== socket) return;
          log('warn', `no pong from ${where} within ${pongTimeoutMs} ms; dropping the connection`);
          s.terminate();
        }, pongTimeoutMs);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
  });

  const scheduleResubscribe = (why: string) => {
    unsubscribe = null;
    if (stopping.signal.aborted) return;
    // A subscription that lived a while earns a fresh, short backoff; one that keeps failing at once does not.
    if (Date.now() - subscribedAt > 60_000) resubscribeAttempt = 0;
    const delay = backoffDelay(resubscribeAttempt++, baseMs, maxMs);
    log('warn', `subscription ${why}; subscribing again in ${duration(delay)}`);
    resubscribeTimer = setTimeout(subscribe, delay);
  };

  function subscribe(): void {
    if (stopping.signal.aborted) return;
    let ended = false;
    subscribedAt = Date.now();
    unsubscribe = client.subscribe<{ taskEvents: TaskEvent | null }>(
      { query: TASK_EVENTS_SUBSCRIPTION, variables: { filter: options.filter ?? null } },
      {
        next: (result) => {
          if (result.errors?.length) log('warn', `event with errors: ${errorMessage(result.errors)}`);
          const event = result.data?.taskEvents;
          if (!event) return;
          resubscribeAttempt = 0;
          try {
            options.onEvent(event);
          } catch (err) {
            log('error', `could not handle event for ${event.taskId}: ${errorMessage(err)}`);
          }
        },
        error: (err) => {
          if (ended) return;
          ended = true;
          scheduleResubscribe(`failed (${closeDescription(err)})`);
        },
        complete: () => {
          if (ended) return;
          ended = true;
          scheduleResubscribe('was completed by the gateway');
        },
      },
    );
  }

  log('info', `connecting to ${where}`);
  subscribe();

  return {
    async stop() {
      if (stopping.signal.aborted) return;
      stopping.abort();
      clearTimeout(resubscribeTimer);
      clearTimeout(pongTimer);
      unsubscribe?.();
      unsubscribe = null;
      if (inRetryWait) return; // no socket is open, and the parked retry never resumes
      const wasConnected = connected;
      const closed = socket ? new Promise<void>((resolve) => closeWaiters.push(resolve)) : Promise.resolve();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([Promise.resolve(client.dispose()).catch(() => undefined), closed]),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000))),
      ]);
      clearTimeout(timer);
      if (wasConnected) log('info', `disconnected from ${where}`);
    },
  };
}
