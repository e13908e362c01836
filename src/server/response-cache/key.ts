/**
 * What makes two requests' answers the same: the document text, the operation chosen, the
 * variables as coerced (so key order and defaults do not matter), the principal's roles (the only
 * thing about the caller a query's answer depends on: authorization) and the Accept header
 * (Apollo answers `application/json` or `application/graphql-response+json` by it).
 * Parts are joined with NUL, which none of the first four can contain (HTTP headers cannot, an
 * operation name is a GraphQL name, JSON escapes it); the document text comes last.
 */
export interface ResponseKeyParts {
  query: string;
  operationName?: string;
  variables: Record<string, unknown>;
  roles: readonly string[];
  accept?: string;
}

export function responseKey(p: ResponseKeyParts): string {
  const roles = p.roles.length > 1 ? [...p.roles].sort().join(',') : (p.roles[0] ?? '');
  return `${roles}\u0000${p.accept ?? ''}\u0000${p.operationName ?? ''}\u0000${JSON.stringify(p.variables)}\u0000${p.query}`;
}
