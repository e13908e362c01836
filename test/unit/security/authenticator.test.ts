import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createApiKeyEntry, generateApiKey } from '../../../src/auth/api-keys';
import { createAuthenticator, type Authenticator } from '../../../src/auth/authenticator';
import { UnauthenticatedError } from '../../../src/auth/errors';
import { CLOCK_TOLERANCE_SECONDS, rolesFromClaims } from '../../../src/auth/jwt';
import { ErrorCode } from '../../../src/errors/codes';
import { loadConfig } from '../../../src/config';

async function rejection(p: Promise<unknown>): Promise<UnauthenticatedError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as UnauthenticatedError).code).toBe(ErrorCode.UNAUTHENTICATED);
    return err as UnauthenticatedError;
  }
  throw new Error('expected UnauthenticatedError');
}

describe('API key authentication', () => {
  const operator = createApiKeyEntry('ci-bot', ['operator']);
  const auth = createAuthenticator(loadConfig({ FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS: JSON.stringify([operator.entry]) }));

  it('accepts the key in x-api-key or as authorization: ApiKey', async () => {
    const expected = { id: 'apikey:ci-bot', name: 'ci-bot', kind: 'apiKey', roles: ['operator'] };
    await expect(auth.authenticate({ apiKey: operator.key })).resolves.toEqual(expected);
    await expect(auth.authenticate({ authorization: `ApiKey ${operator.key}` })).resolves.toEqual(expected);
    await expect(auth.authenticate({ authorization: `apikey ${operator.key}` })).resolves.toEqual(expected);
  });

  it('refuses missing, wrong, ambiguous and bearer credentials without echoing them', async () => {
    const wrong = generateApiKey();
    expect((await rejection(auth.authenticate({}))).message).toMatch(/Authentication required/);
    const err = await rejection(auth.authenticate({ apiKey: wrong }));
    expect(err.message).toBe('Invalid API key');
    expect(JSON.stringify({ m: err.message, e: err.extensions })).not.toContain(wrong.slice(4, 20));
    await rejection(auth.authenticate({ apiKey: operator.key, authorization: `ApiKey ${operator.key}` }));
    expect((await rejection(auth.authenticate({ authorization: 'Bearer abc.def.ghi' }))).message).toMatch(/not accepted/);
    const basic = await rejection(auth.authenticate({ authorization: 'Basic dXNlcjpwYXNz' }));
    expect(basic.message).not.toContain('dXNlcjpwYXNz');
  });

  it('mode none yields the anonymous principal with every role', async () => {
    const none = createAuthenticator(loadConfig({}));
    await expect(none.authenticate({})).resolves.toEqual({ id: 'anonymous', name: 'anonymous', kind: 'anonymous', roles: ['viewer', 'operator', 'admin'] });
  });
});

describe('JWT authentication against a JWKS served on loopback', () => {
  let server: Server;
  let privateKey: KeyLike;
  let otherKey: KeyLike;
  let auth: Authenticator;
  const issuer = 'https://idp.test/';
  const audience = 'fleetgraph';

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    server = createServer((req, res) => {
      if (req.url === '/jwks.json') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    auth = createAuthenticator(
      loadConfig({
        FLEETGRAPH_BACKEND: 'aws',
        FLEETGRAPH_AUTH_MODE: 'jwt',
        FLEETGRAPH_JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
        FLEETGRAPH_JWT_ISSUER: issuer,
        FLEETGRAPH_JWT_AUDIENCE: audience,
        FLEETGRAPH_JWT_ROLES_CLAIM: 'realm_access.roles',
        FLEETGRAPH_JWT_ROLE_MAP: '{"fleet-admins":"admin"}',
      }),
    );
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const token = (claims: Record<string, unknown> = {}, opts: { key?: KeyLike; iss?: string; aud?: string; exp?: string | number; kid?: string } = {}) =>
    new SignJWT({ realm_access: { roles: ['operator', 'unknown-group'] }, preferred_username: 'alice', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: opts.kid ?? 'k1' })
      .setSubject('user-123')
      .setIssuer(opts.iss ?? issuer)
      .setAudience(opts.aud ?? audience)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? '5m')
      .sign(opts.key ?? privateKey);

  it('accepts a valid token and maps the roles claim (unknown values ignored)', async () => {
    const exp = Math.floor(Date.now() / 1000) + 300;
    await expect(auth.authenticate({ authorization: `Bearer ${await token({}, { exp })}` })).resolves.toEqual({
      id: 'jwt:user-123',
      name: 'alice',
      kind: 'jwt',
      roles: ['operator'],
      // `exp` plus the 30 s clock tolerance: WebSocket connections are closed then.
      expiresAt: (exp + CLOCK_TOLERANCE_SECONDS) * 1000,
    });
    expect(CLOCK_TOLERANCE_SECONDS).toBe(30);
    const admin = await auth.authenticate({ authorization: `Bearer ${await token({ realm_access: { roles: ['fleet-admins'] } })}` });
    expect(admin.roles).toEqual(['admin']);
  });

  it('refuses expired, foreign-audience, foreign-issuer, wrongly signed and malformed tokens', async () => {
    const cases: Array<[Promise<string>, RegExp]> = [
      [token({}, { exp: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
      [token({}, { aud: 'someone-else' }), /"aud"/],
      [token({}, { iss: 'https://evil.test/' }), /"iss"/],
      [token({}, { key: otherKey }), /signature/],
      [token({}, { kid: 'nope' }), /unknown key/],
      [Promise.resolve('not-a-jwt'), /malformed|rejected/],
    ];
    for (const [t, reason] of cases) {
      const jwt = await t;
      const err = await rejection(auth.authenticate({ authorization: `Bearer ${jwt}` }));
      expect(err.message).toMatch(reason);
      expect(err.message).not.toContain(jwt.slice(-20));
    }
  });

  it('refuses an API key when only JWT is enabled', async () => {
    expect((await rejection(auth.authenticate({ apiKey: generateApiKey() }))).message).toMatch(/API keys are not accepted/);
  });
});

describe('rolesFromClaims', () => {
  it('reads arrays, space/comma strings, dot paths and dotted claim names', () => {
    expect(rolesFromClaims({ roles: ['viewer', 'admin', 'x'] }, 'roles')).toEqual(['viewer', 'admin']);
    expect(rolesFromClaims({ scope: 'openid viewer,operator' }, 'scope')).toEqual(['viewer', 'operator']);
    expect(rolesFromClaims({ a: { b: ['operator'] } }, 'a.b')).toEqual(['operator']);
    expect(rolesFromClaims({ 'https://fleetgraph/roles': ['admin'] }, 'https://fleetgraph/roles')).toEqual(['admin']);
    expect(rolesFromClaims({ groups: ['sre', 'viewer'] }, 'groups', { sre: 'operator' })).toEqual(['operator', 'viewer']);
    expect(rolesFromClaims({ roles: 'nothing' }, 'missing.path')).toEqual([]);
    expect(rolesFromClaims({ roles: ['__proto__', 'constructor'] }, 'roles')).toEqual([]);
  });
});
