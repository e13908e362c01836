import type { EnvReader } from './env';

/** Where and how the HTTP/WebSocket server listens. */
export interface ServerConfig {
  port: number;
  host: string;
  /** NODE_ENV=production: no introspection, no field suggestions, the production landing page. */
  production: boolean;
  /** Request body (and WebSocket message) limit for /graphql, in bytes. */
  maxBodyBytes: number;
  cors: { origins: string[] };
  /** What a browser gets at GET /graphql: see ExplorerMode. */
  explorer: ExplorerMode;
  /** Bounds of the whole-response cache of queries (its TTL is the AWS cache's); 0 bytes = keep nothing, only share executions in flight. */
  responseCache: { maxBytes: number; maxEntries: number };
}

/**
 * `graphiql`: GraphiQL bundled and served by the gateway (works offline); `sandbox`: Apollo
 * Sandbox (loaded from Apollo's CDN); `off`: no page. Production allows only `off` and defaults
 * to Apollo's production landing page (introspection is off there, so an explorer is useless).
 */
export type ExplorerMode = 'graphiql' | 'sandbox' | 'off' | 'production-landing-page';

export function readServerConfig(r: EnvReader): ServerConfig {
  const port = r.int('PORT', 4000, 0, 65535);
  const host = r.str('HOST') ?? '0.0.0.0';
  const production = r.str('NODE_ENV') === 'production';
  const maxBodyBytes = r.int('FLEETGRAPH_MAX_BODY_BYTES', 100 * 1024, 1024, 10 * 1024 * 1024);
  const origins: string[] = [];
  for (const raw of r.list('FLEETGRAPH_CORS_ORIGINS')) {
    const origin = parseOrigin(raw);
    if (origin) origins.push(origin);
    else r.problem(`FLEETGRAPH_CORS_ORIGINS contains ${JSON.stringify(raw)}, which is not an origin like https://console.example.com`);
  }
  const responseCache = {
    maxBytes: r.int('FLEETGRAPH_RESPONSE_CACHE_MAX_BYTES', 16 * 1024 * 1024, 0, 1024 * 1024 * 1024),
    maxEntries: r.int('FLEETGRAPH_RESPONSE_CACHE_MAX_ENTRIES', 1000, 1, 1_000_000),
  };
  return { port, host, production, maxBodyBytes, cors: { origins }, explorer: readExplorerMode(r, production), responseCache };
}

function readExplorerMode(r: EnvReader, production: boolean): ExplorerMode {
  const fallback: ExplorerMode = production ? 'production-landing-page' : 'graphiql';
  const raw = r.str('FLEETGRAPH_EXPLORER') ?? fallback;
  const allowed: ExplorerMode[] = production ? ['off', 'production-landing-page'] : ['graphiql', 'sandbox', 'off'];
  if ((allowed as string[]).includes(raw)) return raw as ExplorerMode;
  if (production && (raw === 'graphiql' || raw === 'sandbox')) r.problem(`FLEETGRAPH_EXPLORER=${raw} is for development: production allows only "off"`);
  else r.problem(`FLEETGRAPH_EXPLORER=${JSON.stringify(raw)} must be "graphiql", "sandbox" or "off"`);
  return 'off';
}

/** The origin itself (scheme://host[:port]) or undefined: no path, query, fragment or user info. */
function parseOrigin(raw: string): string | undefined {
  try {
    const u = new URL(raw);
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.pathname !== '/' || u.search || u.hash || u.username) return undefined;
    if (raw.replace(/\/$/, '') !== u.origin) return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}
