import { getNamedType, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { COST_EXTENSION } from '../../src/schema/field-cost';

/**
 * The schema's rules on fields, computed from type-graphql's own metadata so a test can state them
 * for every field at once (test/unit/project/field-rules.test.ts). "Has a resolver method" is the
 * definition of "may call AWS": every `@Query`, `@Mutation`, `@Subscription` and `@FieldResolver`
 * of the given resolver classes. Plain `@Field`s read the parent's own AWS answer.
 */
export interface ResolvedField {
  /** `Type.field`, e.g. `Instance.macModificationTasks`. */
  path: string;
  root: boolean;
  field: GraphQLField<unknown, unknown>;
}

export function resolvedFields(schema: GraphQLSchema, resolverClasses: readonly Function[]): ResolvedField[] {
  const md = getMetadataStorage();
  const own = new Set(resolverClasses);
  const objectTypeName = (cls: Function) => md.objectTypes.find((o) => o.target === cls)?.name;
  const found: ResolvedField[] = [];
  const add = (typeName: string | undefined, fieldName: string, root: boolean) => {
    const type = typeName ? (schema.getType(typeName) as GraphQLObjectType | undefined) : undefined;
    const field = type?.getFields()[fieldName];
    if (!field) throw new Error(`resolver field ${typeName}.${fieldName} is not in the schema`);
    found.push({ path: `${typeName}.${fieldName}`, root, field });
  };
  for (const [root, list] of [
    ['Query', md.queries],
    ['Mutation', md.mutations],
    ['Subscription', md.subscriptions],
  ] as const) {
    for (const r of list) if (own.has(r.target)) add(root, r.schemaName, true);
  }
  for (const r of md.fieldResolvers) {
    if (!own.has(r.target)) continue;
    const parent = r.resolverClassMetadata?.getObjectType?.() ?? r.getObjectType?.();
    add(parent ? objectTypeName(parent as Function) : undefined, r.schemaName, false);
  }
  return found;
}

/** Resolver fields that declare no `@Cost`, except the allowed ones. */
export function fieldsWithoutCost(fields: readonly ResolvedField[], allowed: ReadonlySet<string>): string[] {
  return fields.filter((f) => !allowed.has(f.path) && f.field.extensions?.[COST_EXTENSION] === undefined).map((f) => f.path);
}

/** Is `type` (or the type it wraps) a connection: its failures are reported per scope instead. */
export function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(field.type).name.endsWith('Connection');
}
