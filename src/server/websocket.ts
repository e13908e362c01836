import { getOperationAST, GraphQLError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { Principal } from '../auth';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { GatewayContext } from './context';
import { formatError, isExpectedError } from './format-error';
import { RateLimitedError, type QueryLimits, type RateLimiter, type WsAuth } from './security';

/** Close code for "going away" (RFC 6455), sent to every client on shutdown. */
export const WS_CLOSE_GOING_AWAY = 1001;

export interface WebSocketEndpoint {
  /** Close every socket with 1001 (ending its subscriptions), then stop accepting. */
  close(): Promise<void>;
}

/**
 * graphql-ws (protocol graphql-transport-ws) on the same path and port as HTTP, with the same
 * authentication (connectionParams; refusal closes with 4403), rate limit and query limits.
 */
export function attachWebSocket(options: {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  logger: Logger;
  auth: WsAuth;
  limits: QueryLimits;
  limiter: RateLimiter;
  metrics: Metrics;
  /** Largest message accepted (ws defaults to 100 MiB, before any authentication). */
  maxPayloadBytes: number;
  context: (requestId: string, principal: Principal | undefined) => GatewayContext;
}): WebSocketEndpoint {
  const { schema, auth, limits, limiter, metrics } = options;
  const masked = (errors: readonly GraphQLError[], subscriptionId: string) => {
    for (const e of errors) if (!isExpectedError(e)) options.logger.error({ err: e.originalError ?? e, subscriptionId }, 'unexpected error in a subscription');
    return errors.map((e) => formatError(e.toJSON(), e));
  };
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: options.maxPayloadBytes });
  const serverCleanup = useServer(
    {
      schema,
      onConnect: (ctx) => auth.onConnect(ctx),
      // The same masking as HTTP: only errors raised on purpose reach the client as they are.
      onNext: (_ctx, id, _payload, _args, result) => {
        if (!result.errors?.length) return result;
        return { ...result, errors: masked(result.errors, id) };
      },
      onError: (_ctx, id, _payload, errors) => masked(errors, id).map((e) => new GraphQLError(e.message, { extensions: e.extensions })),
      onSubscribe: async (ctx, _id, payload) => {
        // Tokens expire while sockets stay open: check on every operation, not just at connect.
        try {
          auth.assertActive(ctx);
        } catch (err) {
          return [err as GraphQLError];
        }
        const principal = auth.principalOf(ctx);
        const remote = (ctx.extra as { request?: { socket?: { remoteAddress?: string } } }).request?.socket?.remoteAddress ?? 'unknown';
        try {
          await limiter.consume(!principal || principal.kind === 'anonymous' ? `anonymous:${remote}` : principal.id);
        } catch (err) {
          if (err instanceof RateLimitedError) return [err];
          throw err;
        }
        const checked = limits.checkOperation(schema, payload);
        if (checked.errors.length || !checked.document) {
          metrics.operation(getOperationType(checked.document, payload.operationName), 'rejected', 0);
          return checked.errors;
        }
        return {
          schema,
          document: checked.document,
          variableValues: payload.variables ?? undefined,
          operationName: payload.operationName ?? undefined,
          // One context per subscribe message: its own loaders and request id.
          contextValue: options.context(randomUUID(), principal),
        };
      },
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

function getOperationType(document: Parameters<typeof getOperationAST>[0] | undefined, name?: string | null) {
  return document ? (getOperationAST(document, name)?.operation ?? 'unknown') : 'unknown';
}
