import { readFileSync } from 'node:fs';
import { createEnvReader } from './env-reader';
import { isWellFormedKeyHash, type ApiKeyEntry } from './auth/api-keys';
import { isRole, ROLES, type Role } from './auth/roles';
import { ConfigError, type Backend } from './config';

/**
 * Security settings (authentication, query limits, rate limit, CORS) read from the environment,
 * in the style of config.ts: every bad setting is reported at once, each on its own line, and a
 * deployment that would expose real AWS without authentication refuses to start.
 */
export type AuthMethod = 'apikey' | 'jwt';

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

export interface QueryLimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** Hide "Did you mean …" suggestions (they let a stranger map the schema without introspection). */
  hideSuggestions: boolean;
}

export interface SecurityConfig {
  production: boolean;
  backend: Backend;
  auth: {
    /** Empty = mode `none`: every caller is the anonymous principal with all roles. */
    methods: AuthMethod[];
    apiKeys: ApiKeyEntry[];
    jwt: JwtConfig | null;
  };
  limits: QueryLimitsConfig;
  /** Request body limit for /graphql, in bytes. */
  maxBodyBytes: number;
  /** Operations per principal per minute; 0 turns the rate limit off. */
  rateLimitPerMinute: number;
  cors: { origins: string[] };
  /** When set, GET /metrics needs `authorization: Bearer <token>` (scrapers outside the trusted network). */
  metricsToken?: string;
}

export const APOLLO_SANDBOX_ORIGIN = 'https://studio.apollographql.com';

const NO_AUTH_REFUSAL =
  'refusing to serve real AWS without authentication: set FLEETGRAPH_AUTH_MODE or FLEETGRAPH_ALLOW_NO_AUTH=true';

const MODES: Record<string, AuthMethod[]> = {
  none: [],
  apikey: ['apikey'],
  jwt: ['jwt'],
  'apikey,jwt': ['apikey', 'jwt'],
  'jwt,apikey': ['apikey', 'jwt'],
};

export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): SecurityConfig {
  const problems: string[] = [];

  const { int, bool } = createEnvReader(env, problems);

  // Same reading as config.ts; its own problem is reported there, so an unknown value is not repeated.
  const backend: Backend = env.FLEETGRAPH_BACKEND === 'aws' ? 'aws' : 'simulator';
  const production = env.NODE_ENV === 'production';
  const allowNoAuth = bool('FLEETGRAPH_ALLOW_NO_AUTH', false);

  // ---- authentication mode ----
  const modeRaw = (env.FLEETGRAPH_AUTH_MODE ?? '').replace(/\s+/g, '').toLowerCase();
  let methods: AuthMethod[] = [];
  if (modeRaw === '') {
    // No silent default against real AWS: the operator has to choose.
    if (backend === 'aws' && !allowNoAuth) problems.push(NO_AUTH_REFUSAL);
  } else if (MODES[modeRaw]) {
    methods = MODES[modeRaw];
    if (methods.length === 0 && backend === 'aws' && !allowNoAuth) problems.push(NO_AUTH_REFUSAL);
  } else {
    problems.push(`FLEETGRAPH_AUTH_MODE=${JSON.stringify(env.FLEETGRAPH_AUTH_MODE)} must be one of none, apikey, jwt, apikey,jwt`);
  }

  // ---- API keys ----
  let apiKeys: ApiKeyEntry[] = [];
  const keysInline = env.FLEETGRAPH_API_KEYS;
  const keysFile = env.FLEETGRAPH_API_KEYS_FILE;
  if (keysInline && keysFile) {
    problems.push('set FLEETGRAPH_API_KEYS or FLEETGRAPH_API_KEYS_FILE, not both');
  } else if (keysInline || keysFile) {
    let text: string | undefined;
    let source = 'FLEETGRAPH_API_KEYS';
    if (keysFile) {
      source = `FLEETGRAPH_API_KEYS_FILE (${keysFile})`;
      try {
        text = readFile(keysFile);
      } catch (err) {
        problems.push(`${source} cannot be read: ${(err as Error).message}`);
      }
    } else {
      text = keysInline;
    }
    if (text !== undefined) apiKeys = parseApiKeys(text, source, problems);
  }
  if (methods.includes('apikey') && apiKeys.length === 0 && !problems.some((p) => p.includes('FLEETGRAPH_API_KEYS'))) {
    problems.push('FLEETGRAPH_AUTH_MODE includes apikey but no keys are configured: set FLEETGRAPH_API_KEYS or FLEETGRAPH_API_KEYS_FILE (npm run apikey:create)');
  }

  // ---- JWT ----
  let jwt: JwtConfig | null = null;
  if (methods.includes('jwt')) jwt = parseJwt(env, problems);

  // ---- limits ----
  const limits: QueryLimitsConfig = {
    maxDepth: int('FLEETGRAPH_MAX_DEPTH', 12, 1, 100),
    maxAliases: int('FLEETGRAPH_MAX_ALIASES', 30, 0, 1000),
    maxDirectives: int('FLEETGRAPH_MAX_DIRECTIVES', 20, 0, 1000),
    maxTokens: int('FLEETGRAPH_MAX_TOKENS', 5000, 100, 1_000_000),
    maxCost: int('FLEETGRAPH_MAX_COST', 5000, 1, 10_000_000),
    hideSuggestions: production,
  };

  // ---- CORS ----
  const origins: string[] = [];
  for (const raw of (env.FLEETGRAPH_CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)) {
    const origin = parseOrigin(raw);
    if (origin) origins.push(origin);
    else problems.push(`FLEETGRAPH_CORS_ORIGINS contains ${JSON.stringify(raw)}, which is not an origin like https://console.example.com`);
  }

  const config: SecurityConfig = {
    production,
    backend,
    auth: { methods, apiKeys, jwt },
    limits,
    maxBodyBytes: int('FLEETGRAPH_MAX_BODY_BYTES', 100 * 1024, 1024, 10 * 1024 * 1024),
    rateLimitPerMinute: int('FLEETGRAPH_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    cors: { origins },
    metricsToken: env.FLEETGRAPH_METRICS_TOKEN || undefined,
  };
  if (config.metricsToken !== undefined && config.metricsToken.length < 16) problems.push('FLEETGRAPH_METRICS_TOKEN must be at least 16 characters');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The JSON array of {name, roles, hash} entries; each problem names the entry by index. */
function parseApiKeys(text: string, source: string, problems: string[]): ApiKeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the text; keep it out in case a raw key was pasted there.
    problems.push(`${source} is not valid JSON (expected an array of {"name", "roles", "hash"})`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.push(`${source} must be a JSON array of {"name", "roles", "hash"}`);
    return [];
  }
  const entries: ApiKeyEntry[] = [];
  const names = new Set<string>();
  parsed.forEach((item: unknown, i) => {
    const where = `${source}[${i}]`;
    if (typeof item !== 'object' || item === null) {
      problems.push(`${where} must be an object {"name", "roles", "hash"}`);
      return;
    }
    const { name, roles, hash } = item as Record<string, unknown>;
    let ok = true;
    if (typeof name !== 'string' || !/^[A-Za-z0-9._@-]{1,64}$/.test(name)) {
      problems.push(`${where}.name must be 1-64 characters of letters, digits, . _ @ -`);
      ok = false;
    } else if (names.has(name)) {
      problems.push(`${where}.name ${JSON.stringify(name)} is used twice`);
      ok = false;
    }
    if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
      problems.push(`${where}.roles must be a non-empty array of ${ROLES.join(', ')}`);
      ok = false;
    }
    if (typeof hash !== 'string' || !isWellFormedKeyHash(hash)) {
      // Never echo the value: someone may have put the key itself here.
      problems.push(`${where}.hash must be "sha256:" followed by 64 lowercase hex digits (the key itself does not belong here)`);
      ok = false;
    }
    if (ok) {
      names.add(name as string);
      entries.push({ name: name as string, roles: [...new Set(roles as Role[])], hash: hash as string });
    }
  });
  return entries;
}

