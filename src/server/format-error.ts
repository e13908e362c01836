import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AwsError } from '../aws/errors';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';

/** Codes Apollo/graphql-js produce for bad requests: safe to show as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** True for errors a client may see as they are: ours on purpose, or GraphQL request errors. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError || original instanceof AwsError) return true;
  const e = error as { extensions?: { code?: unknown }; message?: unknown } | null;
  const code = e?.extensions?.code;
  return typeof code === 'string' && CLIENT_CODES.has(code);
}

/** Problems listed one by one in a BAD_USER_INPUT; the rest are only counted (`moreProblems`). */
export const MAX_LISTED_PROBLEMS = 5;

/** A long problem list would make a small bad input a big answer: the first few, then a count. */
function capProblems(extensions: Record<string, unknown>): Record<string, unknown> {
  const problems = extensions.problems;
  if (!Array.isArray(problems) || problems.length <= MAX_LISTED_PROBLEMS) return extensions;
  return { ...extensions, problems: problems.slice(0, MAX_LISTED_PROBLEMS), moreProblems: problems.length - MAX_LISTED_PROBLEMS };
}

/**
 * Errors the gateway raised on purpose (and AWS failures) keep their message and extensions; everything else is
 * replaced by a generic INTERNAL_SERVER_ERROR (the request log plugin logs it with its stack and
 * request id). Stacks never leave.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const original = unwrapResolverError(error);
    const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    if (original instanceof GatewayError) {
      return { ...formatted, extensions: capProblems({ ...extensions, ...original.extensions }) };
    }
    // AWS failures keep AWS's code, request id and status, and name the scope they happened in.
    if (original instanceof AwsError) {
      return { ...formatted, extensions: { ...extensions, ...original.toExtensions() } };
    }
    if (isExpectedError(error)) {
      return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions } };
    }
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
}
