import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  ValuesOfCorrectTypeRule,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import type { QueryLimitsConfig } from '../../config';
import { awsCallsEstimator, costEstimator } from './cost';
import { costVariables } from './cost-variables';
import { coerceVariablesSafely, safeValuesRule } from './safe-values';

/**
 * The checks one operation passes before anything runs, the same over HTTP and WebSocket:
 * - tokens: graphql-js's parser limit (GRAPHQL_PARSE_FAILED);
 * - the spec's validation rules, with graphql-js's value rule replaced by one that never repeats
 *   a value (safe-values.ts); depth, aliases (`__typename` included) and directives with GraphQL
 *   Armor; introspection refused in production; at most a few errors (GRAPHQL_VALIDATION_FAILED);
 * - variables: checked and coerced without echoing them, lists by length first (BAD_USER_INPUT);
 * - cost and AWS calls estimated from the document and the variables (cost.ts), each with its
 *   own limit (GRAPHQL_VALIDATION_FAILED with `cost`/`maxCost` or `awsCalls`/`maxAwsCalls`).
 * Every refusal is a 400.
 */
export interface OperationRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface CheckedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The variables as coerced (defaults applied). */
  variables: Record<string, unknown>;
  /** Estimated cost units (list items + AWS calls), rounded up. */
  cost: number;
  /** Estimated AWS calls, rounded up. */
  awsCalls: number;
}

export type CheckResult = { ok: CheckedOperation; errors?: undefined } | { ok?: undefined; errors: GraphQLError[]; operation?: OperationDefinitionNode };

export interface QueryLimits {
  check(schema: GraphQLSchema, request: OperationRequest): CheckResult;
  /** Cost and AWS calls of one operation of a valid document (tests, benchmarks). */
  estimate(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown>, operationName?: string): { cost: number; awsCalls: number };
}

export interface QueryLimitsOptions {
  /** The gateway's largest `first`; larger values are priced at it (the resolver refuses them precisely). */
  maxPageSize?: number;
  /** Refuses introspection (as Apollo's `introspection: false` would) and hides suggestions. */
  production?: boolean;
}

/** Errors described one by one before the rest are cut off (graphql-js's own default is 100). */
export const MAX_REPORTED_ERRORS = 5;
/** Documents whose parsing and validation are remembered (the same dashboards ask the same). */
const DOCUMENT_CACHE_SIZE = 500;

/**
 * Parsing and validating depend on the query text only: the answers for recent texts are kept
 * (least recently used out first), so a dashboard's repeated queries — or a flood of one hostile
 * document — are checked once. Variables, cost and roles are still checked every time.
 */
/**
 * A valid document also remembers its estimates, by operation name and the values of the few
 * variables an estimate depends on (cost-variables.ts).
 */
type DocumentCheck = { document: DocumentNode; costVariables: string[]; estimates: Map<string, { cost: number; awsCalls: number }> } | { errors: GraphQLError[] };

/** Estimates remembered per document: enough for a dashboard's page sizes, bounded for a client cycling through `first` values. */
const ESTIMATES_PER_DOCUMENT = 64;

