import { parseArgs } from 'node:util';
import { createApiKeyEntry } from '../src/auth/api-keys';
import { isRole, ROLES, type Role } from '../src/auth/roles';

/**
 * `npm run apikey:create -- --name ci-bot --roles operator`
 *
 * Prints a new API key once, and the {name, roles, hash} entry to add to FLEETGRAPH_API_KEYS or
 * the FLEETGRAPH_API_KEYS_FILE. Only the hash goes into configuration; the key goes to its owner.
 */
function main(): number {
  let values: { name?: string; roles?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { name: { type: 'string' }, roles: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage()}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage());
    return 0;
  }
  const problems: string[] = [];
  const name = values.name ?? '';
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name)) problems.push('--name is required: 1-64 characters of letters, digits, . _ @ -');
  const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  if (!roles.length) problems.push(`--roles is required: a comma list of ${ROLES.join(', ')}`);
  for (const r of roles) if (!isRole(r)) problems.push(`--roles: ${JSON.stringify(r)} is not one of ${ROLES.join(', ')}`);
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n${usage()}`);
    return 2;
  }

  const { key, entry } = createApiKeyEntry(name, [...new Set(roles as Role[])]);
  process.stdout.write(
    [
      `New API key for "${name}" (roles: ${entry.roles.join(', ')}). It is shown only this once: store it in a secret manager now.`,
      '',
      `  ${key}`,
      '',
      'Add this entry to the JSON array in FLEETGRAPH_API_KEYS or in the FLEETGRAPH_API_KEYS_FILE file:',
      '',
      `  ${JSON.stringify(entry)}`,
      '',
      'Clients send it as the x-api-key header (or authorization: ApiKey <key>; connectionParams { "x-api-key": … } on WebSocket).',
      '',
    ].join('\n'),
  );
  return 0;
}

function usage(): string {
  return `usage: npm run apikey:create -- --name <name> --roles <${ROLES.join('|')}>[,…]\n`;
}

process.exitCode = main();
