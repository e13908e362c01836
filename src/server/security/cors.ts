import type { CorsOptions } from 'cors';
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
