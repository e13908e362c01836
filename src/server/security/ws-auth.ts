import type { Authenticator } from '../../auth/authenticator';
import { credentialsFromConnectionParams } from '../../auth/credentials';
import type { Principal } from '../../auth/principal';
import type { Logger } from '../../observability/logger';

/**
 * graphql-ws authentication: credentials come in `connectionParams` (same names as the HTTP
 * headers). `onConnect` returns false on refusal, which graphql-ws turns into close code 4403
 * (WS_CLOSE_FORBIDDEN). The principal is kept per connection, keyed by graphql-ws's context
 * object (the same object is passed to onConnect, onSubscribe, onComplete and context).
 */
export interface WsAuth {
  onConnect(ctx: { connectionParams?: Readonly<Record<string, unknown>> }): Promise<boolean>;
  principalOf(ctx: object): Principal | undefined;
}

export function createWsAuth(authenticator: Authenticator, options: { logger?: Logger } = {}): WsAuth {
  const principals = new WeakMap<object, Principal>();
  return {
    async onConnect(ctx) {
      try {
        principals.set(ctx, await authenticator.authenticate(credentialsFromConnectionParams(ctx.connectionParams)));
        return true;
      } catch (err) {
        options.logger?.warn({ reason: (err as Error).message, transport: 'ws' }, 'authentication failed');
        return false;
      }
    },
    principalOf(ctx) {
      return principals.get(ctx);
    },
  };
}
