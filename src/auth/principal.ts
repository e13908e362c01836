import { ROLES, roleRank, type Role } from './roles';

/** Who is calling. `id` is stable and safe to log; it never contains a credential. */
export interface Principal {
  id: string;
  name: string;
  kind: 'apiKey' | 'jwt' | 'anonymous';
  roles: Role[];
  /**
   * When the credential stops being accepted (epoch ms): a JWT's `exp` plus the verifier's clock
   * tolerance. API keys and the anonymous principal have none. Long-lived connections (WebSocket)
   * must re-check it, since they authenticate only once.
   */
  expiresAt?: number;
}

/** Mode `none`: everyone is this principal, with every role (simulator / explicit opt-in only). */
export const ANONYMOUS_PRINCIPAL: Readonly<Principal> = Object.freeze({
  id: 'anonymous',
  name: 'anonymous',
  kind: 'anonymous',
  roles: [...ROLES],
});

export function hasRole(principal: Pick<Principal, 'roles'> | null | undefined, required: Role): boolean {
  if (!principal) return false;
  const need = roleRank(required);
  return principal.roles.some((r) => roleRank(r) >= need);
}

/** The part of a principal that may appear in logs and audit events. */
export function principalSummary(p: Principal): { id: string; name: string; kind: Principal['kind'] } {
  return { id: p.id, name: p.name, kind: p.kind };
}
