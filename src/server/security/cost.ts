import { getNamedType, getNullableType, isLeafType, isListType, type GraphQLField, type GraphQLNamedType, type GraphQLOutputType } from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';
import { COST_EXTENSION, type FieldCost } from '../../schema/field-cost';

/**
 * What one operation may cost, estimated before it runs, in **cost units**: one unit per list
 * item the response may hold, plus one per AWS call the operation may make. Lists multiply what
 * they contain — a connection by `first`, a joined list by its assumed size — so a list nested in
 * a list is priced as the product it really is (issue 12: `macModificationTasks { instance {
 * macModificationTasks { … } } }` used to cost the same at every depth).
 *
 * Each field's price is declared next to its definition: the `cost` field extension
 * (`@Cost({ awsCalls: 1, assumedSize: 10 })`, src/schema/field-cost.ts).
 */
export { COST_EXTENSION, type FieldCost };

/** A list of objects whose field declares no size: assume this many items. */
export const DEFAULT_LIST_SIZE = 10;
/** `first` when a connection is queried without it (the schema's default is the same). */
export const DEFAULT_PAGE_SIZE = 50;

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
 * The field's declared cost: its `cost` extension, else the defaults — every
 * root field is one AWS call (a read, a write, or a subscription's first read), and a list of
 * objects holds DEFAULT_LIST_SIZE items.
 */
export function fieldCost(typeName: string, field: AnyField): FieldCost {
  const declared = readDeclaration(field.extensions?.[COST_EXTENSION]);
  if (declared) return declared;
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
  const cost = fieldCost(typeName, field);
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
  const o = { maxPageSize: options.maxPageSize ?? 1000 };
  return ({ type, field, args, childComplexity }) => {
    const s = shapeOf(type.name, field as AnyField, args, o);
    return s.calls + s.items + s.repeat * childComplexity;
  };
}

/** The AWS calls an operation may make (an upper estimate: loaders often share calls). */
export function awsCallsEstimator(options: EstimatorOptions = {}): ComplexityEstimator {
  const o = { maxPageSize: options.maxPageSize ?? 1000 };
  return ({ type, field, args, childComplexity }) => {
    const s = shapeOf(type.name, field as AnyField, args, o);
    return s.calls + s.repeat * childComplexity;
  };
}
