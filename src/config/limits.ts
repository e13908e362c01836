import type { EnvReader } from './env';

/** Per-operation limits, checked before anything runs (HTTP and WebSocket alike). */
export interface QueryLimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** Hide "Did you mean …" suggestions (they let a stranger map the schema without introspection). */
  hideSuggestions: boolean;
}

export interface LimitsConfig extends QueryLimitsConfig {
  /** Operations per principal per minute; 0 turns the rate limit off. */
  rateLimitPerMinute: number;
}

export function readLimitsConfig(r: EnvReader, { production }: { production: boolean }): LimitsConfig {
  return {
    maxDepth: r.int('FLEETGRAPH_MAX_DEPTH', 12, 1, 100),
    maxAliases: r.int('FLEETGRAPH_MAX_ALIASES', 30, 0, 1000),
    maxDirectives: r.int('FLEETGRAPH_MAX_DIRECTIVES', 20, 0, 1000),
    maxTokens: r.int('FLEETGRAPH_MAX_TOKENS', 5000, 100, 1_000_000),
    maxCost: r.int('FLEETGRAPH_MAX_COST', 5000, 1, 10_000_000),
    hideSuggestions: production,
    rateLimitPerMinute: r.int('FLEETGRAPH_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
  };
}
