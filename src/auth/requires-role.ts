import { Authorized, Extensions } from 'type-graphql';
import { ROLE_EXTENSION, ROLE_POLICY_EXTENSION, type RolePolicy } from './policy';
import type { Role } from './roles';

/**
 * The role a root field needs, declared on the field itself: type-graphql's `@Authorized(role)`
 * (the auth checker, field by field) plus the `requiredRole` / `rolePolicy` extensions (the
 * document gate, for the whole operation before any field runs). The argument-aware policy
 * travels with the field, so renaming a mutation cannot drop it from admin to operator.
 *
 *   @RequiresRole('operator', requiredRoleForSip)
 *   @Mutation(() => MacModificationTaskPayload)
 *   createMacSipModificationTask(...)
 */
export function RequiresRole(role: Role, policy?: RolePolicy): MethodDecorator {
  const authorized = Authorized(role) as MethodDecorator;
  const extensions = Extensions({ [ROLE_EXTENSION]: role, ...(policy ? { [ROLE_POLICY_EXTENSION]: policy } : {}) }) as MethodDecorator;
  return (target, key, descriptor) => {
    authorized(target, key, descriptor);
    extensions(target, key, descriptor);
  };
}
