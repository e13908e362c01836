/**
 * GET /_sim/world: one scope's ids grouped as tests and demos look for them (by default the first
 * scope — the management account in the first region, the world the demo ids live in), and the
 * organisation around it: accounts, regions, roles, every scope's size, sessions.
 */
import type { SessionStore } from '../identity/sessions';
import { Organization } from '../org/organization';
import { roleSummary } from '../org/roles';
import type { Scope, Scopes } from './scopes';

function scopeSummary(scope: Scope) {
  const ssm = scope.ssm.worldSummary();
  return { ...scope.ec2.worldSummary(), demo: { ...scope.ec2.demoIds(), ...ssm.demo }, ssm };
}

export function worldJson(org: Organization, scopes: Scopes, sessions: SessionStore, scope: Scope = scopes.primary) {
  return {
    ...scopeSummary(scope),
    organization: { id: org.id, arn: org.arn, managementAccountId: org.managementAccountId },
    accounts: org.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      email: a.email,
      state: a.state,
      management: a.management,
      regions: a.state === 'ACTIVE' ? org.enabledRegions : [],
    })),
    regions: { enabled: org.enabledRegions, all: org.allRegions },
    roles: roleSummary(org),
    scopes: scopes.all().map((s) => {
      const c = s.ec2.worldSummary().counts;
      return { accountId: s.accountId, region: s.region, seed: s.seed, instances: c.instances, images: c.images, macModificationTasks: c.macModificationTasks };
    }),
    sessions: sessions.counts(),
  };
}
