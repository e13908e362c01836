import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';
import type { Logger } from '../observability/logger';
import type { GatewayContext } from './context';

/** Close code for "going away" (RFC 6455), sent to every client on shutdown. */
export const WS_CLOSE_GOING_AWAY = 1001;

export interface WebSocketEndpoint {
  /** Complete every subscription and close every socket with 1001, then stop accepting. */
  close(): Promise<void>;
  clientCount(): number;
}

/** graphql-ws (protocol graphql-transport-ws) on the same path and port as HTTP. */
export function attachWebSocket(options: {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  logger: Logger;
  context: (requestId: string) => GatewayContext;
}): WebSocketEndpoint {
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path });
  const serverCleanup = useServer(
    {
      schema: options.schema,
      // One context per subscribe message: its own loaders and request id.
      context: () => options.context(randomUUID()),
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
    clientCount: () => wss.clients.size,
  };
}
