/**
 * A scope is one AWS account in one region: the unit AWS throttles, batches and answers in.
 * Every facade call names its scope; clients, credentials, caches, budgets and batchers are keyed
 * by it. Only one account exists until the multi-account work lands, but the key already carries it.
 */
export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

export function scopeOf(accountId: string, region: string): Scope {
  return Object.freeze({ accountId, region });
}

/** Stable string form, e.g. `210987654321/us-east-1`; used as a map key and a cache-key prefix. */
export function scopeKey(scope: Scope): string {
  return `${scope.accountId}/${scope.region}`;
}