function parseJwt(env: NodeJS.ProcessEnv, problems: string[]): JwtConfig | null {
  const before = problems.length;
  let jwksUrl: URL | undefined;
  const rawUrl = env.FLEETGRAPH_JWT_JWKS_URL;
  if (!rawUrl) problems.push('FLEETGRAPH_JWT_JWKS_URL is required with FLEETGRAPH_AUTH_MODE jwt');
  else {
    try {
      jwksUrl = new URL(rawUrl);
      // Keys fetched over plain HTTP could be swapped in transit; only loopback is exempt (tests, sidecars).
      const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(jwksUrl.hostname);
      if (jwksUrl.protocol !== 'https:' && !(jwksUrl.protocol === 'http:' && loopback)) {
        problems.push(`FLEETGRAPH_JWT_JWKS_URL must be an https:// URL (http:// only for localhost)`);
      }
    } catch {
      problems.push(`FLEETGRAPH_JWT_JWKS_URL=${JSON.stringify(rawUrl)} is not a URL`);
    }
  }
  const issuer = env.FLEETGRAPH_JWT_ISSUER ?? '';
  if (!issuer) problems.push('FLEETGRAPH_JWT_ISSUER is required with FLEETGRAPH_AUTH_MODE jwt');
  const audiences = (env.FLEETGRAPH_JWT_AUDIENCE ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  if (!audiences.length) problems.push('FLEETGRAPH_JWT_AUDIENCE is required with FLEETGRAPH_AUTH_MODE jwt (comma-separate several)');
  const rolesClaim = env.FLEETGRAPH_JWT_ROLES_CLAIM || 'roles';

  const roleMap: Record<string, Role> = {};
  const rawMap = env.FLEETGRAPH_JWT_ROLE_MAP;
  if (rawMap) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawMap);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push('FLEETGRAPH_JWT_ROLE_MAP must be a JSON object like {"fleet-admins": "admin", "sre": "operator"}');
    } else {
      for (const [claimValue, role] of Object.entries(parsed)) {
        if (isRole(role)) roleMap[claimValue] = role;
        else problems.push(`FLEETGRAPH_JWT_ROLE_MAP[${JSON.stringify(claimValue)}] must be one of ${ROLES.join(', ')}`);
      }
    }
  }
  if (problems.length > before || !jwksUrl) return null;
  return { jwksUrl, issuer, audiences, rolesClaim, roleMap };
}

function parseOrigin(raw: string): string | undefined {
  try {
    const u = new URL(raw);
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.pathname !== '/' || u.search || u.hash || u.username) return undefined;
    if (raw.replace(/\/$/, '') !== u.origin) return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}
