import { GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { Principal } from '../auth';
import type { OperationType } from '../auth/policy';
import type { WebSocketLimitsConfig, ExecutionLimitsConfig } from '../config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { GatewayContext } from './context';
import { formatError } from './format-error';
import { withScopeFailures } from './scope-failures';
import { errorCodesOf, logUnexpected, type OperationRecorder } from './request-log';
import { budgetKey, finishGuard, limitResponse, startGuard, type OperationGate, type WsAuth } from './security';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';

/** Close code for "going away" (RFC 6455), sent to every client on shutdown. */
export const WS_CLOSE_GOING_AWAY = 1001;
/** Close code for "policy violation" (RFC 6455): this principal already holds its most sockets. */
export const WS_CLOSE_TOO_MANY_CONNECTIONS = 1008;

export interface WebSocketEndpoint {
  /** Close every socket with 1001 (ending its subscriptions), then stop accepting. */
  close(): Promise<void>;
}

/** One operation admitted on a socket, until its record is written. */
interface RunningOperation {
  requestId: string;
  type: OperationType;
  name?: string;
  cost: number;
  awsCalls: number;
  started: number;
  codes: Set<string>;
}

/** Per connection: who, under which key, and what runs. */
interface Connection {
  key: string;
  principal?: Principal;
  operations: Map<string, RunningOperation>;
}

type Ctx = Context<Record<string, unknown> | undefined, { request?: { socket?: { remoteAddress?: string } }; socket?: { close(code: number, reason: string): void; readyState?: number } }>;

/** `ws`'s WebSocket.OPEN. */
const OPEN = 1;

/**
 * graphql-ws (protocol graphql-transport-ws) on the same path and port as HTTP, behind the same
 * door: authentication in connection_init (refusal closes 4403; a socket that sends nothing is
 * closed 4408 after the init timeout), then every operation passes the same gate as HTTP
 * (limits, all-or-nothing roles, budget) and the same execution guard, and is logged and counted
 * like HTTP. Per socket at most `maxOperationsPerSocket` operations run at once (the next ones
 * get TOO_MANY_OPERATIONS); per principal at most `maxSocketsPerPrincipal` sockets are open
 * (the next one is closed 1008).
 */
export function attachWebSocket(options: {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  logger: Logger;
  auth: WsAuth;
  gate: OperationGate;
  metrics: Metrics;
  record: OperationRecorder;
  limits: WebSocketLimitsConfig;
  execution: ExecutionLimitsConfig;
  /** Largest message accepted (ws defaults to 100 MiB, before any authentication). */
  maxPayloadBytes: number;
  context: (requestId: string, principal: Principal | undefined) => GatewayContext;
}): WebSocketEndpoint {
  const { schema, auth, gate, metrics, record, limits } = options;
  const connections = new WeakMap<object, Connection>();
  const socketsPerKey = new Map<string, number>();

  // One error for every refusal of the per-socket limit: a flood of them costs no stack captures.
  const tooManyOperations = new GatewayError(ErrorCode.TOO_MANY_OPERATIONS, `This socket already runs ${limits.maxOperationsPerSocket} operations: wait for one to complete`, {
    maxOperations: limits.maxOperationsPerSocket,
  });
  const masked = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e));
  const finish = (conn: Connection | undefined, id: string, outcome: 'success' | 'error') => {
    const op = conn?.operations.get(id);
    if (!conn || !op) return;
    conn.operations.delete(id);
    record({
      transport: 'ws',
      requestId: op.requestId,
      principal: conn.principal?.id,
      operationType: op.type,
      operationName: op.name,
      outcome: op.codes.size ? 'error' : outcome,
      errorCodes: [...op.codes],
      cost: op.cost,
      awsCalls: op.awsCalls,
      durationMs: performance.now() - op.started,
    });
  };
  const refuse = (conn: Connection | undefined, errors: GraphQLError[], started: number, type?: OperationType) => {
    record({
      transport: 'ws',
      requestId: randomUUID(),
      principal: conn?.principal?.id,
      operationType: type,
      outcome: 'rejected',
      errorCodes: errorCodesOf(masked(errors)),
      durationMs: performance.now() - started,
    });
    return errors;
  };

  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: options.maxPayloadBytes });
  const serverCleanup = useServer(
    {
      schema,
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      onConnect: async (ctx: Ctx) => {
        if (!(await auth.onConnect(ctx))) return false;
        // Closed while authenticating: onClose has run already, so nothing may be counted now.
        if (ctx.extra.socket?.readyState !== undefined && ctx.extra.socket.readyState !== OPEN) return false;
        const principal = auth.principalOf(ctx);
        const key = budgetKey(principal, ctx.extra.request?.socket?.remoteAddress);
        const open = socketsPerKey.get(key) ?? 0;
        if (open >= limits.maxSocketsPerPrincipal) {
          metrics.webSocketRefused('sockets_per_principal');
          options.logger.warn({ principal: principal?.id, open, transport: 'ws' }, 'websocket refused: too many connections for this principal');
          ctx.extra.socket?.close(WS_CLOSE_TOO_MANY_CONNECTIONS, 'Too many connections for this principal');
          return false;
        }
        socketsPerKey.set(key, open + 1);
        connections.set(ctx, { key, principal, operations: new Map() });
        metrics.webSocketOpened();
        return true;
      },
      onClose: (ctx: Ctx) => {
        const conn = connections.get(ctx);
        if (!conn) return;
        connections.delete(ctx);
        metrics.webSocketClosed();
        const left = (socketsPerKey.get(conn.key) ?? 1) - 1;
        if (left > 0) socketsPerKey.set(conn.key, left);
        else socketsPerKey.delete(conn.key);
      },
      onSubscribe: async (ctx: Ctx, id, payload) => {
        const started = performance.now();
        const conn = connections.get(ctx);
        // graphql-ws lists every operation of the socket, this one included, from its subscribe
        // message until it completes: checked before any await, so a burst is cut at the limit.
        if (Object.keys(ctx.subscriptions).length > limits.maxOperationsPerSocket) {
          metrics.webSocketRefused('operations_per_socket');
          return refuse(conn, [tooManyOperations], started);
        }
        // Tokens expire while sockets stay open: check on every operation, not just at connect.
        try {
          auth.assertActive(ctx);
        } catch (err) {
          return refuse(conn, [err as GraphQLError], started);
        }
        const requestId = randomUUID();
        const principal = conn?.principal;
        const { admitted, refused } = await gate.admit({ request: payload, principal, budgetKey: conn?.key ?? budgetKey(undefined, undefined), requestId });
        if (refused) return refuse(conn, refused.errors, started, refused.type);
        const contextValue = options.context(requestId, principal);
        // Queries and mutations are bounded in size and time; a subscription lives as long as its task.
        if (admitted.type !== 'subscription') startGuard(contextValue, options.execution, (reason) => metrics.operationAborted(reason));
        conn?.operations.set(id, {
          requestId,
          type: admitted.type,
          name: admitted.operation.name?.value,
          cost: admitted.cost,
          awsCalls: admitted.awsCalls,
          started,
          codes: new Set(),
        });
        return {
          schema,
          document: admitted.document,
          variableValues: (payload.variables ?? undefined) as Record<string, unknown> | undefined,
          operationName: payload.operationName ?? undefined,
          contextValue,
        };
      },
      // The same masking as HTTP: only errors raised on purpose reach the client as they are.
      onNext: (ctx: Ctx, id, _payload, args, result) => {
        const conn = connections.get(ctx);
        const op = conn?.operations.get(id);
        const contextValue = args.contextValue as GatewayContext;
        const stopped = op && op.type !== 'subscription' ? finishGuard(contextValue) : undefined;
        if (!stopped && !result.errors?.length) {
          // A failed scope is an error of the operation too: its code is recorded like any other.
          const answer = withScopeFailures(result, contextValue.scopeFailures);
          for (const code of errorCodesOf(answer.errors)) op?.codes.add(code);
          return answer;
        }
        logUnexpected(options.logger, op?.requestId ?? contextValue.requestId, result.errors ?? []);
        const formatted = withScopeFailures({ ...(result as ExecutionResult), errors: masked(result.errors ?? []) }, contextValue.scopeFailures);
        const answer = stopped ? limitResponse(formatted, stopped, op?.type) : formatted;
        for (const code of errorCodesOf(answer.errors)) op?.codes.add(code);
        return answer;
      },
      onError: (ctx: Ctx, id, _payload, errors) => {
        const conn = connections.get(ctx);
        const op = conn?.operations.get(id);
        if (op) logUnexpected(options.logger, op.requestId, errors);
        const formatted = masked(errors);
        for (const code of errorCodesOf(formatted)) op?.codes.add(code);
        finish(conn, id, 'error');
        return formatted;
      },
      onComplete: (ctx: Ctx, id) => finish(connections.get(ctx), id, 'success'),
    },
    wss,
  );
  wss.on('error', (err) => options.logger.warn({ err }, 'websocket server error'));
  return {
    async close() {
      for (const client of wss.clients) client.close(WS_CLOSE_GOING_AWAY, 'Server shutting down');
      await serverCleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
