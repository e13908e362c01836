import { SIM_ROLES } from '@fleetgraph/aws-sim';
import {
  ACCOUNT_ID_RE,
  EXTERNAL_ID_RE,
  ROLE_ARN_RE,
  ROLE_NAME_RE,
  type AccountSpec,
  type AccountsSetting,
  type RegionsSetting,
  type ScopeSettings,
} from '../aws/accounts/settings';
import type { ReadFile } from './auth';
import { isRegionName, type Backend } from './aws';
import type { EnvReader } from './env';

/**
 * The accounts and regions the gateway serves (its scopes: account × region). Unset, the gateway
 * serves its own account in AWS_REGION on AWS, and the simulator's whole organisation (every
 * ACTIVE account through the FleetGraphOperator role, every enabled region) on the simulator, so
 * `npm start` shows several accounts and regions at once.
 */
export type ScopesConfig = ScopeSettings;

const ACCOUNT_KEYS = ['accountId', 'roleArn', 'externalId', 'name'];

export function readScopesConfig(r: EnvReader, { backend, readFile }: { backend: Backend; readFile: ReadFile }): ScopesConfig {
  const regions = readRegions(r, backend);
  const accounts = readAccounts(r, backend, readFile);
  return { accounts, regions };
}

function readRegions(r: EnvReader, backend: Backend): RegionsSetting {
  const list = r.list('FLEETGRAPH_REGIONS');
  if (!list.length) return backend === 'simulator' ? { mode: 'discover', fallback: [] } : { mode: 'home' };
  const discover = list[0] === '*';
  const named = discover ? list.slice(1) : list;
  for (const region of named) {
    if (region === '*') r.problem('FLEETGRAPH_REGIONS may start with "*" (every enabled region), followed by the regions to use when that cannot be listed');
    else if (!isRegionName(region)) r.problem(`FLEETGRAPH_REGIONS contains ${JSON.stringify(region)}, which is not a region name`);
  }
  const regions = [...new Set(named.filter(isRegionName))];
  return discover ? { mode: 'discover', fallback: regions } : { mode: 'list', regions };
}

function readAccounts(r: EnvReader, backend: Backend, readFile: ReadFile): AccountsSetting {
  const listed = r.str('FLEETGRAPH_ACCOUNTS');
  const roleName = r.str('FLEETGRAPH_ORGANIZATION_ROLE_NAME');
  const externalId = r.str('FLEETGRAPH_ORGANIZATION_EXTERNAL_ID');
  const exclude = r.list('FLEETGRAPH_ACCOUNTS_EXCLUDE');
  if (externalId !== undefined && !EXTERNAL_ID_RE.test(externalId)) {
    // Never echoed: an ExternalId is not a password, but it is not for logs either.
    r.problem('FLEETGRAPH_ORGANIZATION_EXTERNAL_ID must be 2-1224 characters of letters, digits and +=,.@:/-');
  }
  for (const id of exclude) if (!ACCOUNT_ID_RE.test(id)) r.problem(`FLEETGRAPH_ACCOUNTS_EXCLUDE contains ${JSON.stringify(id)}, which is not a 12-digit account id`);
  if (roleName !== undefined && !ROLE_NAME_RE.test(roleName)) r.problem(`FLEETGRAPH_ORGANIZATION_ROLE_NAME=${JSON.stringify(roleName)} is not an IAM role name`);

  if (listed !== undefined && roleName !== undefined) {
    r.problem('set FLEETGRAPH_ACCOUNTS or FLEETGRAPH_ORGANIZATION_ROLE_NAME, not both');
    return { mode: 'self' };
  }
  if (roleName === undefined && (externalId !== undefined || exclude.length)) {
    r.problem('FLEETGRAPH_ORGANIZATION_EXTERNAL_ID and FLEETGRAPH_ACCOUNTS_EXCLUDE apply to FLEETGRAPH_ORGANIZATION_ROLE_NAME, which is not set');
  }
  if (roleName !== undefined) {
    return { mode: 'organization', roleName, exclude: [...new Set(exclude)], ...(externalId !== undefined ? { externalId } : {}) };
  }
  if (listed !== undefined) return { mode: 'list', accounts: readAccountList(r, listed, readFile) };
  if (backend === 'simulator') {
    // The simulator's organisation, through the least-privilege operator role its accounts hold.
    return { mode: 'organization', roleName: SIM_ROLES.operator.name, externalId: SIM_ROLES.operator.externalId, exclude: [] };
  }
  return { mode: 'self' };
}

