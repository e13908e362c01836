import { ErrorCode } from '../errors/codes';
import { AwsServiceError, GatewayError } from '../errors/gateway-error';

/**
 * AWS error code → stable GraphQL code. Exact codes first; suffix rules cover the EC2 families
 * (`InvalidXxxID.NotFound`, `.Malformed`) without listing every resource type.
 */
const EXACT: Record<string, ErrorCode> = {
  // not found
  AutomationExecutionNotFoundException: ErrorCode.NOT_FOUND,
  AutomationDefinitionNotFoundException: ErrorCode.NOT_FOUND,
  AutomationDefinitionVersionNotFoundException: ErrorCode.NOT_FOUND,
  InvalidDocument: ErrorCode.NOT_FOUND,
  InvalidDocumentVersion: ErrorCode.NOT_FOUND,
  // bad input
  InvalidParameterValue: ErrorCode.BAD_USER_INPUT,
  InvalidParameterCombination: ErrorCode.BAD_USER_INPUT,
  InvalidParameter: ErrorCode.BAD_USER_INPUT,
  MissingParameter: ErrorCode.BAD_USER_INPUT,
  UnknownParameter: ErrorCode.BAD_USER_INPUT,
  FilterLimitExceeded: ErrorCode.BAD_USER_INPUT,
  InvalidFilter: ErrorCode.BAD_USER_INPUT,
  InvalidFilterKey: ErrorCode.BAD_USER_INPUT,
  InvalidFilterValue: ErrorCode.BAD_USER_INPUT,
  InvalidNextToken: ErrorCode.BAD_USER_INPUT,
  ValidationException: ErrorCode.BAD_USER_INPUT,
  InvalidAMIAttributeItemValue: ErrorCode.BAD_USER_INPUT,
  InvalidInstanceInformationFilterValue: ErrorCode.BAD_USER_INPUT,
  InvalidAutomationExecutionParametersException: ErrorCode.BAD_USER_INPUT,
  InvalidAutomationSignalException: ErrorCode.PRECONDITION_FAILED,
  InvalidAutomationStatusUpdateException: ErrorCode.PRECONDITION_FAILED,
  IncorrectState: ErrorCode.PRECONDITION_FAILED,
  IncorrectInstanceState: ErrorCode.PRECONDITION_FAILED,
  UnsupportedOperation: ErrorCode.PRECONDITION_FAILED,
  OperationNotPermitted: ErrorCode.FORBIDDEN,
  // idempotency
  IdempotentParameterMismatch: ErrorCode.CONFLICT,
  IdempotentParameterMismatchException: ErrorCode.CONFLICT,
  // permissions
  UnauthorizedOperation: ErrorCode.FORBIDDEN,
  AuthFailure: ErrorCode.FORBIDDEN,
  AccessDeniedException: ErrorCode.FORBIDDEN,
  UnrecognizedClientException: ErrorCode.FORBIDDEN,
  // capacity / throttling
  RequestLimitExceeded: ErrorCode.AWS_THROTTLED,
  ThrottlingException: ErrorCode.AWS_THROTTLED,
  AutomationExecutionLimitExceededException: ErrorCode.LIMIT_EXCEEDED,
  // AWS side
  InternalError: ErrorCode.AWS_UNAVAILABLE,
  InternalServerError: ErrorCode.AWS_UNAVAILABLE,
  Unavailable: ErrorCode.AWS_UNAVAILABLE,
  ServiceUnavailable: ErrorCode.AWS_UNAVAILABLE,
};

const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError'];
const NETWORK_RE = new RegExp(`\\b(${NETWORK_CODES.join('|')})\\b`);

/**
 * Transport failures arrive raw or wrapped by the SDK's retry layer ("AWS SDK error wrapper for
 * Error: connect ECONNREFUSED …"), so look at the code, the name, the message and the cause.
 */
function networkCode(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 3) return undefined;
  const e = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  for (const v of [e.code, e.name]) if (typeof v === 'string' && NETWORK_CODES.includes(v)) return v;
  const m = typeof e.message === 'string' ? NETWORK_RE.exec(e.message) : null;
  return m?.[1] ?? networkCode(e.cause, depth + 1);
}

export function mapAwsCode(awsCode: string, httpStatus?: number): ErrorCode {
  const exact = EXACT[awsCode];
  if (exact) return exact;
  if (awsCode.endsWith('.NotFound') || awsCode.endsWith('NotFoundException')) return ErrorCode.NOT_FOUND;
  if (awsCode.endsWith('.Malformed') || awsCode.endsWith('.Invalid')) return ErrorCode.BAD_USER_INPUT;
  if (awsCode.endsWith('LimitExceeded') || awsCode.endsWith('LimitExceededException')) return ErrorCode.LIMIT_EXCEEDED;
  if (httpStatus !== undefined && httpStatus >= 500) return ErrorCode.AWS_UNAVAILABLE;
  return ErrorCode.AWS_ERROR;
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** True for errors that came from an AWS service response (as opposed to our own bugs). */
function isSdkServiceError(err: unknown): err is SdkErrorShape & Error {
  return typeof err === 'object' && err !== null && '$metadata' in err && '$fault' in err;
}

/**
 * Turn whatever an SDK call threw into a GatewayError. Errors that are not AWS's (programming
 * errors) are rethrown untouched so the server masks and logs them.
 */
export function toGatewayError(err: unknown, context: string): unknown {
  if (err instanceof GatewayError) return err;
  if (isSdkServiceError(err)) {
    const awsCode = err.name ?? 'UnknownError';
    const status = err.$metadata?.httpStatusCode;
    return new AwsServiceError(mapAwsCode(awsCode, status), err.message || awsCode, awsCode, err.$metadata?.requestId, status);
  }
  const code = networkCode(err);
  if (code) return new AwsServiceError(ErrorCode.AWS_UNAVAILABLE, `${context}: AWS endpoint unreachable (${code})`, code, undefined, undefined);
  return err;
}
