import cors, { type CorsOptions } from 'cors';
import type { RequestHandler } from 'express';
import type { ServerConfig } from '../../config';

export const APOLLO_SANDBOX_ORIGIN = 'https://studio.apollographql.com';

/**
 * CORS for /graphql: only the configured origins (FLEETGRAPH_CORS_ORIGINS), plus Apollo Sandbox
 * outside production so developers can explore the API from studio.apollographql.com. Requests
 * without an Origin (curl, servers) are not a CORS matter and pass. No cookies are used, so
 * credentials stay off and a stolen page cannot ride a session.
 */
export function createCorsOptions(config: Pick<ServerConfig, 'cors' | 'production'>): CorsOptions {
  const allowed = new Set(config.cors.origins);
  if (!config.production) allowed.add(APOLLO_SANDBOX_ORIGIN);
  return {
    origin: (origin, callback) => callback(null, origin === undefined || allowed.has(origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-fleetgraph-cost', 'x-fleetgraph-budget-remaining'],
    credentials: false,
    maxAge: 600,
  };
}

/**
 * CORS for /graphql as an express handler. A request without an Origin header did not come from a
 * cross-origin page (browsers send Origin on every cross-origin request), so CORS headers would
 * say nothing to anyone: such requests skip the CORS middleware's per-request work.
 */
export function corsHttp(config: Pick<ServerConfig, 'cors' | 'production'>): RequestHandler {
  const handler = cors(createCorsOptions(config));
  return (req, res, next) => (req.headers.origin === undefined ? next() : handler(req, res, next));
}
