import { ErrorCode } from '../errors/codes';
import type { Scope } from './scope';

/**
 * The one error type that leaves src/aws for AWS failures: a stable gateway code plus AWS's own
 * code, request id and HTTP status, and the scope and call it happened in. It is not a GraphQL
 * error: the server decides how it is shown (see server/format-error.ts).
 */
export type AwsErrorCode =
  | typeof ErrorCode.NOT_FOUND
  | typeof ErrorCode.BAD_USER_INPUT
  | typeof ErrorCode.FORBIDDEN
  | typeof ErrorCode.CONFLICT
  | typeof ErrorCode.PRECONDITION_FAILED
  | typeof ErrorCode.LIMIT_EXCEEDED
  | typeof ErrorCode.AWS_THROTTLED
  | typeof ErrorCode.AWS_UNAVAILABLE
  | typeof ErrorCode.AWS_CREDENTIALS
  | typeof ErrorCode.AWS_ERROR;

export interface AwsErrorDetails {
  /** AWS's error code (`InvalidInstanceID.NotFound`), or a transport code (`ECONNREFUSED`, `HTTP502`). */
  awsCode: string;
  requestId?: string;
  httpStatus?: number;
  scope?: Scope;
  /** `ec2:DescribeInstances`, for logs. */
  operation?: string;
  /** Set on AWS_THROTTLED from the gateway's own budget: when a retry would find room. */
  retryAfterMs?: number;
}

export class AwsError extends Error {
  readonly awsCode: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly scope?: Scope;
  readonly operation?: string;
  readonly retryAfterMs?: number;

  constructor(
    readonly code: AwsErrorCode,
    message: string,
    details: AwsErrorDetails,
  ) {
    super(message);
    this.name = 'AwsError';
    this.awsCode = details.awsCode;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
    this.scope = details.scope;
    this.operation = details.operation;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** What a client may see (GraphQL `extensions`): codes and ids, never request parameters. */
  toExtensions(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, awsCode: this.awsCode, requestId: this.requestId, httpStatus: this.httpStatus };
    if (this.scope) Object.assign(out, { accountId: this.scope.accountId, region: this.scope.region });
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    return out;
  }
}

export const isAwsError = (err: unknown, code?: AwsErrorCode): err is AwsError => err instanceof AwsError && (code === undefined || err.code === code);
