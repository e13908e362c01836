import type { ApolloServerPlugin } from '@apollo/server';
import { responsePathAsArray, type GraphQLFormattedError, type GraphQLResolveInfo } from 'graphql';
import type { AwsError } from '../aws';

/**
 * Scopes that failed while a field still answered with every other scope's rows (partial
 * results). graphql-js records an error only when a field fails as a whole, so these are collected
 * on the operation's context and added to the response's `errors` as it leaves, each at the path
 * of the field that lost them, with `extensions { code, accountId, region, awsCode, requestId }`.
 */
export class ScopeFailures {
  private readonly errors: GraphQLFormattedError[] = [];

  add(info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>, error: AwsError): void {
    const loc = info.fieldNodes[0]?.loc;
    this.errors.push({
      message: error.message,
      path: responsePathAsArray(info.path),
      ...(loc ? { locations: [{ line: loc.startToken.line, column: loc.startToken.column }] } : {}),
      extensions: error.toExtensions(),
    });
  }

  /** The collected errors, once (a subscription's context lives on; each event takes its own). */
  take(): GraphQLFormattedError[] {
    return this.errors.splice(0);
  }
}

/** A result with the operation's scope failures added to its errors. */
export function withScopeFailures<R extends { errors?: readonly unknown[] }>(result: R, failures: ScopeFailures | undefined): R {
  const extra = failures?.take() ?? [];
  if (!extra.length) return result;
  return { ...result, errors: [...(result.errors ?? []), ...extra] };
}

/** Apollo (HTTP): add the scope failures to the response. */
export function scopeFailuresPlugin<C extends { scopeFailures?: ScopeFailures }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind === 'single') response.body.singleResult = withScopeFailures(response.body.singleResult, contextValue.scopeFailures);
        },
      };
    },
  };
}
