import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Logger } from '../observability/logger';
import { MemoryCoordination, type Coordination } from './coordination/coordination';
import { RedisCoordination } from './coordination/redis-coordination';
import type { TaskSnapshot } from './task-event';

export type TaskPubSub = {
  publish(topic: string, payload: TaskSnapshot): void;
  /** Listening starts at once (not at the first next()), so nothing published after this call is missed. */
  subscribe(topic: string): AsyncIterableIterator<TaskSnapshot>;
};

export interface Messaging {
  pubsub: TaskPubSub;
  coordination: Coordination;
  /** The shared Redis connection, for other per-replica coordination (rate limits). */
  redis?: Redis;
  close(): Promise<void>;
}

type YogaPubSub = ReturnType<typeof createPubSub>;

/**
 * yoga's subscribe() is lazy: its listener is attached on the first next(). A subscription that
 * sends a snapshot first would miss events published meanwhile, so start listening right away
 * and hand the first pending result to the first next().
 */
function eager(pubsub: YogaPubSub): TaskPubSub {
  return {
    publish: (topic, payload) => pubsub.publish(topic, payload),
    subscribe(topic) {
      const source = pubsub.subscribe(topic) as unknown as AsyncIterableIterator<TaskSnapshot>;
      let first: Promise<IteratorResult<TaskSnapshot>> | undefined = source.next();
      const it: AsyncIterableIterator<TaskSnapshot> = {
        next() {
          const pending = first;
          first = undefined;
          return pending ?? source.next();
        },
        return: (value?: unknown) => source.return?.(value) ?? Promise.resolve({ done: true, value: undefined }),
        [Symbol.asyncIterator]: () => it,
      };
      return it;
    },
  };
}

/**
 * ioredis rejects commands once a connection has been down for a while. The event target fires
 * publish/subscribe without handling their promises, which would be unhandled rejections (and
 * crash the process) during a Redis failover; here they are logged instead.
 */
function guarded(client: Redis, name: string, logger: Logger): Redis {
  client.on('error', (err: Error) => logger.warn({ err: { message: err.message }, client: name }, 'redis connection error'));
  for (const method of ['publish', 'subscribe', 'unsubscribe'] as const) {
    const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const p = original(...args);
      p.catch((err: Error) => logger.warn({ err: { message: err.message }, client: name, method }, 'redis command failed'));
      return p;
    };
  }
  return client;
}

/**
 * In-memory PubSub by default; with a Redis URL, events cross replicas through Redis pub/sub
 * (@graphql-yoga/redis-event-target) and leases/snapshots live in Redis.
 */
export function createMessaging(options: { redisUrl?: string; leaseMs: number; logger: Logger }): Messaging {
  if (!options.redisUrl) {
    // Hundreds of subscribers on one task are normal here, not a listener leak.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    const pubsub = eager(createPubSub({ eventTarget }));
    return { pubsub, coordination: new MemoryCoordination(), close: async () => {} };
  }
  const redisOptions = { maxRetriesPerRequest: 3, lazyConnect: false };
  const publishClient = guarded(new Redis(options.redisUrl, redisOptions), 'publish', options.logger);
  const subscribeClient = guarded(new Redis(options.redisUrl, redisOptions), 'subscribe', options.logger);
  const dataClient = guarded(new Redis(options.redisUrl, redisOptions), 'data', options.logger);
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const pubsub = eager(createPubSub({ eventTarget }));
  const coordination = new RedisCoordination(dataClient, randomUUID(), options.leaseMs);
  return {
    pubsub,
    coordination,
    redis: dataClient,
    async close() {
      await coordination.close().catch(() => undefined);
      publishClient.disconnect();
      subscribeClient.disconnect();
      dataClient.disconnect();
    },
  };
}