/** FLEETGRAPH_ACCOUNTS: inline JSON, or `@path` to a JSON file. */
function readAccountList(r: EnvReader, value: string, readFile: ReadFile): AccountSpec[] {
  let source = 'FLEETGRAPH_ACCOUNTS';
  let text = value;
  if (value.startsWith('@')) {
    source = `FLEETGRAPH_ACCOUNTS (${value.slice(1)})`;
    try {
      text = readFile(value.slice(1));
    } catch (err) {
      r.problem(`${source} cannot be read: ${(err as Error).message}`);
      return [];
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    r.problem(`${source} is not valid JSON (expected an array of {"accountId", "roleArn", "externalId"?, "name"?}, or @file)`);
    return [];
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    r.problem(`${source} must be a non-empty JSON array of {"accountId", "roleArn", "externalId"?, "name"?}`);
    return [];
  }
  const seen = new Set<string>();
  const accounts: AccountSpec[] = [];
  parsed.forEach((item: unknown, i) => {
    const spec = readAccountSpec(r, item, `${source}[${i}]`);
    if (!spec) return;
    if (seen.has(spec.accountId)) r.problem(`${source}[${i}].accountId ${spec.accountId} is listed twice`);
    else accounts.push(spec);
    seen.add(spec.accountId);
  });
  return accounts;
}

function readAccountSpec(r: EnvReader, item: unknown, where: string): AccountSpec | undefined {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    r.problem(`${where} must be an object {"accountId", "roleArn", "externalId"?, "name"?}`);
    return undefined;
  }
  const entry = item as Record<string, unknown>;
  let ok = true;
  const fail = (line: string) => {
    r.problem(`${where}${line}`);
    ok = false;
  };
  for (const key of Object.keys(entry)) if (!ACCOUNT_KEYS.includes(key)) fail(` has an unknown key ${JSON.stringify(key)} (known: ${ACCOUNT_KEYS.join(', ')})`);
  const { accountId, roleArn, externalId, name } = entry;
  if (typeof accountId !== 'string' || !ACCOUNT_ID_RE.test(accountId)) fail('.accountId must be a 12-digit account id (a string)');
  if (roleArn !== undefined) {
    const arn = typeof roleArn === 'string' ? ROLE_ARN_RE.exec(roleArn) : null;
    if (!arn) fail('.roleArn must be an IAM role ARN like arn:aws:iam::123456789012:role/FleetGraphReadOnly');
    else if (typeof accountId === 'string' && ACCOUNT_ID_RE.test(accountId) && arn[2] !== accountId) fail(`.roleArn is a role of account ${arn[2]}, not of ${accountId}`);
  }
  if (externalId !== undefined && (typeof externalId !== 'string' || !EXTERNAL_ID_RE.test(externalId))) fail('.externalId must be 2-1224 characters of letters, digits and +=,.@:/-');
  if (externalId !== undefined && roleArn === undefined) fail('.externalId needs a roleArn (it is a condition of the role\'s trust policy)');
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 64)) fail('.name must be a string of 1-64 characters');
  if (!ok) return undefined;
  return {
    accountId: accountId as string,
    ...(roleArn !== undefined ? { roleArn: roleArn as string } : {}),
    ...(externalId !== undefined ? { externalId: externalId as string } : {}),
    ...(name !== undefined ? { name: name as string } : {}),
  };
}
