import { getNamedType, getNullableType, isLeafType, isListType, type GraphQLField, type GraphQLNamedType, type GraphQLOutputType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';

/**
 * What one operation may cost, estimated before it runs, in **cost units**: one unit per list
 * item the response may hold, plus one per AWS call the operation may make. Lists multiply what
 * they contain — a connection by `first`, a joined list by its assumed size — so a list nested in
 * a list is priced as the product it really is (issue 12: `macModificationTasks { instance {
 * macModificationTasks { … } } }` used to cost the same at every depth).
 *
 * Each field's price is declared next to its definition when it can be: the `cost` field
 * extension (`@Extensions({ cost: { awsCalls: 1, assumedSize: 10 } })` in type-graphql). The
 * table below is the fallback for fields not declaring one yet, keyed by `Type.field`.
 */
export interface FieldCost {
  /** AWS calls one resolution of the field makes (a page, for connections). */
  awsCalls?: number;
  /** One call serves this many parents (a batching loader): the field costs awsCalls / batch per parent. */
  batch?: number;
  /** Items a list field is assumed to return (connections use `first` instead). */
  assumedSize?: number;
  /** Connections: AWS's largest page (MaxResults), so `first` costs ⌈first / pageSize⌉ calls. */
  pageSize?: number;
}

/** The field extension holding a FieldCost (what part 2 declares on the schema's fields). */
export const COST_EXTENSION = 'cost';

/** A list of objects whose field declares no size: assume this many items. */
export const DEFAULT_LIST_SIZE = 10;
/** `first` when a connection is queried without it (the schema's default is the same). */
export const DEFAULT_PAGE_SIZE = 50;

/**
 * Assumed sizes are "a large honest case", not the largest possible: the per-operation response
 * cap (FLEETGRAPH_MAX_RESPONSE_BYTES) catches data bigger than assumed.
 */
export const FIELD_COSTS: Readonly<Record<string, FieldCost>> = {
  // Root connections: one AWS page per ⌈first / MaxResults⌉.
  'Query.instances': { awsCalls: 1, pageSize: 1000 },
  'Query.images': { awsCalls: 1, pageSize: 1000 },
  'Query.macModificationTasks': { awsCalls: 1, pageSize: 500 },
  'Query.automationExecutions': { awsCalls: 1, pageSize: 50 },
  'Query.runbooks': { awsCalls: 1, pageSize: 50 },
  // Batched joins: DescribeImages / DescribeMacModificationTasks / DescribeInstances by filter
  // (200 values a call), SSM DescribeInstanceInformation (50 a call).
  'Instance.image': { awsCalls: 1, batch: 200 },
  // A Mac's task history: a few a year (the simulator seeds at most three per instance).
  'Instance.macModificationTasks': { awsCalls: 1, batch: 200, assumedSize: 5 },
  'Instance.managedNode': { awsCalls: 1, batch: 50 },
  'MacModificationTask.instance': { awsCalls: 1, batch: 200 },
  // One call per parent: DescribeImageAttribute, GetAutomationExecution, DescribeDocument.
  'Image.launchPermissions': { awsCalls: 1, assumedSize: 10 },
  'AutomationExecution.steps': { awsCalls: 1, assumedSize: 20 },
  'AutomationExecution.progress': { awsCalls: 1 },
  'AutomationExecution.parameters': { awsCalls: 1, assumedSize: 10 },
  'AutomationExecution.runbook': { awsCalls: 1 },
  // GetAutomationExecution, then the instances through the batched instance loader.
  'AutomationExecution.targetInstances': { awsCalls: 1, assumedSize: 10 },
  'Runbook.parameters': { awsCalls: 1, assumedSize: 20 },
  'Runbook.steps': { awsCalls: 1, assumedSize: 20 },
  // Mutation payloads re-read the changed image (DescribeImages through the loader).
  'ImagePayload.image': { awsCalls: 1 },
  // Subscription payloads re-read the task through the event loaders.
  'TaskEvent.macModificationTask': { awsCalls: 1 },
  'TaskEvent.automationExecution': { awsCalls: 1 },
  // Lists carried inline in the parent's AWS answer: no call, only items. Tags: AWS allows 50.
  'Instance.tags': { assumedSize: 10 },
  'Image.tags': { assumedSize: 10 },
  'MacModificationTask.tags': { assumedSize: 10 },
  'AutomationExecution.outputs': { assumedSize: 10 },
  'AutomationExecution.targets': { assumedSize: 5 },
  'AutomationStep.inputs': { assumedSize: 10 },
  'AutomationStep.outputs': { assumedSize: 10 },
};

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

type AnyField = GraphQLField<unknown, unknown>;

/**
 * The only argument the estimators read (a connection's page size): an operation's estimate
 * depends on its variables only through this argument and @skip/@include, so estimates can be
 * remembered per value of those variables (query-limits.ts).
 */
export const PAGE_ARGUMENT = 'first';

/** A Relay-style connection: returns `XxxConnection` and takes `first`. */
export function isConnectionField(field: AnyField): boolean {
  return isConnectionType(getNamedType(field.type)) && field.args.some((a) => a.name === PAGE_ARGUMENT);
}

function isConnectionType(type: GraphQLNamedType): boolean {
  return type.name.endsWith('Connection');
}

/**
 * The field's declared cost: its `cost` extension, else the table, else the defaults — every
 * root field is one AWS call (a read, a write, or a subscription's first read), and a list of
 * objects holds DEFAULT_LIST_SIZE items.
 */
export function fieldCost(typeName: string, field: AnyField, table: Readonly<Record<string, FieldCost>> = FIELD_COSTS): FieldCost {
  const declared = readDeclaration(field.extensions?.[COST_EXTENSION]);
  if (declared) return declared;
  const listed = table[`${typeName}.${field.name}`];
  if (listed) return listed;
  return ROOT_TYPES.has(typeName) && !field.name.startsWith('__') ? { awsCalls: 1 } : {};
}

function readDeclaration(value: unknown): FieldCost | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const num = (x: unknown, min: number) => (typeof x === 'number' && Number.isFinite(x) && x >= min ? x : undefined);
  return { awsCalls: num(v.awsCalls, 0), batch: num(v.batch, 1), assumedSize: num(v.assumedSize, 0), pageSize: num(v.pageSize, 1) };
}

