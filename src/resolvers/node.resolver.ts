import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Scope } from '../aws';
import { BadUserInputError } from '../errors/gateway-error';
import type { ScopeLoaders } from '../loaders';
import { runbookKey } from '../loaders/ssm.loaders';
import type { GatewayContext } from '../server/context';
import { ManagedNode } from '../schema/managed-node.type';
import { Node, asNode } from '../schema/node.type';
import { Runbook } from '../schema/runbook.type';
import { assertMaxValues } from '../validation/ids';
import { managedNodeId, parseNodeId, runbookId, type NodeRef } from './global-id';
import { locate } from './scope-lookup';

const MAX_NODE_IDS = 200;
const BAD_ID = 'not a FleetGraph node id (an instance, AMI, host, Mac task or execution id, or a managed-node:/runbook: id)';

/**
 * Relay's object identification: any object with a global id, fetched again by that id alone
 * through the operation's batched loaders. An AWS id is looked up in every served scope at once
 * (like `instance(instanceId:)`); a composite id names its scope, which must be served.
 */
@Resolver()
export class NodeResolver {
  @Authorized('viewer')
  // One batched lookup in each scope asked (every served one for an AWS id).
  @Extensions({ cost: { awsCalls: 1 } })
  @Query(() => Node, { nullable: true, description: 'The object with this global id (see Node), from the scope that holds it; null when none does. An id of no known shape is BAD_USER_INPUT.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Node | null> {
    const ref = parseNodeId(id);
    if (!ref) throw new BadUserInputError(`id: ${BAD_ID}`, [{ field: 'id', message: BAD_ID }]);
    return loadNode(ctx, info, ref, 'id');
  }

  @Authorized('viewer')
  // Priced at its most ids: the estimator cannot count the list it is given.
  @Extensions({ cost: { awsCalls: 1, assumedSize: MAX_NODE_IDS } })
  @Query(() => [Node], { nullable: 'itemsAndList', description: `The objects with these global ids, in order (null where none holds one); at most ${MAX_NODE_IDS} ids, every bad one reported at once.` })
  async nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<Array<Node | null> | null> {
    assertMaxValues('ids', ids, MAX_NODE_IDS);
    const refs = ids.map(parseNodeId);
    const bad = refs.flatMap((r, i) => (r ? [] : [{ field: `ids[${i}]`, message: BAD_ID }]));
    if (bad.length) throw new BadUserInputError(`${bad.length} of the ids are ${BAD_ID}`, bad);
    // Concurrent loads share each scope's batched calls.
    return Promise.all(refs.map((ref, i) => loadNode(ctx, info, ref!, `ids[${i}]`)));
  }
}

async function loadNode(ctx: GatewayContext, info: GraphQLResolveInfo, ref: NodeRef, field: string): Promise<Node | null> {
  const found = await locate<object>(ctx, info, scopesOf(ctx, ref, field), (l) => loadIn(l, ref));
  return found ? asNode(ref.type, found.value as Node) : null;
}

/** Every served scope for an AWS id; the scope a composite id names, which must be served. */
function scopesOf(ctx: GatewayContext, ref: NodeRef, field: string): Scope[] {
  if (!('accountId' in ref)) return ctx.scopes.select({});
  try {
    return ctx.scopes.select({ accountId: ref.accountId, region: ref.region });
  } catch (err) {
    if (!(err instanceof BadUserInputError)) throw err;
    const message = `names account ${ref.accountId} in ${ref.region}, which this gateway does not serve`;
    throw new BadUserInputError(`${field}: ${message}`, [{ field, message }]);
  }
}

function loadIn(l: ScopeLoaders, ref: NodeRef): Promise<object | null | undefined> {
  switch (ref.type) {
    case 'Instance':
      return l.instance.load(ref.awsId);
    case 'Image':
      return l.image.load(ref.awsId);
    case 'MacHost':
      return l.host.load(ref.awsId);
    case 'MacModificationTask':
      return l.macTask.load(ref.awsId);
    case 'AutomationExecution':
      return l.execution.load(ref.awsId);
    case 'ManagedNode':
      return l.managedNode.load(ref.instanceId);
    case 'Runbook':
      return l.runbook.load(runbookKey(ref.name, ref.version));
  }
}

@Resolver(() => ManagedNode)
export class ManagedNodeIdentity {
  @FieldResolver(() => ID)
  @Extensions({ cost: { awsCalls: 0 } }) // computed from the parent: no AWS call
  id(@Root() node: ManagedNode): string {
    return managedNodeId(node);
  }
}

@Resolver(() => Runbook)
export class RunbookIdentity {
  @FieldResolver(() => ID)
  @Extensions({ cost: { awsCalls: 0 } }) // computed from the parent: no AWS call
  id(@Root() runbook: Runbook): string {
    return runbookId(runbook);
  }
}
