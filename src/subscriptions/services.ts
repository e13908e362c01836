import type { EventLoaders } from './event-loaders';
import type { TaskPubSub } from './pubsub';
import type { TaskWatcher } from './task-watcher';

/** What subscription resolvers need, carried on the GraphQL context. */
export interface SubscriptionServices {
  watcher: TaskWatcher;
  pubsub: TaskPubSub;
  eventLoaders: EventLoaders;
  /** Count of live subscriptions, for metrics. */
  onSubscriptionChange?(delta: 1 | -1): void;
}
