/**
 * The awsJson1_1 protocol (`X-Amz-Target: <Prefix>.<Op>` and a JSON body in, JSON out; errors as
 * `{"__type", "message"}` with `x-amzn-requestid`), spoken by SSM and Organizations.
 */
import http from 'node:http';
import { SimError, SimService } from '../core/contract';
import type { CredentialProblem, Resolved } from '../identity/credentials';
import { DispatchDeps, ServiceErrors, dispatch, sendProxyAnswer } from './dispatch';
import { send } from './http';

const JSON_11 = 'application/x-amz-json-1.1';

/** The awsJson1_1 answers to refused credentials (SSM and Organizations alike). */
function credentialsError(problem: CredentialProblem): SimError {
  return problem === 'expired'
    ? new SimError('ExpiredTokenException', 'The security token included in the request is expired')
    : new SimError('UnrecognizedClientException', 'The security token included in the request is invalid.');
}

const unknownOperation = (op: string) => new SimError('UnknownOperationException', `Unknown operation ${op}`);

export interface JsonDialect {
  targetPrefix: string;
  errors: ServiceErrors;
}

export const SSM_DIALECT: JsonDialect = {
  targetPrefix: 'AmazonSSM.',
  errors: {
    credentials: credentialsError,
    unknownAction: unknownOperation,
    throttled: () => new SimError('ThrottlingException', 'Rate exceeded', 400),
    fault: () => new SimError('InternalServerError', 'An internal server error occurred (injected fault).', 500),
    internal: () => new SimError('InternalServerError', 'An internal server error occurred.', 500),
  },
};

export const ORGANIZATIONS_DIALECT: JsonDialect = {
  targetPrefix: 'AWSOrganizationsV20161128.',
  errors: {
    credentials: credentialsError,
    unknownAction: unknownOperation,
    throttled: () => new SimError('TooManyRequestsException', 'You have sent too many requests in too short a period of time.', 400),
    fault: () => new SimError('ServiceException', "AWS Organizations can't complete your request because of an internal service error.", 500),
    internal: () => new SimError('ServiceException', "AWS Organizations can't complete your request because of an internal service error.", 500),
  },
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

/** Answers one JSON-protocol call; returns the log summary. */
export async function serveJson(
  res: http.ServerResponse,
  deps: DispatchDeps,
  dialect: JsonDialect,
  service: SimService<Record<string, unknown>, unknown>,
  call: { target: string; rawBody: string; who: Resolved; scope: string; requestId: string },
): Promise<string> {
  const { who, scope, requestId } = call;
  const op = call.target.slice(dialect.targetPrefix.length);
  const body = parseBody(call.rawBody);
  const refuse = !op
    ? new SimError('UnknownOperationException', 'Missing operation in X-Amz-Target.')
    : !body
      ? new SimError('SerializationException', 'The request body is not a valid JSON object.')
      : undefined;
  const out = await dispatch(deps, service, dialect.errors, { action: op, request: body ?? {}, who, scope, refuse });
  const name = `${service.name}:${op || '(none)'}`;
  if ('proxy' in out) return `${name} ${sendProxyAnswer(res, out.proxy)}`;
  if (out.ok) {
    sendJson11(res, 200, out.result, requestId);
    return `${name} 200`;
  }
  sendJson11(res, out.error.status, { __type: out.error.code, message: out.error.message }, requestId);
  return `${name} ${out.error.status} ${out.error.code}`;
}
