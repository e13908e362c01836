import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { MemoryCoordination, type Coordination } from './coordination/coordination';
import { RedisCoordination } from './coordination/redis-coordination';
import type { TaskSnapshot } from './task-event';

export type TaskPubSub = {
  publish(topic: string, payload: TaskSnapshot): void;
  subscribe(topic: string): AsyncIterableIterator<TaskSnapshot>;
};

export interface Messaging {
  pubsub: TaskPubSub;
  coordination: Coordination;
  /** Which backend carries events: shown at start-up and on /readyz. */
  kind: 'memory' | 'redis';
  /** The shared Redis connection, for other per-replica coordination (rate limits). */
  redis?: Redis;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * In-memory PubSub by default; with a Redis URL, events cross replicas through Redis pub/sub
 * (@graphql-yoga/redis-event-target) and leases/snapshots live in Redis.
 */
export function createMessaging(options: { redisUrl?: string; leaseMs: number }): Messaging {
  if (!options.redisUrl) {
    // Hundreds of subscribers on one task are normal here, not a listener leak.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    const pubsub = createPubSub({ eventTarget }) as unknown as TaskPubSub;
    return { pubsub, coordination: new MemoryCoordination(), kind: 'memory', ping: async () => true, close: async () => {} };
  }
  const redisOptions = { maxRetriesPerRequest: 3, lazyConnect: false };
  const publishClient = new Redis(options.redisUrl, redisOptions);
  const subscribeClient = new Redis(options.redisUrl, redisOptions);
  const dataClient = new Redis(options.redisUrl, redisOptions);
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const pubsub = createPubSub({ eventTarget }) as unknown as TaskPubSub;
  const coordination = new RedisCoordination(dataClient, randomUUID(), options.leaseMs);
  return {
    pubsub,
    coordination,
    kind: 'redis',
    redis: dataClient,
    ping: async () => (await dataClient.ping()) === 'PONG',
    async close() {
      await coordination.close().catch(() => undefined);
      publishClient.disconnect();
      subscribeClient.disconnect();
      dataClient.disconnect();
    },
  };
}
