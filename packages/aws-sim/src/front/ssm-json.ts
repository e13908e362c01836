/**
 * SSM's awsJson1_1 protocol: `X-Amz-Target: AmazonSSM.<Op>` and a JSON body in, JSON out
 * (errors as `{"__type", "message"}` with `x-amzn-requestid`).
 */
import http from 'node:http';
import { SimError } from '../core/contract';
import type { CredentialProblem, Resolved } from '../identity/credentials';
import type { SsmService } from '../ssm';
import { DispatchDeps, ServiceErrors, dispatch, sendProxyAnswer } from './dispatch';
import { send } from './http';

export const SSM_TARGET_PREFIX = 'AmazonSSM.';
const JSON_11 = 'application/x-amz-json-1.1';

/** The awsJson1_1 answers to refused credentials (SSM and Organizations alike). */
export function jsonCredentialsError(problem: CredentialProblem): SimError {
  return problem === 'expired'
    ? new SimError('ExpiredTokenException', 'The security token included in the request is expired')
    : new SimError('UnrecognizedClientException', 'The security token included in the request is invalid.');
}

export const SSM_ERRORS: ServiceErrors = {
  credentials: jsonCredentialsError,
  unknownAction: (op) => new SimError('UnknownOperationException', `Unknown operation ${op}`),
  throttled: () => new SimError('ThrottlingException', 'Rate exceeded', 400),
  fault: () => new SimError('InternalServerError', 'An internal server error occurred (injected fault).', 500),
  internal: () => new SimError('InternalServerError', 'An internal server error occurred.', 500),
};

export function sendJson11(res: http.ServerResponse, status: number, payload: unknown, requestId: string): void {
  send(res, status, JSON_11, JSON.stringify(payload ?? {}), requestId);
}

function parseBody(raw: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = raw.trim() === '' ? {} : JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Answers one SSM call; returns the log summary. */
export async function serveSsm(
  res: http.ServerResponse,
  deps: DispatchDeps & { ssm: SsmService },
  target: string,
  rawBody: string,
  who: Resolved,
  scope: string,
  requestId: string,
): Promise<string> {
  const op = target.slice(SSM_TARGET_PREFIX.length);
  const body = parseBody(rawBody);
  const refuse = !op
    ? new SimError('UnknownOperationException', 'Missing operation in X-Amz-Target.')
    : !body
      ? new SimError('SerializationException', 'The request body is not a valid JSON object.')
      : undefined;
  const out = await dispatch(deps, deps.ssm, SSM_ERRORS, { action: op, request: body ?? {}, who, scope, refuse });
  if ('proxy' in out) return `ssm:${op} ${sendProxyAnswer(res, out.proxy)}`;
  if (out.ok) {
    sendJson11(res, 200, out.result, requestId);
    return `ssm:${op} 200`;
  }
  sendJson11(res, out.error.status, { __type: out.error.code, message: out.error.message }, requestId);
  return `ssm:${op || '(none)'} ${out.error.status} ${out.error.code}`;
}
