import { isRole, ROLES, type Role } from '../auth/roles';
import type { EnvReader } from './env';

/** OIDC/JWT bearer-token settings (FLEETGRAPH_AUTH_MODE includes jwt). */
export interface JwtConfig {
  jwksUrl: URL;
  issuer: string;
  /** Any of these audiences is accepted. */
  audiences: string[];
  /** Dot path of the claim holding role names, e.g. `roles` or `realm_access.roles`. */
  rolesClaim: string;
  /** Claim value → role (e.g. an IdP group name); values equal to a role name map to it as well. */
  roleMap: Record<string, Role>;
}

/** Null when any JWT setting is missing or bad (each one is then a problem line). */
export function readJwtConfig(r: EnvReader): JwtConfig | null {
  let ok = true;
  const fail = (line: string) => {
    r.problem(line);
    ok = false;
  };
  const jwksUrl = readJwksUrl(r, fail);
  const issuer = r.str('FLEETGRAPH_JWT_ISSUER') ?? '';
  if (!issuer) fail('FLEETGRAPH_JWT_ISSUER is required with FLEETGRAPH_AUTH_MODE jwt');
  const audiences = r.list('FLEETGRAPH_JWT_AUDIENCE');
  if (!audiences.length) fail('FLEETGRAPH_JWT_AUDIENCE is required with FLEETGRAPH_AUTH_MODE jwt (comma-separate several)');
  const rolesClaim = r.str('FLEETGRAPH_JWT_ROLES_CLAIM') ?? 'roles';
  const roleMap = readRoleMap(r.str('FLEETGRAPH_JWT_ROLE_MAP'), fail);
  return ok && jwksUrl ? { jwksUrl, issuer, audiences, rolesClaim, roleMap } : null;
}

function readJwksUrl(r: EnvReader, fail: (line: string) => void): URL | undefined {
  const raw = r.str('FLEETGRAPH_JWT_JWKS_URL');
  if (raw === undefined) {
    fail('FLEETGRAPH_JWT_JWKS_URL is required with FLEETGRAPH_AUTH_MODE jwt');
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(`FLEETGRAPH_JWT_JWKS_URL=${JSON.stringify(raw)} is not a URL`);
    return undefined;
  }
  // Keys fetched over plain HTTP could be swapped in transit; only loopback is exempt (tests, sidecars).
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    fail('FLEETGRAPH_JWT_JWKS_URL must be an https:// URL (http:// only for localhost)');
  }
  return url;
}

function readRoleMap(raw: string | undefined, fail: (line: string) => void): Record<string, Role> {
  const roleMap: Record<string, Role> = {};
  if (raw === undefined) return roleMap;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail('FLEETGRAPH_JWT_ROLE_MAP must be a JSON object like {"fleet-admins": "admin", "sre": "operator"}');
    return roleMap;
  }
  for (const [claimValue, role] of Object.entries(parsed)) {
    if (isRole(role)) roleMap[claimValue] = role;
    else fail(`FLEETGRAPH_JWT_ROLE_MAP[${JSON.stringify(claimValue)}] must be one of ${ROLES.join(', ')}`);
  }
  return roleMap;
}
