import type { Authenticator } from '../../auth/authenticator';
import { credentialsFromConnectionParams, WS_CLOSE_FORBIDDEN } from '../../auth/credentials';
import { UnauthenticatedError } from '../../auth/errors';
import type { Principal } from '../../auth/principal';
import type { Logger } from '../../observability/logger';

/** Close code (graphql-ws `Forbidden`) and reason sent when a connection's token expires. */
export const WS_CLOSE_TOKEN_EXPIRED = WS_CLOSE_FORBIDDEN;
export const WS_TOKEN_EXPIRED_REASON = 'Token expired';
export const TOKEN_EXPIRED_MESSAGE = 'Token expired: reconnect with a fresh token';

/** setTimeout's largest delay (2^31-1 ms, ~24.8 days); longer ones would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** What we use of graphql-ws's ws-adapter `extra.socket` (a `ws` WebSocket). */
interface ClosableSocket {
  close(code: number, reason: string): void;
  once?(event: 'close', listener: () => void): unknown;
}

/** graphql-ws's connection context, as far as authentication needs it. */
export interface WsConnectContext {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra?: unknown;
}

/**
 * graphql-ws authentication: credentials come in `connectionParams` (same names as the HTTP
 * headers). `onConnect` returns false on refusal, which graphql-ws turns into close code 4403
 * (WS_CLOSE_FORBIDDEN). The principal is kept per connection, keyed by graphql-ws's context
 * object (the same object is passed to onConnect, onSubscribe, onComplete and context).
 *
 * A connection authenticates once, so a principal with `expiresAt` (a JWT) is re-checked:
 * `onConnect` schedules closing the socket with 4403 "Token expired" at that time, and
 * `assertActive` (call it from onSubscribe) refuses new operations once it has passed, should
 * the timer not have fired yet.
 */
export interface WsAuth {
  onConnect(ctx: WsConnectContext): Promise<boolean>;
  principalOf(ctx: object): Principal | undefined;
  /** Throws UnauthenticatedError unless the connection has a principal that has not expired. */
  assertActive(ctx: object): void;
}

export function createWsAuth(authenticator: Authenticator, options: { logger?: Logger; now?: () => number } = {}): WsAuth {
  const principals = new WeakMap<object, Principal>();
  const now = options.now ?? Date.now;
  const expired = (p: Principal): boolean => p.expiresAt !== undefined && p.expiresAt <= now();

  /** Closes `socket` at `expiresAt`, re-arming past setTimeout's limit; cleared when the socket closes. */
  const closeAtExpiry = (socket: ClosableSocket, principal: Principal & { expiresAt: number }): void => {
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      const delay = principal.expiresAt - now();
      if (delay <= 0) {
        timer = undefined;
        options.logger?.info({ principal: principal.id, transport: 'ws' }, 'closing websocket: token expired');
        socket.close(WS_CLOSE_TOKEN_EXPIRED, WS_TOKEN_EXPIRED_REASON);
        return;
      }
      timer = setTimeout(arm, Math.min(delay, MAX_TIMER_MS));
      timer.unref();
    };
    arm();
    socket.once?.('close', () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    });
  };

  return {
    async onConnect(ctx) {
      let principal: Principal;
      try {
        principal = await authenticator.authenticate(credentialsFromConnectionParams(ctx.connectionParams));
      } catch (err) {
        options.logger?.warn({ reason: (err as Error).message, transport: 'ws' }, 'authentication failed');
        return false;
      }
      if (expired(principal)) {
        options.logger?.warn({ reason: 'expired', transport: 'ws' }, 'authentication failed');
        return false;
      }
      principals.set(ctx, principal);
      const socket = (ctx.extra as { socket?: ClosableSocket } | undefined)?.socket;
      if (principal.expiresAt !== undefined && socket && typeof socket.close === 'function') {
        closeAtExpiry(socket, principal as Principal & { expiresAt: number });
      }
      return true;
    },
    principalOf(ctx) {
      return principals.get(ctx);
    },
    assertActive(ctx) {
      const principal = principals.get(ctx);
      if (!principal) throw new UnauthenticatedError();
      if (expired(principal)) throw new UnauthenticatedError(TOKEN_EXPIRED_MESSAGE);
    },
  };
}
