import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ForbiddenError, UnauthenticatedError } from '../../auth/errors';
import { declaredRoleOf, requiredRoleForOperationType, requiredRoleForRootField, type OperationType } from '../../auth/policy';
import { hasRole, type Principal } from '../../auth/principal';
import type { Role } from '../../auth/roles';

/**
 * All-or-nothing authorization of a document. graphql-js runs mutation fields one after the
 * other and refuses each on its own, so `a: setImageDescription(…) b: enableImageImdsV2(…)` as
 * an operator changed the description and then failed: a refusal hid a change. Here every root
 * field the operation would run is listed with its arguments (fragments, @skip and @include
 * applied as execution will), the role each needs is computed with the same policies as the
 * auth checker, and the operation is refused as a whole, before any field runs, when the caller
 * lacks any of them. The auth checker still guards each field (defence in depth).
 */
export interface RootFieldCall {
  /** The response key (alias or name). */
  key: string;
  field: string;
  args: Record<string, unknown>;
  requiredRole: Role;
  /** The arguments raised the requirement above the field's own (e.g. making an AMI public). */
  raisedByArguments: boolean;
}

export function rootFieldCalls(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): RootFieldCall[] {
  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!rootType) return [];
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const fields = rootType.getFields();
  const calls: RootFieldCall[] = [];
  const included = (node: { directives?: readonly unknown[] }) =>
    getDirectiveValues(GraphQLSkipDirective, node as FieldNode, variables)?.if !== true && getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, variables)?.if !== false;

  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const field = fields[selection.name.value] as GraphQLField<unknown, unknown> | undefined;
        if (!field) continue; // __typename (validation refused anything else)
        const args = getArgumentValues(field, selection, variables);
        const type = operation.operation as OperationType;
        const requiredRole = requiredRoleForRootField(type, field, args);
        calls.push({
          key: selection.alias?.value ?? selection.name.value,
          field: field.name,
          args,
          requiredRole,
          raisedByArguments: requiredRole !== (declaredRoleOf(field) ?? requiredRoleForOperationType(type)),
        });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // Validation refused cycles; `seen` only keeps a repeated spread from being listed twice.
        if (!fragment || seen.has(name)) continue;
        visit(fragment.selectionSet, new Set([...seen, name]));
      }
    }
  };
  visit(operation.selectionSet, new Set());
  return calls;
}

/**
 * The refusals for this principal: one FORBIDDEN per root field it may not run (each naming the
 * role), or UNAUTHENTICATED without a principal. Empty when the whole operation may run.
 */
export function authorizeCalls(principal: Principal | undefined, operationType: OperationType, calls: readonly RootFieldCall[]): Array<ForbiddenError | UnauthenticatedError> {
  if (!principal) return [new UnauthenticatedError()];
  const typeName = operationType === 'mutation' ? 'Mutation' : operationType === 'subscription' ? 'Subscription' : 'Query';
  return calls
    .filter((c) => !hasRole(principal, c.requiredRole))
    .map((c) => new ForbiddenError(c.requiredRole, `${typeName}.${c.field}${c.raisedByArguments ? ' with these arguments' : ''}`));
}
