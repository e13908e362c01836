import { GraphQLError } from 'graphql';
import { ErrorCode } from './codes';

/** One problem with one input field, so a client can show every problem at once. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Every error the gateway means to show a client (besides AWS failures, which src/aws reports as
 * AwsError). Anything else that reaches the response is masked as INTERNAL_SERVER_ERROR (see
 * server/format-error.ts).
 */
export class GatewayError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
    this.name = 'GatewayError';
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class BadUserInputError extends GatewayError {
  constructor(message: string, problems?: FieldProblem[]) {
    super(ErrorCode.BAD_USER_INPUT, message, problems ? { problems } : {});
  }
}

export class NotFoundError extends GatewayError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.NOT_FOUND, message, extensions);
  }
}

/** The request is valid but the resource is not in a state that allows it (checked before AWS is asked). */
export class PreconditionFailedError extends GatewayError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.PRECONDITION_FAILED, message, extensions);
  }
}
