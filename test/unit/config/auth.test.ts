import { createApiKeyEntry } from '../../../src/auth/api-keys';
import { ConfigError, loadConfig, type Env } from '../../../src/config';

const problemsOf = (env: Env, readFile?: (p: string) => string): string[] => {
  try {
    loadConfig(env, { readFile });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig: auth, limits and CORS', () => {
  it('defaults: simulator backend runs with mode none and the documented limits', () => {
    const c = loadConfig({});
    expect(c.auth.methods).toEqual([]);
    expect(c.limits).toMatchObject({ maxDepth: 12, maxAliases: 30, maxDirectives: 20, maxTokens: 5000, maxCost: 5000, maxAwsCalls: 200, maxListLength: 200, hideSuggestions: false });
    expect(c.limits.budget).toEqual({ perSecond: 3000, burst: 15000 });
    expect(c.server.maxBodyBytes).toBe(102400);
    expect(c.server.cors.origins).toEqual([]);
  });

  it('refuses real AWS without authentication, saying why', () => {
    for (const env of [{ FLEETGRAPH_BACKEND: 'aws' }, { FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_AUTH_MODE: 'none' }]) {
      expect(problemsOf(env)).toEqual([
        'refusing to serve real AWS without authentication: set FLEETGRAPH_AUTH_MODE or FLEETGRAPH_ALLOW_NO_AUTH=true',
      ]);
    }
  });

  it('allows mode none against AWS only with the explicit opt-in', () => {
    expect(loadConfig({ FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_ALLOW_NO_AUTH: 'true' }).auth.methods).toEqual([]);
    expect(loadConfig({ FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_AUTH_MODE: 'none', FLEETGRAPH_ALLOW_NO_AUTH: '1' }).auth.methods).toEqual([]);
  });

  it('reads API keys from FLEETGRAPH_API_KEYS or a file', () => {
    const { entry } = createApiKeyEntry('ci-bot', ['operator']);
    const json = JSON.stringify([entry]);
    const inline = loadConfig({ FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS: json });
    expect(inline.auth).toEqual({ methods: ['apikey'], apiKeys: [entry], jwt: null });
    const fromFile = loadConfig({ FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS_FILE: '/etc/keys.json' }, {
      readFile: (p) => {
        expect(p).toBe('/etc/keys.json');
        return json;
      },
    });
    expect(fromFile.auth.apiKeys).toEqual([entry]);
  });

  it('reports every bad key entry without echoing hashes or keys', () => {
    const { key } = createApiKeyEntry('x', ['viewer']);
    const problems = problemsOf({
      FLEETGRAPH_AUTH_MODE: 'apikey',
      FLEETGRAPH_API_KEYS: JSON.stringify([{ name: 'ok', roles: ['root'], hash: key }, { name: '', roles: [], hash: 'sha256:00' }]),
    });
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).not.toContain(key);
    expect(problemsOf({ FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS: `not json ${key}` })[0]).not.toContain(key);
    expect(problemsOf({ FLEETGRAPH_AUTH_MODE: 'apikey' })[0]).toMatch(/no keys are configured/);
  });

  it('requires the JWT settings for mode jwt and validates them', () => {
    expect(problemsOf({ FLEETGRAPH_AUTH_MODE: 'jwt' })).toEqual([
      'FLEETGRAPH_JWT_JWKS_URL is required with FLEETGRAPH_AUTH_MODE jwt',
      'FLEETGRAPH_JWT_ISSUER is required with FLEETGRAPH_AUTH_MODE jwt',
      'FLEETGRAPH_JWT_AUDIENCE is required with FLEETGRAPH_AUTH_MODE jwt (comma-separate several)',
    ]);
    expect(problemsOf({ FLEETGRAPH_AUTH_MODE: 'jwt', FLEETGRAPH_JWT_JWKS_URL: 'http://idp.example.com/jwks', FLEETGRAPH_JWT_ISSUER: 'i', FLEETGRAPH_JWT_AUDIENCE: 'a' })[0]).toMatch(/https/);
    const c = loadConfig({
      FLEETGRAPH_AUTH_MODE: 'apikey,jwt',
      FLEETGRAPH_API_KEYS: JSON.stringify([createApiKeyEntry('k', ['viewer']).entry]),
      FLEETGRAPH_JWT_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json',
      FLEETGRAPH_JWT_ISSUER: 'https://idp.example.com/',
      FLEETGRAPH_JWT_AUDIENCE: 'fleetgraph, fleetgraph-cli',
      FLEETGRAPH_JWT_ROLES_CLAIM: 'realm_access.roles',
      FLEETGRAPH_JWT_ROLE_MAP: '{"fleet-admins":"admin"}',
    });
    expect(c.auth.methods).toEqual(['apikey', 'jwt']);
    expect(c.auth.jwt).toMatchObject({ issuer: 'https://idp.example.com/', audiences: ['fleetgraph', 'fleetgraph-cli'], rolesClaim: 'realm_access.roles', roleMap: { 'fleet-admins': 'admin' } });
    expect(problemsOf({ FLEETGRAPH_AUTH_MODE: 'jwt', FLEETGRAPH_JWT_ROLE_MAP: '{"g":"root"}' }).some((p) => p.includes('FLEETGRAPH_JWT_ROLE_MAP["g"]'))).toBe(true);
  });

  it('rejects unknown modes, bad limits and bad CORS origins, all at once', () => {
    const problems = problemsOf({ FLEETGRAPH_AUTH_MODE: 'basic', FLEETGRAPH_MAX_DEPTH: '0', FLEETGRAPH_MAX_COST: 'lots', FLEETGRAPH_CORS_ORIGINS: 'https://ok.example.com,*,https://x.example.com/path' });
    expect(problems).toHaveLength(5);
    expect(loadConfig({ FLEETGRAPH_CORS_ORIGINS: 'https://a.example.com, http://localhost:3000' }).server.cors.origins).toEqual(['https://a.example.com', 'http://localhost:3000']);
  });

  it('hides field suggestions in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true' }).limits.hideSuggestions).toBe(true);
  });
});
