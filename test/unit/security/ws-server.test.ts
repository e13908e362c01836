import { buildSchema, GraphQLError, parse } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { createApiKeyEntry } from '../../../src/auth/api-keys';
import { createAuthenticator, type Authenticator } from '../../../src/auth/authenticator';
import { WS_CLOSE_FORBIDDEN } from '../../../src/auth/credentials';
import { createQueryLimits } from '../../../src/server/security/query-limits';
import { createBudget } from '../../../src/server/security/budget';
import { createWsAuth } from '../../../src/server/security/ws-auth';
import { loadConfig } from '../../../src/config';

/** The wiring the gateway uses, on a real graphql-ws server: refusal closes 4403; limits apply. */
describe('graphql-ws with wsAuth + query limits', () => {
  const key = createApiKeyEntry('ws', ['viewer']);
  const config = loadConfig({ FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS: JSON.stringify([key.entry]), FLEETGRAPH_MAX_ALIASES: '2' });
  const schema = buildSchema('type Query { hello: String } type Subscription { tick: Int }');
  const wsAuth = createWsAuth(createAuthenticator(config));
  const limits = createQueryLimits(config.limits);
  const budget = createBudget({ perSecond: 1, burst: 100 });
  let server: Server;
  let wss: WebSocketServer;
  let url: string;

  beforeAll(async () => {
    server = createServer();
    wss = new WebSocketServer({ server, path: '/graphql' });
    useServer(
      {
        schema,
        roots: { query: { hello: () => 'hi' } },
        onConnect: (ctx) => wsAuth.onConnect(ctx),
        onSubscribe: async (ctx, _id, payload) => {
          const principal = wsAuth.principalOf(ctx);
          const checked = limits.check(schema, payload);
          if (checked.errors) return checked.errors;
          if (!(await budget.spend(principal!.id, checked.ok.cost)).allowed) return [new GraphQLError('over budget')];
          return { schema, document: checked.ok.document, variableValues: payload.variables, operationName: payload.operationName, rootValue: { hello: () => 'hi' } };
        },
      },
      wss,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** Connects, sends connection_init, collects messages until close or `until` matches. */
  function session(payload: Record<string, unknown>, subscribe?: { query: string }): Promise<{ closeCode?: number; messages: Array<Record<string, unknown>> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'graphql-transport-ws');
      const messages: Array<Record<string, unknown>> = [];
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload })));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as Record<string, unknown>;
        messages.push(msg);
        if (msg.type === 'connection_ack' && subscribe) ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: subscribe }));
        if (msg.type === 'connection_ack' && !subscribe) ws.close(1000);
        if (msg.type === 'error' || msg.type === 'complete') ws.close(1000);
      });
      ws.on('close', (code) => resolve({ closeCode: code, messages }));
      ws.on('error', reject);
    });
  }

  it('closes with 4403 when connectionParams carry no valid credential', async () => {
    expect((await session({})).closeCode).toBe(WS_CLOSE_FORBIDDEN);
    expect((await session({ 'x-api-key': 'fgk_wrong' })).closeCode).toBe(4403);
  });

  it('accepts a valid key and runs a cheap operation', async () => {
    const r = await session({ 'x-api-key': key.key }, { query: '{ hello }' });
    expect(r.messages.map((m) => m.type)).toEqual(['connection_ack', 'next', 'complete']);
  });

  it('rejects an over-limit document with an error message, keeping the socket usable', async () => {
    const r = await session({ 'x-api-key': key.key }, { query: '{ a: hello b: hello c: hello }' });
    const err = r.messages.find((m) => m.type === 'error') as { payload: Array<{ message: string }> };
    expect(err.payload[0].message).toMatch(/Aliases limit of 2 exceeded/);
  });
});

/** Expiry on a real graphql-ws server: the socket is closed at `expiresAt`; onSubscribe re-checks. */
describe('graphql-ws with expiring tokens', () => {
  const schema = buildSchema('type Query { hello: String }');
  let clockOffset = 0;
  // "Bearer <ms>": a principal whose token expires <ms> from now.
  const authenticator: Authenticator = {
    authenticate: async ({ authorization }) => ({ id: 'jwt:u', name: 'u', kind: 'jwt', roles: ['viewer'], expiresAt: Date.now() + Number(authorization?.split(' ')[1]) }),
  };
  const wsAuth = createWsAuth(authenticator, { now: () => Date.now() + clockOffset });
  let server: Server;
  let wss: WebSocketServer;
  let url: string;

  beforeAll(async () => {
    server = createServer();
    wss = new WebSocketServer({ server, path: '/graphql' });
    useServer(
      {
        schema,
        onConnect: (ctx) => wsAuth.onConnect(ctx),
        onSubscribe: (ctx, _id, payload) => {
          try {
            wsAuth.assertActive(ctx);
          } catch (err) {
            return [err as GraphQLError];
          }
          return { schema, document: parse(payload.query), rootValue: { hello: () => 'hi' } };
        },
      },
      wss,
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(() => {
    clockOffset = 0;
  });

  function open(expiresInMs: number): Promise<{ ws: WebSocket; messages: Array<Record<string, unknown>>; closed: Promise<{ code: number; reason: string }> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, 'graphql-transport-ws');
      const messages: Array<Record<string, unknown>> = [];
      const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: String(reason) })));
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${expiresInMs}` } })));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as Record<string, unknown>;
        messages.push(msg);
        if (msg.type === 'connection_ack') resolve({ ws, messages, closed });
      });
      ws.on('error', reject);
    });
  }
  const nextMessage = (ws: WebSocket) => new Promise<Record<string, unknown>>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>)));

  it('closes an open connection with 4403 "Token expired" when its token expires', async () => {
    const started = Date.now();
    const { closed } = await open(300);
    const { code, reason } = await closed;
    expect(code).toBe(4403);
    expect(reason).toBe('Token expired');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('serves operations while the token is valid and refuses them once it has expired', async () => {
    const { ws, closed } = await open(60_000);
    let reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ hello }' } }));
    expect(await reply).toMatchObject({ id: '1', type: 'next', payload: { data: { hello: 'hi' } } });

    clockOffset = 120_000; // the token's expiry has passed; the close timer has not fired yet
    reply = new Promise((resolve) => {
      const onMessage = (d: WebSocket.RawData) => {
        const msg = JSON.parse(String(d)) as Record<string, unknown>;
        if (msg.id === '2') {
          ws.off('message', onMessage);
          resolve(msg);
        }
      };
      ws.on('message', onMessage);
    });
    ws.send(JSON.stringify({ id: '2', type: 'subscribe', payload: { query: '{ hello }' } }));
    expect(await reply).toMatchObject({
      id: '2',
      type: 'error',
      payload: [{ message: 'Token expired: reconnect with a fresh token', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    ws.close(1000);
    expect((await closed).code).toBe(1000);
  });
});