/** A list whose items are objects (lists of scalars are priced with their parent). */
function isObjectList(type: GraphQLOutputType): boolean {
  const nullable = getNullableType(type);
  return isListType(nullable) && !isLeafType(getNamedType(nullable));
}

function firstOf(args: Record<string, unknown>, maxPageSize: number): number {
  const given = args[PAGE_ARGUMENT];
  const first = typeof given === 'number' && Number.isFinite(given) ? Math.min(maxPageSize, Math.max(0, given)) : DEFAULT_PAGE_SIZE;
  // A page is fetched even when `first` is 0: count at least one item.
  return Math.max(1, first);
}

interface EstimatorOptions {
  table?: Readonly<Record<string, FieldCost>>;
  /** The gateway's largest `first`; larger values are priced at it (the resolver refuses them precisely). */
  maxPageSize?: number;
}

/** How often one resolution of a field repeats its selection, and what it costs by itself. */
interface FieldShape {
  /** AWS calls per resolution (fractional for batched fields). */
  calls: number;
  /** Times the selection repeats (list items); 1 for a single object. */
  repeat: number;
  /** List items counted per resolution (each costs one unit). */
  items: number;
}

function shapeOf(typeName: string, field: AnyField, args: Record<string, unknown>, options: Required<EstimatorOptions>): FieldShape {
  // Introspection is bounded by the schema itself (and off in production).
  if (typeName.startsWith('__') || field.name.startsWith('__')) return { calls: 0, repeat: 1, items: 0 };
  const cost = fieldCost(typeName, field, options.table);
  const perCall = (cost.awsCalls ?? 0) / (cost.batch ?? 1);
  if (isConnectionField(field)) {
    const first = firstOf(args, options.maxPageSize);
    // Items are counted by the connection's `nodes`/`edges` lists, once per repeat.
    return { calls: perCall * Math.ceil(first / (cost.pageSize ?? first)), repeat: first, items: 0 };
  }
  if (!isObjectList(field.type)) return { calls: perCall, repeat: 1, items: 0 };
  // `nodes` and `edges` repeat with the connection's `first`, already applied above.
  const size = isConnectionType(getNamedType(field.type)) || typeName.endsWith('Connection') ? 1 : (cost.assumedSize ?? DEFAULT_LIST_SIZE);
  return { calls: perCall, repeat: size, items: size };
}

/**
 * Cost units: list items + AWS calls, with each list multiplying its selection. Fractions (batched
 * calls) add up across the operation; the total is rounded up by the caller.
 */
export function costEstimator(options: EstimatorOptions = {}): ComplexityEstimator {
  const o = { table: options.table ?? FIELD_COSTS, maxPageSize: options.maxPageSize ?? 1000 };
  return ({ type, field, args, childComplexity }) => {
    const s = shapeOf(type.name, field as AnyField, args, o);
    return s.calls + s.items + s.repeat * childComplexity;
  };
}

/** The AWS calls an operation may make (an upper estimate: loaders often share calls). */
export function awsCallsEstimator(options: EstimatorOptions = {}): ComplexityEstimator {
  const o = { table: options.table ?? FIELD_COSTS, maxPageSize: options.maxPageSize ?? 1000 };
  return ({ type, field, args, childComplexity }) => {
    const s = shapeOf(type.name, field as AnyField, args, o);
    return s.calls + s.repeat * childComplexity;
  };
}
