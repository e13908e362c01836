import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import type { Role } from './roles';

/**
 * No usable credential. The message says what was wrong in general terms and never echoes any
 * part of the credential: error responses and logs must not become a place where keys leak.
 */
export class UnauthenticatedError extends GatewayError {
  constructor(message = 'Authentication required: send an API key (x-api-key) or a bearer token (authorization: Bearer …)') {
    super(ErrorCode.UNAUTHENTICATED, message);
    this.name = 'UnauthenticatedError';
  }
}

/** Authenticated, but the principal's roles are below what the operation needs. */
export class ForbiddenError extends GatewayError {
  constructor(
    readonly requiredRole: Role,
    what: string,
  ) {
    super(ErrorCode.FORBIDDEN, `${what} requires the ${requiredRole} role`, { requiredRole });
    this.name = 'ForbiddenError';
  }
}

/**
 * Separation of duties: the principal that started an Automation execution may not approve or
 * reject it (an admin may). The message names the rule and the execution, never the principal.
 */
export class SeparationOfDutiesError extends GatewayError {
  constructor(executionId: string) {
    super(
      ErrorCode.FORBIDDEN,
      `Separation of duties: automation execution ${executionId} was started by the same principal; another operator, or an admin, must approve or reject it`,
      { requiredRole: 'admin', rule: 'SEPARATION_OF_DUTIES' },
    );
    this.name = 'SeparationOfDutiesError';
  }
}
