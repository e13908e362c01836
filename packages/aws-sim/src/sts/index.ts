/**
 * The simulated STS (Query protocol, Version 2011-06-15): AssumeRole into the organisation's
 * accounts, checked against each role's trust policy, and GetCallerIdentity. The credentials
 * AssumeRole returns select the role's account in every later EC2, SSM and STS call.
 */
import { ActionTable, tableService } from '../core/actions';
import { Caller, SimError, SimService } from '../core/contract';
import { stableAlnum } from '../core/rng';
import { xmlChildren } from '../core/xml';
import { SessionStore, roleId, sessionCaller } from '../identity/sessions';
import type { Organization } from '../org/organization';
import { ROLE_ARN_RE, findRole, trusts } from '../org/roles';

export interface StsDeps {
  org: Organization;
  sessions: SessionStore;
  /** Accounts an operator has closed to AssumeRole (POST /_sim/config {"denyAssumeRole": […]}). */
  deniedAccounts(): ReadonlySet<string>;
}

type Params = Record<string, string>;
type Handler = (params: Params, caller: Caller) => string;

/** STS's constraint failures (awsQuery: `ValidationError`, 400). */
function validation(value: string | null, member: string, constraint: string): SimError {
  const v = value === null ? 'null' : `'${value}'`;
  return new SimError('ValidationError', `1 validation error detected: Value ${v} at '${member}' failed to satisfy constraint: ${constraint}`);
}

function stringParam(params: Params, name: string, member: string, min: number, max: number, pattern: RegExp, patternText: string, required: boolean): string | undefined {
  const v = params[name];
  if (v === undefined) {
    if (required) throw validation(null, member, 'Member must not be null');
    return undefined;
  }
  if (v.length < min) throw validation(v, member, `Member must have length greater than or equal to ${min}`);
  if (v.length > max) throw validation(v, member, `Member must have length less than or equal to ${max}`);
  if (!pattern.test(v)) throw validation(v, member, `Member must satisfy regular expression pattern: ${patternText}`);
  return v;
}

function durationSeconds(params: Params): number {
  const raw = params['DurationSeconds'];
  if (raw === undefined) return 3600;
  const n = Number(raw);
  if (!/^\d+$/.test(raw)) throw new SimError('ValidationError', `Value (${raw}) for parameter durationSeconds is invalid. Expected an integer.`);
  if (n < 900) throw validation(raw, 'durationSeconds', 'Member must have value greater than or equal to 900');
  if (n > 43200) throw validation(raw, 'durationSeconds', 'Member must have value less than or equal to 43200');
  return n;
}

/** IAM's unique id of a user (`AIDA…`), stable per account and user. */
function userId(caller: Caller): string {
  return `AIDA${stableAlnum(`user:${caller.arn}`, 17)}`;
}

export function createStsService(deps: StsDeps): SimService<Params, string> {
  const assumeRole: Handler = (params, caller) => {
    const roleArn = stringParam(params, 'RoleArn', 'roleArn', 20, 2048, /^[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD]+$/, '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+', true)!;
    const sessionName = stringParam(params, 'RoleSessionName', 'roleSessionName', 2, 64, /^[\w+=,.@-]*$/, '[\\w+=,.@-]*', true)!;
    const externalId = stringParam(params, 'ExternalId', 'externalId', 2, 1224, /^[\w+=,.@:/-]*$/, '[\\w+=,.@:\\/-]*', false);
    const duration = durationSeconds(params);
    const m = ROLE_ARN_RE.exec(roleArn);
    if (!m) throw new SimError('ValidationError', 'Request ARN is invalid');
    const [, accountId, roleName] = m;
    const role = findRole(deps.org, accountId, roleName);
    // AWS says the same for a missing role, an untrusted caller and a wrong or missing ExternalId.
    if (!role || deps.deniedAccounts().has(accountId) || !trusts(deps.org, role, caller.accountId, externalId)) {
      throw new SimError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    if (duration > role.maxSessionSeconds) {
      throw new SimError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    }
    const s = deps.sessions.issue({ accountId, roleName, sessionName, canWrite: role.canWrite }, duration);
    return xmlChildren({
      Credentials: {
        AccessKeyId: s.accessKeyId,
        SecretAccessKey: s.secretAccessKey,
        SessionToken: s.sessionToken,
        Expiration: new Date(s.expiresAt).toISOString().replace('.000Z', 'Z'),
      },
      AssumedRoleUser: {
        AssumedRoleId: `${roleId(accountId, roleName)}:${sessionName}`,
        Arn: sessionCaller(s).arn,
      },
    });
  };

  const getCallerIdentity: Handler = (_params, caller) => {
    const assumed = /^arn:aws:sts::\d{12}:assumed-role\/([^/]+)\/(.+)$/.exec(caller.arn);
    return xmlChildren({
      UserId: assumed ? `${roleId(caller.accountId, assumed[1])}:${assumed[2]}` : userId(caller),
      Account: caller.accountId,
      Arn: caller.arn,
    });
  };

  // Neither changes the world: a read-only principal may call both. Sessions outlive a reset
  // (see identity/sessions.ts), and STS keeps no other state.
  const actions: ActionTable<Handler> = {
    AssumeRole: { run: assumeRole, mutating: false },
    GetCallerIdentity: { run: getCallerIdentity, mutating: false },
  };

  return tableService<Params, string>('sts', actions, (action) => new SimError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`));
}
