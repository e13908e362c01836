/** The stable `extensions.code` values clients can switch on. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  CONFLICT: 'CONFLICT',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /** Too many operations from one principal; `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** AWS (or the gateway's own budget for AWS) said slow down; `extensions.retryAfterMs` when known. */
  AWS_THROTTLED: 'AWS_THROTTLED',
  /** AWS unreachable, 5xx, or an answer that is not AWS's (an HTML 502 from a proxy). */
  AWS_UNAVAILABLE: 'AWS_UNAVAILABLE',
  /** Missing, invalid or expired AWS credentials on the gateway's side. */
  AWS_CREDENTIALS: 'AWS_CREDENTIALS',
  AWS_ERROR: 'AWS_ERROR',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
