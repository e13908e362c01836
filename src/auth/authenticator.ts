import type { AppConfig } from '../config';
import { findApiKey } from './api-keys';
import { UnauthenticatedError } from './errors';
import { createJwtVerifier, type JwtVerifier } from './jwt';
import { ANONYMOUS_PRINCIPAL, type Principal } from './principal';

/** What a caller presented, as read from HTTP headers or WebSocket connectionParams. */
export interface Credentials {
  /** `Bearer <jwt>` or `ApiKey <key>`. */
  authorization?: string;
  /** The `x-api-key` header / `apiKey` connection param. */
  apiKey?: string;
}

export interface Authenticator {
  /** The caller's principal; throws UnauthenticatedError when credentials are missing or invalid. */
  authenticate(credentials: Credentials): Promise<Principal>;
}

export interface AuthenticatorOptions {
  /** Replaces the JWKS-backed verifier (tests). */
  jwtVerifier?: JwtVerifier;
}

export function createAuthenticator(config: Pick<AppConfig, 'auth'>, options: AuthenticatorOptions = {}): Authenticator {
  const { methods, apiKeys, jwt } = config.auth;
  if (methods.length === 0) {
    return { authenticate: async () => ({ ...ANONYMOUS_PRINCIPAL, roles: [...ANONYMOUS_PRINCIPAL.roles] }) };
  }
  const acceptsKeys = methods.includes('apikey');
  const jwtVerifier = methods.includes('jwt') ? (options.jwtVerifier ?? (jwt ? createJwtVerifier(jwt) : undefined)) : undefined;
  if (methods.includes('jwt') && !jwtVerifier) throw new Error('JWT authentication enabled without a JWT configuration');

  return {
    async authenticate(credentials) {
      const presented = readCredentials(credentials);
      if (presented.kind === 'none') throw new UnauthenticatedError(missingMessage(acceptsKeys, !!jwtVerifier));
      if (presented.kind === 'apiKey') {
        if (!acceptsKeys) throw new UnauthenticatedError('API keys are not accepted by this gateway: send a bearer token');
        const entry = findApiKey(apiKeys, presented.value);
        if (!entry) throw new UnauthenticatedError('Invalid API key');
        return { id: `apikey:${entry.name}`, name: entry.name, kind: 'apiKey', roles: [...entry.roles] };
      }
      if (!jwtVerifier) throw new UnauthenticatedError('Bearer tokens are not accepted by this gateway: send an API key');
      return jwtVerifier.verify(presented.value);
    },
  };
}

type Presented = { kind: 'none' } | { kind: 'apiKey'; value: string } | { kind: 'bearer'; value: string };

function readCredentials({ authorization, apiKey }: Credentials): Presented {
  const auth = typeof authorization === 'string' ? authorization.trim() : '';
  const key = typeof apiKey === 'string' ? apiKey.trim() : '';
  // Two credentials could name two principals; guessing which one wins invites confusion.
  if (auth && key) throw new UnauthenticatedError('Send one credential: either x-api-key or authorization, not both');
  if (key) return { kind: 'apiKey', value: key };
  if (!auth) return { kind: 'none' };
  const m = /^(\S+)\s+(\S+)$/.exec(auth);
  const scheme = m?.[1].toLowerCase();
  if (m && scheme === 'bearer') return { kind: 'bearer', value: m[2] };
  if (m && scheme === 'apikey') return { kind: 'apiKey', value: m[2] };
  throw new UnauthenticatedError('Unsupported authorization header: use "Bearer <token>" or "ApiKey <key>"');
}

function missingMessage(keys: boolean, jwt: boolean): string {
  const ways = [keys ? 'an API key (x-api-key header or authorization: ApiKey <key>)' : '', jwt ? 'a bearer token (authorization: Bearer <token>)' : '']
    .filter(Boolean)
    .join(' or ');
  return `Authentication required: send ${ways}`;
}
