import { createApiKeyEntry } from '../../../src/auth/api-keys';
import { createAuthenticator } from '../../../src/auth/authenticator';
import { credentialsFromConnectionParams, credentialsFromHeaders, WS_CLOSE_FORBIDDEN } from '../../../src/auth/credentials';
import { createWsAuth } from '../../../src/server/security/ws-auth';
import { loadSecurityConfig } from '../../../src/security-config';

describe('WebSocket authentication', () => {
  const op = createApiKeyEntry('ws-client', ['operator']);
  const wsAuth = createWsAuth(createAuthenticator(loadSecurityConfig({ FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS: JSON.stringify([op.entry]) })));

  it('accepts connectionParams credentials and remembers the principal per connection', async () => {
    const ctx = { connectionParams: { 'x-api-key': op.key } };
    await expect(wsAuth.onConnect(ctx)).resolves.toBe(true);
    expect(wsAuth.principalOf(ctx)?.id).toBe('apikey:ws-client');
    const ctx2 = { connectionParams: { Authorization: `ApiKey ${op.key}` } };
    await expect(wsAuth.onConnect(ctx2)).resolves.toBe(true);
    expect(wsAuth.principalOf({})).toBeUndefined();
  });

  it('refuses missing or bad credentials (graphql-ws then closes with 4403)', async () => {
    expect(WS_CLOSE_FORBIDDEN).toBe(4403);
    await expect(wsAuth.onConnect({})).resolves.toBe(false);
    await expect(wsAuth.onConnect({ connectionParams: { apiKey: 'fgk_nope' } })).resolves.toBe(false);
  });

  it('reads the same names from headers and params', () => {
    expect(credentialsFromHeaders({ authorization: 'Bearer t', 'x-api-key': undefined })).toEqual({ authorization: 'Bearer t', apiKey: undefined });
    expect(credentialsFromConnectionParams({ apiKey: 'k' })).toEqual({ authorization: undefined, apiKey: 'k' });
    expect(credentialsFromConnectionParams(undefined)).toEqual({});
  });
});
