import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import type { QueryLimitsConfig } from '../../config';
import { FIELD_COSTS, fleetCostEstimator } from './cost';

/**
 * Hostile-query limits, applied before anything runs:
 * - tokens: graphql-js's own parser limit (`parseOptions.maxTokens`), so a huge document is
 *   refused while parsing, as a 400 GRAPHQL_PARSE_FAILED;
 * - depth, aliases, directives: GraphQL Armor validation rules (400 GRAPHQL_VALIDATION_FAILED);
 * - cost: graphql-query-complexity with the gateway's price list (cost.ts). It needs the request's
 *   variables (`first: $n`), which validation rules never see, so it runs in `didResolveOperation`;
 * - "Did you mean …" suggestions masked (production), so the schema cannot be mapped by typos
 *   once introspection is off. Armor's own masker misses enum-value suggestions, hence ours.
 *
 * The same checks are exposed as `checkOperation` for graphql-ws, which bypasses Apollo; with
 * `production` it also refuses introspection there, as Apollo does on HTTP.
 */
export interface QueryLimits {
  /** ApolloServer `validationRules`. */
  validationRules: ValidationRule[];
  /** ApolloServer `plugins` (cost limit, suggestion masking). */
  plugins: ApolloServerPlugin[];
  /** ApolloServer `parseOptions`. */
  parseOptions: ParseOptions;
  /** Parses, validates and prices one operation; `errors` is empty when it may run. */
  checkOperation(schema: GraphQLSchema, request: OperationRequest): CheckedOperation;
  /** The cost of one operation of a parsed document (throws on invalid variables). */
  costOf(schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown> | null, operationName?: string | null): number;
}

export interface OperationRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface CheckedOperation {
  document?: DocumentNode;
  errors: readonly GraphQLError[];
}

export interface QueryLimitsOptions {
  /** `Type.field` → own cost; defaults to FIELD_COSTS. */
  costs?: Readonly<Record<string, number>>;
  /** The gateway's largest `first` (config aws.maxPageSize, default 1000); larger values are priced at it. */
  maxPageSize?: number;
  /** Told about each refusal (e.g. a metrics counter); `reason` is a fixed word, never query text. */
  onRejected?: (reason: 'cost') => void;
  /**
   * Production: `checkOperation` (graphql-ws) refuses introspection (`__schema`, `__type`), as
   * Apollo does for HTTP with `introspection: false`. `__typename` stays allowed.
   */
  production?: boolean;
}

const SUGGESTION_RE = /\s*Did you mean [^?]*\?/g;
const SUGGESTION_MASK = ' [Suggestion hidden]';

export function maskSuggestions(message: string): string {
  return message.replace(SUGGESTION_RE, SUGGESTION_MASK);
}

export function createQueryLimits(config: QueryLimitsConfig, options: QueryLimitsOptions = {}): QueryLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: config.maxDepth, ignoreIntrospection: true },
    maxAliases: { n: config.maxAliases },
    maxDirectives: { n: config.maxDirectives },
    // Replaced: cost needs variables and our price list; tokens are limited by graphql-js's parser.
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  const validationRules = armor.validationRules;
  // Apollo applies its own introspection rule on HTTP; graphql-ws only gets what checkOperation runs.
  const wsRules: ValidationRule[] = [...specifiedRules, ...validationRules, ...(options.production ? [NoSchemaIntrospectionCustomRule] : [])];
  const parseOptions: ParseOptions = { maxTokens: config.maxTokens };
  const estimator = fleetCostEstimator(options.costs ?? FIELD_COSTS, options.maxPageSize ?? 1000);

  const costOf: QueryLimits['costOf'] = (schema, document, variables, operationName) =>
    getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators: [estimator] });

  /** The cost error, or undefined when the operation is within the limit or its variables are invalid. */
  const checkCost = (schema: GraphQLSchema, document: DocumentNode, variables?: Record<string, unknown> | null, operationName?: string | null): GraphQLError | undefined => {
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) return undefined; // execution reports the missing/ambiguous operation itself
    // Invalid variables: execution refuses the operation anyway, with graphql-js's usual error.
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return undefined;
    let cost: number;
    try {
      cost = costOf(schema, document, variables, operationName);
    } catch (err) {
      // e.g. the library's node-count limit: too big to price is too big to run.
      options.onRejected?.('cost');
      return limitError(`Query rejected: ${(err as Error).message}`);
    }
    if (cost <= config.maxCost) return undefined;
    options.onRejected?.('cost');
    return limitError(
      `Query cost ${cost} exceeds the limit of ${config.maxCost}. Connections cost \`first\` (default 50) times their selection and fields that call AWS cost more: ask for fewer items or fields.`,
      { cost, maxCost: config.maxCost },
    );
  };

  const costPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          const error = checkCost(schema, document, request.variables, operationName ?? request.operationName);
          // Apollo takes the HTTP status from `extensions.http` and drops it from the response.
          if (error) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
        },
      };
    },
  };

  const plugins: ApolloServerPlugin[] = [costPlugin];
  if (config.hideSuggestions) {
    plugins.push({
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors }) {
            for (const e of errors) e.message = maskSuggestions(e.message);
          },
        };
      },
    });
  }

  return {
    validationRules,
    plugins,
    parseOptions,
    costOf,
    checkOperation(schema, { query, variables, operationName }) {
      const mask = (errors: readonly GraphQLError[]): readonly GraphQLError[] =>
        config.hideSuggestions ? errors.map((e) => new GraphQLError(maskSuggestions(e.message), { nodes: e.nodes, extensions: e.extensions })) : errors;
      if (typeof query !== 'string' || query.length === 0) return { errors: [new GraphQLError('A query string is required', { extensions: { code: 'BAD_REQUEST' } })] };
      let document: DocumentNode;
      try {
        document = parse(query, parseOptions);
      } catch (err) {
        if (err instanceof GraphQLError) return { errors: [withCode(err, 'GRAPHQL_PARSE_FAILED')] };
        throw err;
      }
      const errors = validate(schema, document, wsRules);
      if (errors.length) return { errors: mask(errors.map((e) => withCode(e, 'GRAPHQL_VALIDATION_FAILED'))) };
      const costError = checkCost(schema, document, variables, operationName);
      return costError ? { errors: [costError] } : { document, errors: [] };
    },
  };
}

/** Shaped like Apollo's validation failures (code GRAPHQL_VALIDATION_FAILED), which clients already handle. */
function limitError(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...extra } });
}

function withCode(err: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(err.message, { nodes: err.nodes, source: err.source, positions: err.positions, extensions: { ...err.extensions, code } });
}
