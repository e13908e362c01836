/**
 * The Query protocol (form-encoded `Action=…&Version=…` in, XML out) in its two dialects:
 *  - EC2 (2016-11-15): `<ActionResponse>` with `requestId`; errors `<Response><Errors><Error>…`;
 *  - STS (2011-06-15): `<ActionResponse><ActionResult>…` with `ResponseMetadata`; errors
 *    `<ErrorResponse><Error><Type>…`.
 */
import http from 'node:http';
import { SimError, SimService } from '../core/contract';
import { escapeXml } from '../core/xml';
import type { Resolved } from '../identity/credentials';
import { DispatchDeps, ServiceErrors, dispatch, sendProxyAnswer } from './dispatch';
import { send } from './http';

const XML = 'text/xml;charset=UTF-8';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export interface QueryDialect {
  errors: ServiceErrors;
  success(action: string, inner: string, requestId: string): string;
  error(err: SimError, requestId: string): string;
}

const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export const EC2_DIALECT: QueryDialect = {
  errors: {
    // EC2 answers expired session credentials with RequestExpired, unknown ones (and a region the
    // account has not enabled) with AuthFailure.
    credentials: (problem) =>
      problem === 'expired'
        ? new SimError('RequestExpired', 'Request has expired.', 400)
        : new SimError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401),
    unknownAction: (action) => new SimError('InvalidAction', `The action ${action} is not valid for this web service.`),
    throttled: () => new SimError('RequestLimitExceeded', 'Request limit exceeded.', 503),
    fault: () => new SimError('InternalError', 'An internal error has occurred', 500),
    internal: () => new SimError('InternalError', 'An internal error has occurred', 500),
  },
  success: (action, inner, requestId) => `${DECLARATION}<${action}Response xmlns="${EC2_XMLNS}"><requestId>${requestId}</requestId>${inner}</${action}Response>`,
  error: (err, requestId) =>
    `${DECLARATION}<Response><Errors><Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error></Errors>` +
    `<RequestID>${requestId}</RequestID></Response>`,
};

export const STS_DIALECT: QueryDialect = {
  errors: {
    credentials: (problem) =>
      problem === 'expired'
        ? new SimError('ExpiredToken', 'The security token included in the request is expired', 403)
        : new SimError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
    unknownAction: (action) => new SimError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`),
    throttled: () => new SimError('Throttling', 'Rate exceeded', 400),
    fault: () => new SimError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500),
    internal: () => new SimError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500),
  },
  success: (action, inner, requestId) =>
    `${DECLARATION}<${action}Response xmlns="${STS_XMLNS}"><${action}Result>${inner}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  error: (err, requestId) =>
    `${DECLARATION}<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>${err.status >= 500 ? 'Receiver' : 'Sender'}</Type>` +
    `<Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
};

/** Answers one Query-protocol call; returns the log summary. */
export async function serveQuery(
  res: http.ServerResponse,
  deps: DispatchDeps,
  dialect: QueryDialect,
  service: SimService<Record<string, string>, string>,
  call: { params: Record<string, string>; who: Resolved; scope: string; requestId: string },
): Promise<string> {
  const { params, who, scope, requestId } = call;
  const action = params['Action'] ?? '';
  const request: Record<string, string> = { ...params };
  delete request['Action'];
  delete request['Version'];
  const refuse = !action ? new SimError('MissingAction', 'The request must contain the parameter Action') : undefined;
  const out = await dispatch(deps, service, dialect.errors, { action, request, who, scope, refuse });
  const name = `${service.name}:${action || '(none)'}`;
  if ('proxy' in out) return `${name} ${sendProxyAnswer(res, out.proxy)}`;
  if (out.ok) {
    send(res, 200, XML, dialect.success(action, out.result, requestId), requestId);
    return `${name} 200`;
  }
  send(res, out.error.status, XML, dialect.error(out.error, requestId), requestId);
  return `${name} ${out.error.status} ${out.error.code}`;
}
