import { ErrorCode } from '../errors/codes';
import { AwsError, type AwsErrorCode } from './errors';
import type { Scope } from './scope';

/**
 * Whatever an SDK call threw → AwsError. Exact AWS codes first; suffix rules cover the EC2 families
 * (`InvalidXxxID.NotFound`, `.Malformed`) without listing every resource type; then the HTTP status
 * when the body was not AWS's (a proxy's HTML 502), then transport failures.
 */
const EXACT: Record<string, AwsErrorCode> = {
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
  // Dedicated Hosts: ReleaseHosts' Unsuccessful items; a Mac that cannot start while its host scrubs.
  'Client.HostMinAllocationPeriodUnexpired': ErrorCode.PRECONDITION_FAILED,
  'Client.InvalidHost.Occupied': ErrorCode.PRECONDITION_FAILED,
  'Client.InvalidHostState': ErrorCode.PRECONDITION_FAILED,
  InsufficientCapacityOnHost: ErrorCode.PRECONDITION_FAILED,
  OperationNotPermitted: ErrorCode.FORBIDDEN,
  // idempotency
  IdempotentParameterMismatch: ErrorCode.CONFLICT,
  IdempotentParameterMismatchException: ErrorCode.CONFLICT,
  // permissions. EC2's AuthFailure is also "not your image" (DescribeImageAttribute), so it stays FORBIDDEN.
  UnauthorizedOperation: ErrorCode.FORBIDDEN,
  AuthFailure: ErrorCode.FORBIDDEN,
  AccessDenied: ErrorCode.FORBIDDEN,
  AccessDeniedException: ErrorCode.FORBIDDEN,
  // the gateway's own credentials: missing, invalid, expired
  CredentialsProviderError: ErrorCode.AWS_CREDENTIALS,
  UnrecognizedClientException: ErrorCode.AWS_CREDENTIALS,
  InvalidClientTokenId: ErrorCode.AWS_CREDENTIALS,
  SignatureDoesNotMatch: ErrorCode.AWS_CREDENTIALS,
  IncompleteSignature: ErrorCode.AWS_CREDENTIALS,
  MissingAuthenticationToken: ErrorCode.AWS_CREDENTIALS,
  ExpiredToken: ErrorCode.AWS_CREDENTIALS,
  ExpiredTokenException: ErrorCode.AWS_CREDENTIALS,
  RequestExpired: ErrorCode.AWS_CREDENTIALS,
  // capacity / throttling
  RequestLimitExceeded: ErrorCode.AWS_THROTTLED,
  ThrottlingException: ErrorCode.AWS_THROTTLED,
  Throttling: ErrorCode.AWS_THROTTLED,
  AutomationExecutionLimitExceededException: ErrorCode.LIMIT_EXCEEDED,
  // AWS side
  InternalError: ErrorCode.AWS_UNAVAILABLE,
  InternalServerError: ErrorCode.AWS_UNAVAILABLE,
  InternalFailure: ErrorCode.AWS_UNAVAILABLE,
  Unavailable: ErrorCode.AWS_UNAVAILABLE,
  ServiceUnavailable: ErrorCode.AWS_UNAVAILABLE,
};

const CREDENTIAL_MESSAGES: Partial<Record<string, string>> = {
  CredentialsProviderError: 'no AWS credentials found (environment, shared config/profile, SSO, container or instance role)',
  ExpiredToken: 'the AWS session credentials have expired',
  ExpiredTokenException: 'the AWS session credentials have expired',
  RequestExpired: 'the AWS session credentials have expired (or the clock is skewed)',
};

/** Codes AWS throttling uses, for metrics and readiness. */
export const THROTTLE_CODES = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestThrottled', 'RequestThrottledException', 'SlowDown']);

const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError'];
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

export function mapAwsCode(awsCode: string, httpStatus?: number): AwsErrorCode {
  const exact = EXACT[awsCode];
  if (exact) return exact;
  if (awsCode.endsWith('.NotFound') || awsCode.endsWith('NotFoundException')) return ErrorCode.NOT_FOUND;
  if (awsCode.endsWith('.Malformed') || awsCode.endsWith('.Invalid')) return ErrorCode.BAD_USER_INPUT;
  if (awsCode.endsWith('LimitExceeded') || awsCode.endsWith('LimitExceededException')) return ErrorCode.LIMIT_EXCEEDED;
  if (httpStatus !== undefined) return mapHttpStatus(httpStatus);
  return ErrorCode.AWS_ERROR;
}

/** An answer that is not AWS's own: judge it by its status alone. */
function mapHttpStatus(status: number): AwsErrorCode {
  if (status === 429) return ErrorCode.AWS_THROTTLED;
  // 404/405 from an endpoint that does not serve this API (an emulator, a wrong proxy route).
  if (status >= 500 || status === 404 || status === 405) return ErrorCode.AWS_UNAVAILABLE;
  return ErrorCode.AWS_ERROR;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

export interface CallContext {
  scope?: Scope;
  /** `ec2:DescribeInstances` */
  operation: string;
}

/**
 * Turn whatever an SDK call threw into an AwsError. Errors that are not AWS's and not transport
 * failures (programming errors) are returned untouched so the server masks and logs them.
 */
export function toAwsError(err: unknown, context: CallContext): unknown {
  if (err instanceof AwsError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorShape;
  const base = { scope: context.scope, operation: context.operation };

  if (e.name === 'CredentialsProviderError') {
    return new AwsError(ErrorCode.AWS_CREDENTIALS, `${context.operation}: ${CREDENTIAL_MESSAGES.CredentialsProviderError}`, { ...base, awsCode: e.name });
  }
  const meta = e.$metadata;
  const status = meta?.httpStatusCode;
  // A modeled AWS error: it has a fault and a real code (the SDK says "Unknown" when it could not read one).
  if (meta && e.$fault && e.name && e.name !== 'Unknown') {
    const code = mapAwsCode(e.name, status);
    const message = code === ErrorCode.AWS_CREDENTIALS ? `${context.operation}: ${CREDENTIAL_MESSAGES[e.name] ?? `AWS rejected the gateway's credentials (${e.name})`}` : e.message || e.name;
    return new AwsError(code, message, { ...base, awsCode: e.name, requestId: meta.requestId, httpStatus: status });
  }
  // An HTTP answer whose body is not AWS's (HTML from a proxy, empty, unparsable).
  if (meta && status !== undefined) {
    return new AwsError(mapHttpStatus(status), `${context.operation}: the endpoint answered HTTP ${status} without an AWS error body (a proxy or load balancer in the way?)`, {
      ...base,
      awsCode: `HTTP${status}`,
      requestId: meta.requestId,
      httpStatus: status,
    });
  }
  const net = networkCode(err);
  if (net) return new AwsError(ErrorCode.AWS_UNAVAILABLE, `${context.operation}: AWS endpoint unreachable (${net})`, { ...base, awsCode: net });
  return err;
}
