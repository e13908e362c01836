/**
 * Which service a request on the one port is for, told apart as AWS's endpoints would never need
 * to: the X-Amz-Target prefix (SSM, Organizations), else the SigV4 credential scope's service
 * (`…/ec2/aws4_request`, `…/sts/…`), else — unsigned, as curl sends it — the Query `Version`.
 */
import type { CredentialScope } from '../identity/credentials';
import { ORGANIZATIONS_DIALECT, SSM_DIALECT } from './json-protocol';

export type Route =
  | { protocol: 'query'; service: 'ec2' | 'sts' }
  | { protocol: 'json'; service: 'ssm' | 'organizations'; target: string }
  | { protocol: 'json'; service: 'unknown'; target: string };

const STS_VERSION = '2011-06-15';

export function route(target: string | string[] | undefined, auth: CredentialScope, params: Record<string, string>): Route {
  if (typeof target === 'string' && target !== '') {
    if (target.startsWith(SSM_DIALECT.targetPrefix)) return { protocol: 'json', service: 'ssm', target };
    if (target.startsWith(ORGANIZATIONS_DIALECT.targetPrefix)) return { protocol: 'json', service: 'organizations', target };
    return { protocol: 'json', service: 'unknown', target };
  }
  const sts = auth.service ? auth.service === 'sts' : params['Version'] === STS_VERSION;
  return { protocol: 'query', service: sts ? 'sts' : 'ec2' };
}
