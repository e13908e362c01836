/**
 * EC2's Query protocol: form-encoded `Action=…&Version=2016-11-15` in, XML out
 * (`<ActionResponse>` with `requestId`; errors as `<Response><Errors><Error>…`).
 */
import http from 'node:http';
import { SimError } from '../core/contract';
import type { Resolved } from '../identity/credentials';
import { escapeXml } from '../core/xml';
import type { Ec2Service } from '../ec2';
import { DispatchDeps, ServiceErrors, dispatch, sendProxyAnswer } from './dispatch';
import { send } from './http';

const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const XML = 'text/xml;charset=UTF-8';

export const EC2_ERRORS: ServiceErrors = {
  // EC2 answers expired session credentials with RequestExpired, unknown ones with AuthFailure.
  credentials: (problem) =>
    problem === 'expired'
      ? new SimError('RequestExpired', 'Request has expired.', 400)
      : new SimError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401),
  unknownAction: (action) => new SimError('InvalidAction', `The action ${action} is not valid for this web service.`),
  throttled: () => new SimError('RequestLimitExceeded', 'Request limit exceeded.', 503),
  fault: () => new SimError('InternalError', 'An internal error has occurred', 500),
  internal: () => new SimError('InternalError', 'An internal error has occurred', 500),
};

export function ec2ErrorXml(err: SimError, requestId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Response><Errors><Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error></Errors>` +
    `<RequestID>${requestId}</RequestID></Response>`
  );
}

/** Answers one EC2 call; returns the log summary. */
export async function serveEc2(
  res: http.ServerResponse,
  deps: DispatchDeps & { ec2: Ec2Service },
  params: Record<string, string>,
  who: Resolved,
  scope: string,
  requestId: string,
): Promise<string> {
  const action = params['Action'] ?? '';
  const request: Record<string, string> = { ...params };
  delete request['Action'];
  delete request['Version'];
  const refuse = !action ? new SimError('MissingAction', 'The request must contain the parameter Action') : undefined;
  const out = await dispatch(deps, deps.ec2, EC2_ERRORS, { action, request, who, scope, refuse });
  if ('proxy' in out) return `ec2:${action} ${sendProxyAnswer(res, out.proxy)}`;
  if (out.ok) {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_XMLNS}"><requestId>${requestId}</requestId>${out.result}</${action}Response>`;
    send(res, 200, XML, body, requestId);
    return `ec2:${action} 200`;
  }
  send(res, out.error.status, XML, ec2ErrorXml(out.error, requestId), requestId);
  return `ec2:${action || '(none)'} ${out.error.status} ${out.error.code}`;
}
