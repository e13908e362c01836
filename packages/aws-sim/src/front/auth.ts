import { Caller, SIM_ACCESS_KEYS } from '../core/contract';

/**
 * The caller from a SigV4 `Authorization: AWS4-HMAC-SHA256 Credential=<AccessKeyId>/<date>/…` header.
 * Signatures are not verified. No header at all = the admin key, so curl works.
 */
export function callerFromAuthorization(header: string | undefined): Caller {
  if (!header) return { accessKeyId: SIM_ACCESS_KEYS.admin, canWrite: true, known: true };
  const m = /Credential=([^/,\s]+)/.exec(header);
  const accessKeyId = m ? m[1] : '';
  if (accessKeyId === SIM_ACCESS_KEYS.admin) return { accessKeyId, canWrite: true, known: true };
  if (accessKeyId === SIM_ACCESS_KEYS.readOnly) return { accessKeyId, canWrite: false, known: true };
  return { accessKeyId, canWrite: false, known: false };
}
