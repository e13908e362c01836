import type { AuthCheckerFn } from 'type-graphql';
import type { AuditLog } from '../observability/audit';
import { ForbiddenError, UnauthenticatedError } from './errors';
import { requiredRoleForCall } from './policy';
import { hasRole, type Principal } from './principal';
import { isRole, lowestRole, type Role } from './roles';

/** What the checker needs from the GraphQL context. */
export interface AuthContext {
  principal?: Principal;
  requestId?: string;
}

/**
 * type-graphql `authChecker` for `@Authorized(...roles)`.
 *
 * - No principal → UNAUTHENTICATED.
 * - The listed roles mean "any of" (with the hierarchy: the lowest one); none listed = viewer.
 * - The field's own argument-aware policy (`@RequiresRole(role, policy)`, its `rolePolicy`
 *   extension) can raise that requirement: making an AMI public still needs admin.
 * - Refusals throw (FORBIDDEN names the role) rather than return false, so clients get our codes,
 *   and refused mutations are audited — global middlewares never see them, they run after this.
 */
export function createAuthChecker(options: { audit?: AuditLog } = {}): AuthCheckerFn<AuthContext, Role> {
  return ({ context, args, info }, roles) => {
    for (const r of roles) if (!isRole(r)) throw new Error(`@Authorized names an unknown role ${JSON.stringify(r)}`);
    const isMutation = info.parentType === info.schema.getMutationType();
    const declared: Role = lowestRole(roles) ?? 'viewer';
    const required = requiredRoleForCall(info.parentType.getFields()[info.fieldName] ?? {}, declared, args);

    const refuse = (error: UnauthenticatedError | ForbiddenError): never => {
      if (isMutation) {
        options.audit?.mutation({ operation: info.fieldName, args, principal: context.principal, requestId: context.requestId, error, refused: true });
      }
      throw error;
    };
    const principal = context.principal;
    if (!principal) return refuse(new UnauthenticatedError());
    if (!hasRole(principal, required)) return refuse(new ForbiddenError(required, describe(info.parentType.name, info.fieldName, required !== declared)));
    return true;
  };
}

/** Without auditing; prefer createAuthChecker({ audit }) in the server. */
export const authChecker = createAuthChecker();

function describe(typeName: string, fieldName: string, raisedByArguments: boolean): string {
  return `${typeName}.${fieldName}${raisedByArguments ? ' with these arguments' : ''}`;
}
