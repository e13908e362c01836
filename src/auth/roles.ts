/**
 * Roles are ordered: admin ⊇ operator ⊇ viewer. A principal "has" a role when it holds that role
 * or a higher one, so policies only ever name the minimum they need.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function roleRank(role: Role): number {
  return RANK[role];
}

/** The higher of two roles. */
export function maxRole(a: Role, b: Role): Role {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The lowest of the given roles (type-graphql's `@Authorized(a, b)` means "any of"). */
export function lowestRole(roles: readonly Role[]): Role | undefined {
  return roles.reduce<Role | undefined>((low, r) => (low === undefined || RANK[r] < RANK[low] ? r : low), undefined);
}
