import { isWellFormedKeyHash, type ApiKeyEntry } from '../auth/api-keys';
import { isRole, ROLES, type Role } from '../auth/roles';
import type { Backend } from './aws';
import type { EnvReader } from './env';
import { readJwtConfig, type JwtConfig } from './jwt';

export type AuthMethod = 'apikey' | 'jwt';

export interface AuthConfig {
  /** Empty = mode `none`: every caller is the anonymous principal with all roles. */
  methods: AuthMethod[];
  apiKeys: ApiKeyEntry[];
  jwt: JwtConfig | null;
}

export const NO_AUTH_REFUSAL =
  'refusing to serve real AWS without authentication: set FLEETGRAPH_AUTH_MODE or FLEETGRAPH_ALLOW_NO_AUTH=true';

const NO_KEYS =
  'FLEETGRAPH_AUTH_MODE includes apikey but no keys are configured: set FLEETGRAPH_API_KEYS or FLEETGRAPH_API_KEYS_FILE (npm run apikey:create)';

const MODES: Record<string, AuthMethod[]> = {
  none: [],
  apikey: ['apikey'],
  jwt: ['jwt'],
  'apikey,jwt': ['apikey', 'jwt'],
  'jwt,apikey': ['apikey', 'jwt'],
};

export type ReadFile = (path: string) => string;

export function readAuthConfig(r: EnvReader, { backend, readFile }: { backend: Backend; readFile: ReadFile }): AuthConfig {
  const methods = readMethods(r, backend);
  const apiKeys = readApiKeys(r, readFile, methods.includes('apikey'));
  const jwt = methods.includes('jwt') ? readJwtConfig(r) : null;
  return { methods, apiKeys, jwt };
}

function readMethods(r: EnvReader, backend: Backend): AuthMethod[] {
  const allowNoAuth = r.bool('FLEETGRAPH_ALLOW_NO_AUTH', false);
  const raw = r.str('FLEETGRAPH_AUTH_MODE');
  const mode = (raw ?? '').replace(/\s+/g, '').toLowerCase();
  const methods = MODES[mode];
  if (mode !== '' && !methods) {
    r.problem(`FLEETGRAPH_AUTH_MODE=${JSON.stringify(raw)} must be one of none, apikey, jwt, apikey,jwt`);
    return [];
  }
  // No silent default against real AWS: the operator has to choose.
  if ((mode === '' || methods.length === 0) && backend === 'aws' && !allowNoAuth) r.problem(NO_AUTH_REFUSAL);
  return methods ?? [];
}

function readApiKeys(r: EnvReader, readFile: ReadFile, required: boolean): ApiKeyEntry[] {
  const inline = r.str('FLEETGRAPH_API_KEYS');
  const file = r.str('FLEETGRAPH_API_KEYS_FILE');
  if (inline !== undefined && file !== undefined) {
    r.problem('set FLEETGRAPH_API_KEYS or FLEETGRAPH_API_KEYS_FILE, not both');
    return [];
  }
  if (inline === undefined && file === undefined) {
    if (required) r.problem(NO_KEYS);
    return [];
  }
  if (inline !== undefined) return parseApiKeys(inline, 'FLEETGRAPH_API_KEYS', r, required);
  const source = `FLEETGRAPH_API_KEYS_FILE (${file})`;
  let text: string;
  try {
    text = readFile(file as string);
  } catch (err) {
    r.problem(`${source} cannot be read: ${(err as Error).message}`);
    return [];
  }
  return parseApiKeys(text, source, r, required);
}

/** The JSON array of {name, roles, hash} entries; each problem names the entry by index. */
function parseApiKeys(text: string, source: string, r: EnvReader, required: boolean): ApiKeyEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message may quote the text; keep it out in case a raw key was pasted there.
    r.problem(`${source} is not valid JSON (expected an array of {"name", "roles", "hash"})`);
    return [];
  }
  if (!Array.isArray(parsed)) {
    r.problem(`${source} must be a JSON array of {"name", "roles", "hash"}`);
    return [];
  }
  const entries: ApiKeyEntry[] = [];
  const names = new Set<string>();
  let bad = 0;
  parsed.forEach((item: unknown, i) => {
    const entry = parseApiKeyEntry(item, `${source}[${i}]`, names, r);
    if (entry) entries.push(entry);
    else bad++;
  });
  if (required && entries.length === 0 && bad === 0) {
    r.problem(NO_KEYS);
  }
  return entries;
}

function parseApiKeyEntry(item: unknown, where: string, names: Set<string>, r: EnvReader): ApiKeyEntry | undefined {
  if (typeof item !== 'object' || item === null) {
    r.problem(`${where} must be an object {"name", "roles", "hash"}`);
    return undefined;
  }
  const { name, roles, hash } = item as Record<string, unknown>;
  let ok = true;
  if (typeof name !== 'string' || !/^[A-Za-z0-9._@-]{1,64}$/.test(name)) {
    r.problem(`${where}.name must be 1-64 characters of letters, digits, . _ @ -`);
    ok = false;
  } else if (names.has(name)) {
    r.problem(`${where}.name ${JSON.stringify(name)} is used twice`);
    ok = false;
  }
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    r.problem(`${where}.roles must be a non-empty array of ${ROLES.join(', ')}`);
    ok = false;
  }
  if (typeof hash !== 'string' || !isWellFormedKeyHash(hash)) {
    // Never echo the value: someone may have put the key itself here.
    r.problem(`${where}.hash must be "sha256:" followed by 64 lowercase hex digits (the key itself does not belong here)`);
    ok = false;
  }
  if (!ok) return undefined;
  names.add(name as string);
  return { name: name as string, roles: [...new Set(roles as Role[])], hash: hash as string };
}
