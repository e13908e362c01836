import { Extensions } from 'type-graphql';

/**
 * What one resolution of a field costs, declared on the field itself (`@Cost({ … })` next to its
 * `@Field` / `@FieldResolver` / `@Query` / `@Mutation`), so the price travels with the field: a
 * new field that calls AWS without one fails `test/unit/project/field-rules.test.ts`. The query
 * estimator (src/server/security/cost.ts) reads it from the field's `cost` extension.
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

/** The field extension holding a FieldCost. */
export const COST_EXTENSION = 'cost';

/**
 * Declares the field's cost. Assumed sizes are "a large honest case", not the largest possible:
 * the per-operation response cap (FLEETGRAPH_MAX_RESPONSE_BYTES) catches data bigger than assumed.
 */
export function Cost(cost: FieldCost): MethodDecorator & PropertyDecorator {
  return Extensions({ [COST_EXTENSION]: cost });
}
