import { EventEmitter } from 'node:events';
import { createApiKeyEntry } from '../../../src/auth/api-keys';
import { createAuthenticator, type Authenticator } from '../../../src/auth/authenticator';
import { credentialsFromConnectionParams, credentialsFromHeaders, WS_CLOSE_FORBIDDEN } from '../../../src/auth/credentials';
import { UnauthenticatedError } from '../../../src/auth/errors';
import type { Principal } from '../../../src/auth/principal';
import { createWsAuth, WS_CLOSE_TOKEN_EXPIRED, type WsAuth } from '../../../src/server/security/ws-auth';
import { loadConfig } from '../../../src/config';

describe('WebSocket authentication', () => {
  const op = createApiKeyEntry('ws-client', ['operator']);
  const wsAuth = createWsAuth(createAuthenticator(loadConfig({ FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS: JSON.stringify([op.entry]) })));

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

describe('WebSocket token expiry', () => {
  const T0 = Date.UTC(2030, 0, 1);
  /** A fake `ws` socket: records close() calls and emits 'close' like the real one. */
  class FakeSocket extends EventEmitter {
    closes: Array<[number, string]> = [];
    close(code: number, reason: string): void {
      this.closes.push([code, reason]);
      this.emit('close', code, reason);
    }
  }
  const jwtPrincipal = (expiresAt?: number): Principal => ({ id: 'jwt:u1', name: 'u1', kind: 'jwt', roles: ['viewer'], ...(expiresAt === undefined ? {} : { expiresAt }) });
  const authReturning = (p: Principal): Authenticator => ({ authenticate: async () => p });
  const connect = async (wsAuth: WsAuth, socket?: FakeSocket) => {
    const ctx = { connectionParams: { authorization: 'Bearer x' }, extra: socket ? { socket } : {} };
    return { ctx, accepted: await wsAuth.onConnect(ctx) };
  };
  const expiredMessage = 'Token expired: reconnect with a fresh token';

  beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(T0);
  });
  afterEach(() => jest.useRealTimers());

  it('closes the socket with 4403 "Token expired" when the token expires, and refuses operations after', async () => {
    const socket = new FakeSocket();
    const wsAuth = createWsAuth(authReturning(jwtPrincipal(T0 + 60_000)));
    const { ctx, accepted } = await connect(wsAuth, socket);
    expect(accepted).toBe(true);
    expect(() => wsAuth.assertActive(ctx)).not.toThrow();

    jest.advanceTimersByTime(59_999);
    expect(socket.closes).toEqual([]);
    expect(() => wsAuth.assertActive(ctx)).not.toThrow();

    jest.advanceTimersByTime(1);
    expect(socket.closes).toEqual([[4403, 'Token expired']]);
    expect(WS_CLOSE_TOKEN_EXPIRED).toBe(WS_CLOSE_FORBIDDEN);
    let err: unknown;
    try {
      wsAuth.assertActive(ctx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnauthenticatedError);
    expect((err as UnauthenticatedError).message).toBe(expiredMessage);
    expect((err as UnauthenticatedError).extensions.code).toBe('UNAUTHENTICATED');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('assertActive refuses once expired even if the socket was never closed (no socket in extra)', async () => {
    const wsAuth = createWsAuth(authReturning(jwtPrincipal(T0 + 1000)));
    const { ctx } = await connect(wsAuth);
    expect(jest.getTimerCount()).toBe(0);
    jest.setSystemTime(T0 + 1000);
    expect(() => wsAuth.assertActive(ctx)).toThrow(expiredMessage);
  });

  it('assertActive refuses a connection it does not know', () => {
    const wsAuth = createWsAuth(authReturning(jwtPrincipal()));
    expect(() => wsAuth.assertActive({})).toThrow(UnauthenticatedError);
  });

  it('clears the timer when the socket closes first', async () => {
    const socket = new FakeSocket();
    const wsAuth = createWsAuth(authReturning(jwtPrincipal(T0 + 60_000)));
    await connect(wsAuth, socket);
    expect(jest.getTimerCount()).toBe(1);
    socket.close(1000, 'bye');
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(120_000);
    expect(socket.closes).toEqual([[1000, 'bye']]);
  });

  it('schedules nothing for principals without expiry (API keys, anonymous)', async () => {
    const op = createApiKeyEntry('k', ['viewer']);
    const wsAuth = createWsAuth(createAuthenticator(loadConfig({ FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS: JSON.stringify([op.entry]) })));
    const socket = new FakeSocket();
    const ctx = { connectionParams: { 'x-api-key': op.key }, extra: { socket } };
    await expect(wsAuth.onConnect(ctx)).resolves.toBe(true);
    expect(wsAuth.principalOf(ctx)).not.toHaveProperty('expiresAt');
    const anon = createWsAuth(createAuthenticator(loadConfig({})));
    const anonCtx = { extra: { socket } };
    await expect(anon.onConnect(anonCtx)).resolves.toBe(true);
    expect(anon.principalOf(anonCtx)).not.toHaveProperty('expiresAt');
    expect(jest.getTimerCount()).toBe(0);
    jest.setSystemTime(T0 + 365 * 86_400_000);
    expect(() => wsAuth.assertActive(ctx)).not.toThrow();
    expect(() => anon.assertActive(anonCtx)).not.toThrow();
    expect(socket.closes).toEqual([]);
  });

  it('refuses a principal that has already expired at connection time', async () => {
    const socket = new FakeSocket();
    const wsAuth = createWsAuth(authReturning(jwtPrincipal(T0)));
    const { ctx, accepted } = await connect(wsAuth, socket);
    expect(accepted).toBe(false);
    expect(wsAuth.principalOf(ctx)).toBeUndefined();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('handles expiries beyond setTimeout’s 24.8-day limit without closing early', async () => {
    const socket = new FakeSocket();
    const days = 40;
    const wsAuth = createWsAuth(authReturning(jwtPrincipal(T0 + days * 86_400_000)));
    await connect(wsAuth, socket);
    jest.advanceTimersByTime(2 ** 31); // past one maximal timer
    expect(socket.closes).toEqual([]);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(days * 86_400_000 - 2 ** 31 - 1);
    expect(socket.closes).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(socket.closes).toEqual([[4403, 'Token expired']]);
  });

  it('does not keep the process alive: the timer is unref()ed', async () => {
    jest.useRealTimers();
    const spy = jest.spyOn(global, 'setTimeout');
    try {
      const socket = new FakeSocket();
      const wsAuth = createWsAuth(authReturning(jwtPrincipal(Date.now() + 3_600_000)));
      await connect(wsAuth, socket);
      const timer = spy.mock.results.at(-1)?.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
      socket.close(1000, 'done');
    } finally {
      spy.mockRestore();
    }
  });
});