export function createQueryLimits(config: QueryLimitsConfig, options: QueryLimitsOptions = {}): QueryLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: config.maxDepth, ignoreIntrospection: true },
    // `__typename` is allowed by default; 100 of them under aliases cost as much as any field.
    maxAliases: { n: config.maxAliases, allowList: [] },
    maxDirectives: { n: config.maxDirectives },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const valueLimits = { maxListLength: config.maxListLength, maxProblems: MAX_REPORTED_ERRORS };
  const rules: ValidationRule[] = [
    ...specifiedRules.filter((rule) => rule !== ValuesOfCorrectTypeRule),
    safeValuesRule(valueLimits),
    ...armor.validationRules,
    ...(options.production ? [NoSchemaIntrospectionCustomRule] : []),
  ];
  const hideSuggestions = config.hideSuggestions;
  const estimatorOptions = { maxPageSize: options.maxPageSize ?? 1000 };
  const cost = costEstimator(estimatorOptions);
  const calls = awsCallsEstimator(estimatorOptions);

  const estimate: QueryLimits['estimate'] = (schema, document, variables = {}, operationName) => {
    const run = (estimator: typeof cost) => Math.ceil(getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] }) - 1e-9);
    return { cost: run(cost), awsCalls: run(calls) };
  };

  const caches = new WeakMap<GraphQLSchema, LRUCache<string, DocumentCheck>>();
  /** The parsed, valid document, or the parse/validation errors (with their codes). */
  const documentOf = (schema: GraphQLSchema, query: string): DocumentCheck => {
    let cache = caches.get(schema);
    if (!cache) caches.set(schema, (cache = new LRUCache<string, DocumentCheck>({ max: DOCUMENT_CACHE_SIZE })));
    const cached = cache.get(query);
    if (cached) return cached;
    let result: DocumentCheck;
    try {
      const document = parse(query, { maxTokens: config.maxTokens });
      // One more than described: room for the value rule's own "N more" line.
      const errors = validate(schema, document, rules, { maxErrors: MAX_REPORTED_ERRORS + 1, hideSuggestions });
      result = errors.length ? { errors: errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED')) } : { document, costVariables: costVariables(document), estimates: new Map() };
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      result = { errors: [withCode(err, 'GRAPHQL_PARSE_FAILED')] };
    }
    cache.set(query, result);
    return result;
  };

  const refuse = (errors: GraphQLError[], operation?: OperationDefinitionNode): CheckResult => ({ errors, operation });

  return {
    estimate,
    check(schema, request) {
      const { query, variables, operationName } = request;
      if (typeof query !== 'string' || query.length === 0) return { errors: [requestError('A query string is required', 'BAD_REQUEST')] };
      if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return { errors: [requestError('operationName must be a string', 'BAD_REQUEST')] };
      if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
        return { errors: [requestError('variables must be an object', 'BAD_REQUEST')] };
      }
      const checked = documentOf(schema, query);
      if ('errors' in checked) return refuse(checked.errors);
      const { document } = checked;

      const operation = getOperationAST(document, (operationName as string | null | undefined) ?? undefined);
      if (!operation) {
        const message = operationName ? 'Unknown operation named in operationName' : 'Send operationName to choose one of several operations';
        return { errors: [requestError(message, 'OPERATION_RESOLUTION_FAILURE')] };
      }
      const coerced = coerceVariablesSafely(schema, operation, variables as Record<string, unknown> | null | undefined, valueLimits);
      if (coerced.errors) return refuse(coerced.errors, operation);

      const raw = (variables ?? {}) as Record<string, unknown>;
      // Valid values of these variables are Ints and Booleans (or null): 'absent' stands for one not given (its default applies).
      const estimateKey = `${operation.name?.value ?? ''}\u0000${checked.costVariables.length ? JSON.stringify(checked.costVariables.map((n) => (Object.hasOwn(raw, n) ? raw[n] : 'absent'))) : ''}`;
      let estimated = checked.estimates.get(estimateKey);
      try {
        // The raw variables: the estimator coerces them itself (already known to be valid).
        if (!estimated) {
          estimated = estimate(schema, document, raw, operation.name?.value);
          if (checked.estimates.size < ESTIMATES_PER_DOCUMENT) checked.estimates.set(estimateKey, estimated);
        }
      } catch {
        // e.g. the library's node limit (fragments spread into fragments): too big to price is too big to run.
        return refuse([requestError('Query rejected: too large to price', 'GRAPHQL_VALIDATION_FAILED')], operation);
      }
      if (estimated.cost > config.maxCost) {
        return refuse(
          [
            requestError(
              `Query cost ${estimated.cost} exceeds the limit of ${config.maxCost}. Each list item and each AWS call costs 1, and lists multiply what they contain (connections by \`first\`): ask for fewer items or nest fewer lists.`,
              'GRAPHQL_VALIDATION_FAILED',
              { cost: estimated.cost, maxCost: config.maxCost },
            ),
          ],
          operation,
        );
      }
      if (estimated.awsCalls > config.maxAwsCalls) {
        return refuse(
          [
            requestError(
              `Query may make ${estimated.awsCalls} AWS calls, more than the limit of ${config.maxAwsCalls}. Fields like launchPermissions, steps and runbook make one call per parent: ask for fewer items.`,
              'GRAPHQL_VALIDATION_FAILED',
              { awsCalls: estimated.awsCalls, maxAwsCalls: config.maxAwsCalls },
            ),
          ],
          operation,
        );
      }
      return { ok: { document, operation, variables: coerced.values, ...estimated } };
    },
  };
}

function requestError(message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

function withCode(err: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(err.message, { nodes: err.nodes, source: err.source, positions: err.positions, extensions: { ...err.extensions, code } });
}
