/**
 * Subscribers in their own thread (own V8 heap), so the gateway's heap is measured alone and
 * client-side parsing does not run on the gateway's event loop.
 *
 * main → worker: { type: 'subscribe', wsUrl, query, variables, count, connections }
 * worker → main: { type: 'ready' }                          every subscriber has its first event
 *                { type: 'events', n, firstAt, lastAt }     every subscriber has n events (times: timeOrigin + now)
 *                { type: 'done', states, errors }           every subscription completed
 */
import { createClient, type Client } from 'graphql-ws';
import { parentPort } from 'node:worker_threads';
import WebSocket from 'ws';

interface SubscribeMsg {
  type: 'subscribe';
  wsUrl: string;
  query: string;
  variables: Record<string, unknown>;
  count: number;
  connections: number;
  /** Post 'events' when every subscriber has this many. */
  milestones: number[];
}

const port = parentPort!;
const now = () => performance.timeOrigin + performance.now();

port.on('message', (msg: SubscribeMsg | { type: 'dispose' }) => {
  if (msg.type === 'subscribe') void subscribe(msg);
});

async function subscribe(msg: SubscribeMsg): Promise<void> {
  const clients: Client[] = Array.from({ length: msg.connections }, () =>
    createClient({ url: msg.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true }),
  );
  const counts = new Array<number>(msg.count).fill(0);
  const states: string[][] = Array.from({ length: msg.count }, () => []);
  const errors: string[] = [];
  const reached = new Map<number, { n: number; first: number; last: number }>();
  let completed = 0;

  const onEvent = (i: number, state: string) => {
    const t = now();
    counts[i]++;
    states[i].push(state);
    const n = counts[i];
    const r = reached.get(n) ?? { n: 0, first: t, last: t };
    r.n++;
    r.last = t;
    reached.set(n, r);
    if (r.n === msg.count) {
      if (n === 1) port.postMessage({ type: 'ready' });
      if (msg.milestones.includes(n)) port.postMessage({ type: 'events', n, firstAt: r.first, lastAt: r.last });
    }
  };

  for (let i = 0; i < msg.count; i++) {
    clients[i % clients.length].subscribe<{ macModificationTaskUpdated: { state: string } }>(
      { query: msg.query, variables: msg.variables },
      {
        next: (r) => {
          if (r.errors) errors.push(JSON.stringify(r.errors).slice(0, 300));
          if (r.data) onEvent(i, r.data.macModificationTaskUpdated.state);
        },
        error: (e) => {
          errors.push(String((e as Error)?.message ?? JSON.stringify(e)).slice(0, 300));
          if (++completed === msg.count) finish();
        },
        complete: () => {
          if (++completed === msg.count) finish();
        },
      },
    );
  }

  const finish = () => {
    // Summarise the sequences instead of sending 1000 arrays back.
    const sequences: Record<string, number> = {};
    for (const s of states) sequences[s.join('>')] = (sequences[s.join('>')] ?? 0) + 1;
    void Promise.all(clients.map((c) => c.dispose())).then(() => port.postMessage({ type: 'done', sequences, errors: errors.slice(0, 5), errorCount: errors.length }));
  };
}
