import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Authenticator } from '../../auth/authenticator';
import { credentialsFromHeaders } from '../../auth/credentials';
import { UnauthenticatedError } from '../../auth/errors';
import type { Principal } from '../../auth/principal';
import { ErrorCode } from '../../errors/codes';
import type { Logger } from '../../observability/logger';
import type { Budget } from './budget';

/**
 * Express middleware for /graphql. Authentication happens at the door, before the body is parsed
 * as GraphQL: an unauthenticated caller costs no parsing, validation or AWS calls, and learns
 * nothing about the schema. Refusals are GraphQL-shaped JSON so clients handle them uniformly.
 */

/** The principal `authenticateHttp` put on the response; read it in the Apollo context function. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

const CLIENT_ADDRESS = Symbol('fleetgraph.clientAddress');

/** The caller's address (express's `req.ip`, which parses the forwarding headers each time it is read), read once per request. */
export function clientAddress(req: Request): string | undefined {
  const r = req as Request & { [CLIENT_ADDRESS]?: string | undefined };
  if (!(CLIENT_ADDRESS in r)) r[CLIENT_ADDRESS] = req.ip;
  return r[CLIENT_ADDRESS];
}

/** The budget's key: the principal, or for anonymous callers (mode none) their address. */
export function budgetKey(principal: Principal | undefined, address: string | undefined): string {
  return !principal || principal.kind === 'anonymous' ? `anonymous:${address ?? 'unknown'}` : principal.id;
}

export function authenticateHttp(authenticator: Authenticator, options: { logger?: Logger } = {}): RequestHandler {
  return (req, res, next) => {
    // Apollo's landing page (a GET for HTML without an operation) is static and runs nothing.
    if (isLandingPageRequest(req)) {
      next();
      return;
    }
    authenticator.authenticate(credentialsFromHeaders(req.headers)).then(
      (principal) => {
        res.locals.principal = principal;
        next();
      },
      (err: unknown) => {
        if (!(err instanceof UnauthenticatedError)) {
          next(err);
          return;
        }
        options.logger?.warn({ requestId: res.locals.requestId, ip: req.ip, reason: err.message }, 'authentication failed');
        res.setHeader('www-authenticate', 'Bearer, ApiKey');
        sendGraphQLError(res, 401, err.message, { code: ErrorCode.UNAUTHENTICATED });
      },
    );
  };
}

/**
 * After authenticateHttp, before the body is read: a principal whose budget is empty is refused
 * (429 + Retry-After) without parsing anything. The operation's cost is spent later, by the
 * gate, once it is known.
 */
export function budgetDoorHttp(budget: Budget, options: { onRefused?: () => void } = {}): RequestHandler {
  return (req, res, next) => {
    if (!budget.enabled) return next();
    budget.peek(budgetKey(principalOf(res), clientAddress(req))).then(
      (d) => {
        if (d.allowed) return next();
        options.onRefused?.();
        res.setHeader('retry-after', String(d.retryAfterSeconds));
        sendGraphQLError(res, 429, `Budget exhausted: retry in ${d.retryAfterSeconds}s`, { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: d.retryAfterSeconds });
      },
      (err: unknown) => next(err),
    );
  };
}

/**
 * Error handler for the JSON body parser (mount right after the /graphql middlewares): oversized
 * bodies → 413, malformed JSON → 400, as GraphQL-shaped JSON. Express's default handler would
 * answer with an HTML page (and a stack trace outside production).
 */
export function bodyErrorHandler(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    const e = err as { type?: unknown; status?: unknown; limit?: unknown };
    if (res.headersSent) {
      next(err);
      return;
    }
    if (e?.type === 'entity.too.large') {
      sendGraphQLError(res, 413, `Request body too large (limit ${typeof e.limit === 'number' ? `${e.limit} bytes` : 'exceeded'})`, { code: 'BAD_REQUEST' });
      return;
    }
    if (e?.type === 'entity.parse.failed') {
      sendGraphQLError(res, 400, 'Request body is not valid JSON', { code: 'BAD_REQUEST' });
      return;
    }
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string') {
      // Other body-parser refusals (charset, encoding, …): a fixed message, not the parser's.
      sendGraphQLError(res, e.status, 'Request body could not be read', { code: 'BAD_REQUEST' });
      return;
    }
    next(err);
  };
}

function sendGraphQLError(res: Response, status: number, message: string, extensions: Record<string, unknown>): void {
  res.status(status).type('application/json').send(JSON.stringify({ errors: [{ message, extensions }] }));
}

/**
 * Only what Apollo itself would answer with its HTML landing page: a GET with no operation
 * (read with URLSearchParams, as Apollo reads it, not express's key-limited parser) whose Accept
 * header, negotiated properly, prefers HTML over every GraphQL response type.
 */
export function isLandingPageRequest(req: Request): boolean {
  if (req.method !== 'GET') return false;
  const params = new URL(req.originalUrl, 'http://localhost').searchParams;
  if (params.has('query') || params.has('extensions') || params.has('operationName') || params.has('variables')) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}
