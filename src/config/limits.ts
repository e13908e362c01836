import type { EnvReader } from './env';

/** Per-operation limits, checked before anything runs (HTTP and WebSocket alike). */
export interface QueryLimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Estimated cost units (list items + AWS calls) of one operation. */
  maxCost: number;
  /** Estimated AWS calls of one operation. */
  maxAwsCalls: number;
  /** Longest list in any input (literal or variable), checked before its items. */
  maxListLength: number;
  /** Hide "Did you mean …" suggestions (they let a stranger map the schema without introspection). */
  hideSuggestions: boolean;
}

/** What one running operation may use; past either, it is stopped and answers one error. */
export interface ExecutionLimitsConfig {
  maxResponseBytes: number;
  maxExecutionMs: number;
}

/** Per-principal token bucket over cost units, shared by HTTP and WebSocket (and replicas, with Redis). */
export interface BudgetConfig {
  /** Units added per second; 0 turns budgets off. */
  perSecond: number;
  /** Bucket size: the most a principal can spend at once. At least maxCost, or the largest operation could never run. */
  burst: number;
}

export interface WebSocketLimitsConfig {
  /** Operations (subscriptions included) running at once on one socket. */
  maxOperationsPerSocket: number;
  /** Sockets one principal may hold open on this replica (with auth off: one address). */
  maxSocketsPerPrincipal: number;
  /** A socket must send connection_init within this time, or it is closed (4408). */
  connectionInitTimeoutMs: number;
}

export interface LimitsConfig extends QueryLimitsConfig {
  execution: ExecutionLimitsConfig;
  budget: BudgetConfig;
  webSocket: WebSocketLimitsConfig;
}

export const DEFAULT_MAX_COST = 5000;
/**
 * Sized for a team dashboard with auth off, where everyone shares one budget (README, "Budgets"):
 * 50 people refreshing a 525-unit page every 10 s spend 2,625 units/s; the rest is for bots.
 */
export const DEFAULT_BUDGET_PER_SECOND = 3000;
/** Three of the largest operations at once (and at least FLEETGRAPH_MAX_COST). */
export const DEFAULT_BUDGET_BURST = 3 * DEFAULT_MAX_COST;

export function readLimitsConfig(r: EnvReader, { production }: { production: boolean }): LimitsConfig {
  const maxCost = r.int('FLEETGRAPH_MAX_COST', DEFAULT_MAX_COST, 1, 10_000_000);
  const limits: LimitsConfig = {
    maxDepth: r.int('FLEETGRAPH_MAX_DEPTH', 12, 1, 100),
    maxAliases: r.int('FLEETGRAPH_MAX_ALIASES', 30, 0, 1000),
    maxDirectives: r.int('FLEETGRAPH_MAX_DIRECTIVES', 20, 0, 1000),
    maxTokens: r.int('FLEETGRAPH_MAX_TOKENS', 5000, 100, 1_000_000),
    maxCost,
    maxAwsCalls: r.int('FLEETGRAPH_MAX_AWS_CALLS', 200, 1, 100_000),
    maxListLength: r.int('FLEETGRAPH_MAX_LIST_LENGTH', 200, 1, 100_000),
    hideSuggestions: production,
    execution: {
      maxResponseBytes: r.int('FLEETGRAPH_MAX_RESPONSE_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxExecutionMs: r.int('FLEETGRAPH_MAX_EXECUTION_MS', 15_000, 100, 600_000),
    },
    budget: {
      perSecond: r.num('FLEETGRAPH_BUDGET_PER_SECOND', DEFAULT_BUDGET_PER_SECOND, 0, 10_000_000),
      burst: r.int('FLEETGRAPH_BUDGET_BURST', Math.max(DEFAULT_BUDGET_BURST, maxCost), 1, 100_000_000),
    },
    webSocket: {
      maxOperationsPerSocket: r.int('FLEETGRAPH_WS_MAX_OPERATIONS', 20, 1, 10_000),
      maxSocketsPerPrincipal: r.int('FLEETGRAPH_WS_MAX_SOCKETS_PER_PRINCIPAL', 100, 1, 1_000_000),
      connectionInitTimeoutMs: r.int('FLEETGRAPH_WS_INIT_TIMEOUT_MS', 3000, 100, 60_000),
    },
  };
  if (limits.budget.perSecond > 0 && limits.budget.burst < maxCost) {
    r.problem(`FLEETGRAPH_BUDGET_BURST (${limits.budget.burst}) must be at least FLEETGRAPH_MAX_COST (${maxCost}), or the largest allowed operation could never run`);
  }
  return limits;
}
