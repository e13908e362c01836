import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Arg, Ctx, Resolver, Root, Subscription } from 'type-graphql';
import { NotFoundError } from '../errors/gateway-error';
import type { ScopeLoaders } from '../loaders';
import type { GatewayContext } from '../server/context';
import { AutomationExecution } from '../schema/automation.type';
import { TaskEventKind } from '../schema/enums';
import { MacHost } from '../schema/host.type';
import { MacModificationTask } from '../schema/mac-task.type';
import { TaskEvent, TaskEventFilter } from '../schema/task-event.type';
import { eventStream } from '../subscriptions/event-stream';
import type { SubscriptionServices } from '../subscriptions/services';
import type { TaskSnapshot } from '../subscriptions/task-event';
import { taskRef, Topics, type TaskRef } from '../subscriptions/task-ref';
import { assertIds } from '../validation/ids';
import { scopeHolding } from './resource-scope';

function services(ctx: GatewayContext): SubscriptionServices {
  if (!ctx.subscriptions) throw new Error('subscriptions are not enabled on this server');
  return ctx.subscriptions;
}

/**
 * Current state first, then every change, then completion after a terminal state. The topic is
 * subscribed before the snapshot is read so no change can fall between the two; `seq` drops
 * anything the snapshot already covered.
 */
async function perTaskStream(ref: TaskRef, ctx: GatewayContext): Promise<AsyncIterable<TaskSnapshot>> {
  const s = services(ctx);
  const events = s.pubsub.subscribe(Topics.task(ref));
  const release = s.watcher.addListener(ref);
  let current: TaskSnapshot | null;
  try {
    current = await s.watcher.snapshot(ref);
  } catch (err) {
    release();
    await events.return?.();
    throw err;
  }
  if (!current) {
    release();
    await events.return?.();
    throw new NotFoundError(`${s.watcher.labelOf(ref.kind)} ${ref.id} not found in ${ref.region}`);
  }
  s.onSubscriptionChange?.(1);
  let seen = current.seq;
  return eventStream<TaskSnapshot>({
    source: events,
    initial: [current],
    accept: (e) => {
      if (e.seq <= seen) return false;
      seen = e.seq;
      return true;
    },
    isLast: (e) => e.isTerminal,
    onClose: () => {
      release();
      s.onSubscriptionChange?.(-1);
    },
  });
}

/**
 * The `subscribe` of a per-task subscription: validate the id, find the scope that holds the task
 * (the one named, else whichever served scope knows it), then stream that task.
 */
function perTaskSubscribe(kind: TaskEventKind, idKind: 'macTask' | 'automationExecution' | 'host', idArg: string, load: (l: ScopeLoaders, id: string) => Promise<unknown>) {
  return async ({ args, context, info }: { args: Record<string, unknown>; context: unknown; info: GraphQLResolveInfo }) => {
    const ctx = context as GatewayContext;
    const id = args[idArg] as string;
    assertIds(idKind, idArg, [id]);
    const where = { accountId: args.accountId as string | null | undefined, region: args.region as string | null | undefined };
    const scope = await scopeHolding(ctx, info, where, { label: `${services(ctx).watcher.labelOf(kind)} ${id}`, load: (l) => load(l, id) });
    return perTaskStream(taskRef(kind, scope, id), ctx);
  };
}

function matches(e: TaskSnapshot, f: TaskEventFilter | undefined | null): boolean {
  if (!f) return true;
  return (
    (!f.kinds?.length || f.kinds.includes(e.kind)) &&
    (!f.states?.length || f.states.includes(e.state)) &&
    (!f.instanceId || e.instanceId === f.instanceId) &&
    (!f.documentName || e.documentName === f.documentName)
  );
}

@Resolver()
export class SubscriptionResolver {
  @Authorized('viewer')
  @Subscription(() => MacModificationTask, {
    description: 'The task now, then every state change; completes after SUCCESSFUL or FAILED. Unknown id: NOT_FOUND.',
    subscribe: perTaskSubscribe(TaskEventKind.MAC_MODIFICATION_TASK, 'macTask', 'taskId', (l, id) => l.macTask.load(id)),
  })
  macModificationTaskUpdated(
    @Root() event: TaskSnapshot,
    @Arg('taskId') _taskId: string,
    @Arg('accountId', () => String, { nullable: true, description: 'Default: whichever served account holds the task.' }) _accountId: string | null,
    @Arg('region', () => String, { nullable: true }) _region: string | null,
    @Ctx() ctx: GatewayContext,
  ): MacModificationTask {
    ctx.loaders = services(ctx).eventLoaders.for(event);
    return event.macModificationTask as MacModificationTask;
  }

  @Authorized('viewer')
  @Subscription(() => AutomationExecution, {
    description: 'The execution now, then every status or step change; completes after a terminal status. Unknown id: NOT_FOUND.',
    subscribe: perTaskSubscribe(TaskEventKind.AUTOMATION_EXECUTION, 'automationExecution', 'executionId', (l, id) => l.execution.load(id)),
  })
  automationExecutionUpdated(
    @Root() event: TaskSnapshot,
    @Arg('executionId') _executionId: string,
    @Arg('accountId', () => String, { nullable: true, description: 'Default: whichever served account holds the execution.' }) _accountId: string | null,
    @Arg('region', () => String, { nullable: true }) _region: string | null,
    @Ctx() ctx: GatewayContext,
  ): AutomationExecution {
    ctx.loaders = services(ctx).eventLoaders.for(event);
    return event.automationExecution as AutomationExecution;
  }

  @Authorized('viewer')
  @Subscription(() => MacHost, {
    description:
      'The Mac host now, then every state change; completes once it is at rest (AVAILABLE after a scrub, RELEASED, …). Subscribe after stopInstances to wait for the scrub. Unknown id: NOT_FOUND.',
    subscribe: perTaskSubscribe(TaskEventKind.MAC_HOST, 'host', 'hostId', (l, id) => l.host.load(id)),
  })
  macHostUpdated(
    @Root() event: TaskSnapshot,
    @Arg('hostId') _hostId: string,
    @Arg('accountId', () => String, { nullable: true, description: 'Default: whichever served account holds the host.' }) _accountId: string | null,
    @Arg('region', () => String, { nullable: true }) _region: string | null,
    @Ctx() ctx: GatewayContext,
  ): MacHost {
    ctx.loaders = services(ctx).eventLoaders.for(event);
    return event.macHost as MacHost;
  }

  @Authorized('viewer')
  @Subscription(() => TaskEvent, {
    description:
      "Fleet-wide stream of task and Mac host state changes (tasks created and hosts scrubbed through the gateway, and every served scope's active tasks and scrubbing hosts), for bots.",
    subscribe: async ({ args, context }) => {
      const s = services(context as GatewayContext);
      const filter = args.filter as TaskEventFilter | undefined;
      const events = s.pubsub.subscribe(Topics.fleet);
      const release = s.watcher.addFleetListener();
      s.onSubscriptionChange?.(1);
      return eventStream<TaskSnapshot>({
        source: events,
        accept: (e) => matches(e, filter),
        onClose: () => {
          release();
          s.onSubscriptionChange?.(-1);
        },
      });
    },
  })
  taskEvents(
    @Root() event: TaskSnapshot,
    @Arg('filter', () => TaskEventFilter, { nullable: true }) _filter: TaskEventFilter | undefined,
    @Ctx() ctx: GatewayContext,
  ): TaskEvent {
    ctx.loaders = services(ctx).eventLoaders.for(event);
    return { ...event, at: new Date(event.at) };
  }
}
