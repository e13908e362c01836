import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { JwtConfig } from '../config';
import { UnauthenticatedError } from './errors';
import type { Principal } from './principal';
import { isRole, type Role } from './roles';

/** Asymmetric algorithms only: a JWKS holds public keys, and `none`/HMAC must never be accepted. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Accepted skew between our clock and the IdP's, on `exp`/`nbf`/`iat`. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export interface JwtVerifier {
  verify(token: string): Promise<Principal>;
}

/**
 * OIDC/JWT bearer tokens checked against the identity provider's JWKS (fetched lazily, cached and
 * refreshed by jose when an unknown `kid` shows up). `keys` can be injected for tests.
 */
export function createJwtVerifier(config: JwtConfig, keys: JWTVerifyGetKey = createRemoteJWKSet(config.jwksUrl, { timeoutDuration: 5000 })): JwtVerifier {
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: config.issuer,
          audience: config.audiences,
          algorithms: ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (err) {
        throw new UnauthenticatedError(`Invalid bearer token: ${describeJoseError(err)}`);
      }
      const sub = String(payload.sub);
      return {
        id: `jwt:${sub}`,
        name: firstString(payload.preferred_username, payload.name, payload.email) ?? sub,
        kind: 'jwt',
        roles: rolesFromClaims(payload, config.rolesClaim, config.roleMap),
        // `exp` is required above; the tolerance keeps WebSocket expiry in line with what HTTP accepts.
        ...(typeof payload.exp === 'number' ? { expiresAt: (payload.exp + CLOCK_TOLERANCE_SECONDS) * 1000 } : {}),
      };
    },
  };
}

/**
 * Roles named by the claim at `path`: an array of strings, or one string of space/comma-separated
 * values (as `scope` is). Values map through `roleMap`, then by name; anything else is ignored,
 * so an IdP that sends many groups grants only the ones this gateway knows.
 */
export function rolesFromClaims(payload: Record<string, unknown>, path: string, roleMap: Record<string, Role> = {}): Role[] {
  const raw = claimAt(payload, path);
  const values = Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : typeof raw === 'string' ? raw.split(/[\s,]+/) : [];
  const roles = new Set<Role>();
  for (const v of values) {
    const mapped = Object.prototype.hasOwnProperty.call(roleMap, v) ? roleMap[v] : isRole(v) ? v : undefined;
    if (mapped) roles.add(mapped);
  }
  return [...roles];
}

/** A whole-name match first (claims like `https://example.com/roles` contain dots), then the dot path. */
function claimAt(payload: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(payload, path)) return payload[path];
  let cur: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || !Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.length > 0);
}

/** A short reason a client can act on; never the token or its claims' values. */
function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim "${err.claim}" check failed`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'signed by an unknown key';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof joseErrors.JWKSTimeout || err instanceof joseErrors.JWKSInvalid) return 'the identity provider key set is unavailable';
  if (err instanceof joseErrors.JWTInvalid || err instanceof joseErrors.JWSInvalid) return 'malformed';
  if (err instanceof joseErrors.JOSEError) return 'rejected';
  // Fetch failures and the like: the token may be fine, the key set could not be had.
  return 'could not be verified (identity provider key set unreachable)';
}
