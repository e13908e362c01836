/**
 * The worlds of the organisation: one per scope (ACTIVE account × enabled region), each its own
 * EC2 and SSM service with its own deterministic seed. The first scope (management account, first
 * region) has SIM_INSTANCES instances and the demo ids; every other holds a small fleet.
 */
import type { ControllableClock } from '../core/clock';
import { hash32 } from '../core/rng';
import { createEc2Service, Ec2Service } from '../ec2';
import { Organization, activeAccounts } from '../org/organization';
import { createSsmService, SsmService } from '../ssm';

/** Instances in every scope but the first: every fixed instance (all Mac types, idle Macs) and a few drawn ones. */
export const SCOPE_INSTANCES = 24;

export interface Scope {
  /** `account/region` */
  key: string;
  accountId: string;
  region: string;
  seed: number;
  instances: number;
  ec2: Ec2Service;
  ssm: SsmService;
}

export function scopeKey(accountId: string, region: string): string {
  return `${accountId}/${region}`;
}

export class Scopes {
  private readonly byKey = new Map<string, Scope>();
  readonly primary: Scope;

  constructor(org: Organization, opts: { clock: ControllableClock; instances: number; seed: number }) {
    for (const account of activeAccounts(org)) {
      for (const region of org.enabledRegions) {
        const first = this.byKey.size === 0;
        // The first scope keeps the plain seed (its world and demo ids are the documented ones).
        const seed = first ? opts.seed : (opts.seed ^ hash32(scopeKey(account.id, region))) >>> 0;
        const instances = first ? opts.instances : SCOPE_INSTANCES;
        const ctx = { clock: opts.clock, options: { instances, seed }, accountId: account.id, region, regions: org.allRegions };
        const ec2 = createEc2Service(ctx);
        const ssm = createSsmService(ctx, { instances: () => ec2.sharedInstances(), approvalTargetMac: () => ec2.demoIds().approvalTargetMac });
        const key = scopeKey(account.id, region);
        this.byKey.set(key, { key, accountId: account.id, region, seed, instances, ec2, ssm });
      }
    }
    this.primary = this.byKey.values().next().value!;
  }

  get(accountId: string, region: string): Scope | undefined {
    return this.byKey.get(scopeKey(accountId, region));
  }

  all(): Scope[] {
    return [...this.byKey.values()];
  }

  reset(): void {
    for (const s of this.byKey.values()) {
      s.ec2.reset();
      s.ssm.reset();
    }
  }
}
