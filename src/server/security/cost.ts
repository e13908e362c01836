import { getNamedType, isLeafType, type GraphQLField } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';

/**
 * Query cost: roughly "how much AWS work could this query cause". Each field costs its own price
 * plus its selection's; a connection multiplies its selection by `first` (default 50), since every
 * node repeats it. Fields whose resolvers call AWS are priced higher than plain object fields.
 */
export const AWS_FIELD_COST = 5;
/**
 * Fields served by a batching loader (200 or 50 ids per AWS call) cost far less per node than a
 * call per parent. Pricing them at 5 would refuse the fleet dashboard's own query
 * (`instances(first: 500) { nodes { image macModificationTasks managedNode } }` = 8005) while
 * the truly per-node calls (launchPermissions, execution details, runbooks) stay at 5.
 */
export const BATCHED_AWS_FIELD_COST = 2;
export const OBJECT_FIELD_COST = 1;
export const SCALAR_FIELD_COST = 0;
export const DEFAULT_PAGE_SIZE = 50;

/**
 * `Type.field` → own cost, for every field whose resolver calls AWS (through a loader or not).
 * Root fields of Query/Mutation/Subscription are priced generically in `fieldCost` below.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  // Batched: DescribeImages / DescribeMacModificationTasks / DescribeInstances (200 a call),
  // DescribeInstanceInformation (50 a call).
  'Instance.image': BATCHED_AWS_FIELD_COST,
  'Instance.macModificationTasks': BATCHED_AWS_FIELD_COST,
  'Instance.managedNode': BATCHED_AWS_FIELD_COST,
  'MacModificationTask.instance': BATCHED_AWS_FIELD_COST,
  // One call per parent: DescribeImageAttribute, GetAutomationExecution, GetDocument.
  'Image.launchPermissions': AWS_FIELD_COST,
  'AutomationExecution.steps': AWS_FIELD_COST,
  'AutomationExecution.progress': AWS_FIELD_COST,
  'AutomationExecution.parameters': AWS_FIELD_COST,
  'AutomationExecution.runbook': AWS_FIELD_COST,
  'AutomationExecution.targetInstances': AWS_FIELD_COST,
  'Runbook.parameters': AWS_FIELD_COST,
  'Runbook.steps': AWS_FIELD_COST,
};

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** A Relay-style connection: returns `XxxConnection` and takes `first`. */
export function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name.endsWith('Connection') && field.args.some((a) => a.name === 'first');
}

export function fieldCost(typeName: string, field: GraphQLField<unknown, unknown>, costs: Readonly<Record<string, number>> = FIELD_COSTS): number {
  const explicit = costs[`${typeName}.${field.name}`];
  if (explicit !== undefined) return explicit;
  // Every root field is a call to AWS (or a subscription kept alive by polling it).
  if (ROOT_TYPES.has(typeName) && !field.name.startsWith('__')) return AWS_FIELD_COST;
  return isLeafType(getNamedType(field.type)) ? SCALAR_FIELD_COST : OBJECT_FIELD_COST;
}

/**
 * The graphql-query-complexity estimator implementing the rules above. `first` is capped at
 * `maxPageSize`: larger values are refused by the resolver with a precise BAD_USER_INPUT, which
 * says more than a cost error would.
 */
export function fleetCostEstimator(costs: Readonly<Record<string, number>> = FIELD_COSTS, maxPageSize = 1000): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const own = fieldCost(type.name, field as GraphQLField<unknown, unknown>, costs);
    if (!isConnectionField(field as GraphQLField<unknown, unknown>)) return own + childComplexity;
    const first = typeof args.first === 'number' && Number.isFinite(args.first) ? Math.min(maxPageSize, Math.max(0, args.first)) : DEFAULT_PAGE_SIZE;
    // A page is fetched even when `first` is 0, so count at least one node.
    return own + Math.max(1, first) * childComplexity;
  };
}
