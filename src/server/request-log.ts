import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../observability/logger';
import type { GatewayContext } from './context';
import { isExpectedError } from './format-error';

/**
 * One log line per HTTP GraphQL operation (request id, principal, type, name, error codes,
 * duration), and the full error for anything unexpected — which the client only sees masked.
 * Variables are never logged: they can hold MacCredentials.
 */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      const log = logger.child({ requestId: contextValue.requestId });
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (!isExpectedError(error)) log.error({ err: unwrapResolverError(error), path: error.path }, 'unexpected error while executing an operation');
          }
        },
        async willSendResponse({ operation, operationName, response }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          log.info(
            {
              principal: contextValue.principal?.id,
              operationType: operation?.operation,
              operationName: operationName ?? undefined,
              errorCodes: errors.length ? [...new Set(errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')))] : undefined,
              durationMs: Math.round(performance.now() - started),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
