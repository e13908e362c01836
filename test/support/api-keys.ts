import { generateApiKey, hashApiKey } from '../../src/auth';

/** Test keys, one per role, and the env that makes the gateway accept them (stored hashed). */
export const TEST_KEYS = {
  viewer: generateApiKey(),
  operator: generateApiKey(),
  admin: generateApiKey(),
} as const;

export function apiKeyEnv(): Record<string, string> {
  return {
    FLEETGRAPH_AUTH_MODE: 'apikey',
    FLEETGRAPH_API_KEYS: JSON.stringify(
      (Object.keys(TEST_KEYS) as (keyof typeof TEST_KEYS)[]).map((role) => ({ name: `test-${role}`, roles: [role], hash: hashApiKey(TEST_KEYS[role]) })),
    ),
  };
}
