import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { createAuthChecker } from '../auth';
import { auditMutations, type AuditLog } from '../observability/audit';
import { AccountResolver } from '../resolvers/account.resolver';
import { AutomationMutations } from '../resolvers/automation.mutations';
import { AutomationPreviewMutations } from '../resolvers/automation-preview.mutations';
import { MacHostMutations } from '../resolvers/host.mutations';
import { MacHostResolver } from '../resolvers/host.resolver';
import { ImageGovernanceResolver } from '../resolvers/image-governance.resolver';
import { InstancePowerMutations, MacHostScrubResolver } from '../resolvers/instance-power.mutations';
import { AutomationResolver } from '../resolvers/automation.resolver';
import { ImageMutations } from '../resolvers/image.mutations';
import { MacTaskMutations } from '../resolvers/mac-task.mutations';
import { ImageResolver } from '../resolvers/image.resolver';
import { InstanceResolver } from '../resolvers/instance.resolver';
import { MacTaskResolver } from '../resolvers/mac-task.resolver';
import { ManagedNodeIdentity, NodeResolver, RunbookIdentity } from '../resolvers/node.resolver';
import { RunbookResolver } from '../resolvers/runbook.resolver';
import { SubscriptionResolver } from '../resolvers/subscription.resolver';
import { scalarsMap } from '../schema/scalars';

export const resolvers = [
  AccountResolver,
  InstanceResolver,
  ImageResolver,
  MacTaskResolver,
  AutomationResolver,
  RunbookResolver,
  MacTaskMutations,
  ImageMutations,
  AutomationMutations,
  MacHostResolver,
  MacHostMutations,
  InstancePowerMutations,
  MacHostScrubResolver,
  ImageGovernanceResolver,
  AutomationPreviewMutations,
  NodeResolver,
  ManagedNodeIdentity,
  RunbookIdentity,
  SubscriptionResolver,
] as const;

/**
 * The executable schema; also what scripts/print-schema.ts prints to schema.graphql. Roles are
 * enforced in the schema (`@Authorized`), argument-aware for mutations (src/auth/policy.ts);
 * the Mutation fields' audit records every mutation, and the auth checker every refused one.
 * No type-graphql global middleware: it would run on every field of every query.
 */
export async function buildGatewaySchema(options: { audit?: AuditLog } = {}): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...resolvers],
    authChecker: createAuthChecker({ audit: options.audit }),
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
  if (options.audit) auditMutations(schema, options.audit);
  return schema;
}
