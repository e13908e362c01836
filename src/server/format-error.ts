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

const VARIABLE_ERROR = /^Variable "\$[^"]+" /;

/** True for errors a client may see as they are: ours on purpose, or GraphQL request errors. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError || original instanceof AwsError) return true;
  const e = error as { extensions?: { code?: unknown }; message?: unknown } | null;
  const code = e?.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) return true;
  // Variable coercion errors (graphql-ws does not tag them as Apollo does).
  return typeof e?.message === 'string' && VARIABLE_ERROR.test(e.message);
}

/**
 * graphql-js echoes the whole invalid variable value: `Variable "$input" got invalid value
 * { macCredentials: { rootVolumePassword: "…" } }; Field "x" is not defined…`. A password must
 * not come back (or reach proxies and APM), so keep the variable, the path and the reason only.
 */
export function scrubVariableMessage(message: string): string {
  const head = /^(Variable "\$[^"]+" got invalid value) /.exec(message);
  if (!head) return message;
  const cut = message.lastIndexOf('; ');
  if (cut < 0) return `${head[1]}.`;
  const path = / at "([^"]*)"$/.exec(message.slice(0, cut))?.[1];
  const reason = message
    .slice(cut + 2)
    .replace(/\bValue "(?:[^"\\]|\\.)*" does not exist/g, 'Value does not exist')
    .replace(/(cannot represent [^:]*value): .*$/s, '$1.');
  return `${head[1]}${path ? ` at "${path}"` : ''}; ${reason}`;
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
      return { ...formatted, extensions: { ...extensions, ...original.extensions } };
    }
    // AWS failures keep AWS's code, request id and status, and name the scope they happened in.
    if (original instanceof AwsError) {
      return { ...formatted, extensions: { ...extensions, ...original.toExtensions() } };
    }
    if (isExpectedError(error)) {
      const message = scrubVariableMessage(formatted.message);
      return { ...formatted, message, extensions: { code: ErrorCode.BAD_USER_INPUT, ...extensions } };
    }
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
}
