import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AutomationMutations } from '../resolvers/automation.mutations';
import { AutomationResolver } from '../resolvers/automation.resolver';
import { ImageMutations } from '../resolvers/image.mutations';
import { MacTaskMutations } from '../resolvers/mac-task.mutations';
import { ImageResolver } from '../resolvers/image.resolver';
import { InstanceResolver } from '../resolvers/instance.resolver';
import { MacTaskResolver } from '../resolvers/mac-task.resolver';
import { RunbookResolver } from '../resolvers/runbook.resolver';
import { SubscriptionResolver } from '../resolvers/subscription.resolver';
import { scalarsMap } from '../schema/scalars';

export const resolvers = [
  InstanceResolver,
  ImageResolver,
  MacTaskResolver,
  AutomationResolver,
  RunbookResolver,
  MacTaskMutations,
  ImageMutations,
  AutomationMutations,
  SubscriptionResolver,
] as const;

/** The executable schema; also what scripts/print-schema.ts prints to schema.graphql. */
export function buildGatewaySchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...resolvers],
    scalarsMap,
    validate: false,
    // Every subscription here has its own `subscribe` (src/resolvers/subscription.resolver.ts);
    // type-graphql insists on a PubSub anyway, so give it one that says so if ever used.
    pubSub: {
      publish: () => {
        throw new Error('use the task watcher PubSub (src/subscriptions/pubsub.ts)');
      },
      subscribe: () => {
        throw new Error('use the task watcher PubSub (src/subscriptions/pubsub.ts)');
      },
    },
  });
}
