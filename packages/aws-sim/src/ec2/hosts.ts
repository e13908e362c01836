/** DescribeHosts, DescribeMacHosts, ReleaseHosts: the Dedicated Hosts Mac instances run on. */
import { SimError } from '../core/contract';
import { XmlObject, tagSet, xmlChildren } from '../core/xml';
import { ActionEnv, authorizeMutation } from './env';
import { compileFilters } from './filters';
import { SimHost, hostState, releasableAfter } from './host-model';
import { ID_PATTERNS, SimInstance, macInstanceType } from './model';
import { paginate } from './paging';
import { filters, list, maxResults } from './query';

/** Instances "currently running on the Dedicated Host": not stopped, not terminated. */
function occupants(env: ActionEnv, h: SimHost): SimInstance[] {
  return (env.world.instancesByHost.get(h.hostId) ?? []).filter((i) => i.state !== 'stopped' && i.state !== 'terminated');
}

/** Validates ids (Malformed before NotFound, like AWS) and returns the hosts. */
function lookupHosts(env: ActionEnv, ids: string[]): SimHost[] {
  const bad = ids.find((h) => !ID_PATTERNS.host.test(h));
  if (bad !== undefined) throw new SimError('InvalidHostID.Malformed', `Invalid id: "${bad}"`);
  const missing = ids.filter((h) => !env.world.hostById.has(h));
  if (missing.length) throw new SimError('InvalidHostID.NotFound', `The host ID '${missing.join(', ')}' does not exist`);
  return [...new Set(ids)].map((h) => env.world.hostById.get(h)!);
}

function hostXml(env: ActionEnv, h: SimHost, now: number): XmlObject {
  const state = hostState(h, now);
  const on = occupants(env, h);
  // One Mac per host; a scrubbing or released host takes none.
  const free = state === 'available' && on.length === 0 ? 1 : 0;
  const type = macInstanceType(h.instanceType);
  return {
    autoPlacement: 'off',
    availabilityZone: h.availabilityZone,
    availableCapacity: {
      availableInstanceCapacity: [{ availableCapacity: free, instanceType: h.instanceType, totalCapacity: 1 }],
      availableVCpus: free * (type?.vcpus ?? 0),
    },
    hostId: h.hostId,
    hostProperties: { cores: type?.cores, instanceType: h.instanceType, sockets: 1, totalVCpus: type?.vcpus },
    instances: on.map((i) => ({ instanceId: i.instanceId, instanceType: i.instanceType, ownerId: env.ctx.accountId })),
    state,
    allocationTime: new Date(h.allocationTime),
    releaseTime: h.releaseTime !== undefined ? new Date(h.releaseTime) : undefined,
    tagSet: tagSet(h.tags),
    hostRecovery: 'off',
    allowsMultipleInstanceTypes: 'off',
    ownerId: env.ctx.accountId,
    memberOfServiceLinkedResourceGroup: false,
    hostMaintenance: 'off',
  };
}

export function describeHosts(env: ActionEnv): string {
  const { params, world, ctx } = env;
  const ids = list(params, 'HostId');
  const fs = filters(params);
  const max = maxResults(params, 5, 500);
  if (ids && max !== undefined) {
    throw new SimError('InvalidParameterCombination', 'The parameter hostSet cannot be used with the parameter maxResults');
  }
  const now = ctx.clock.now();
  // DescribeHosts documents no host-id filter: hosts are asked for by HostId.N.
  const pred = compileFilters<SimHost>(fs, {
    'auto-placement': () => 'off',
    'availability-zone': (h) => h.availabilityZone,
    'instance-type': (h) => h.instanceType,
    state: (h) => hostState(h, now),
    'client-token': () => undefined,
    'host-reservation-id': () => undefined,
  });
  const base = ids ? lookupHosts(env, ids) : world.hosts;
  const [page, next] = paginate('DescribeHosts', fs.length ? base.filter(pred) : base, params, max);
  return xmlChildren({ hostSet: page.map((h) => hostXml(env, h, now)), nextToken: next });
}

/** DescribeMacHosts: the latest macOS versions each Mac host supports. */
export function describeMacHosts(env: ActionEnv): string {
  const { params, world } = env;
  const ids = list(params, 'HostId');
  const fs = filters(params);
  const max = maxResults(params, 5, 500);
  const pred = compileFilters<SimHost>(fs, {
    'availability-zone': (h) => h.availabilityZone,
    'instance-type': (h) => h.instanceType,
  });
  const base = ids ? lookupHosts(env, ids) : world.hosts;
  const [page, next] = paginate('DescribeMacHosts', fs.length ? base.filter(pred) : base, params, max);
  return xmlChildren({
    macHostSet: page.map((h) => ({ hostId: h.hostId, macOSLatestSupportedVersionSet: [...(macInstanceType(h.instanceType)?.macOsLatestSupported ?? [])] })),
    nextToken: next,
  });
}

interface Unsuccessful {
  error: { code: string; message: string };
  resourceId: string;
}

/**
 * ReleaseHosts answers HTTP 200 whatever happens to each host: refused ones are `unsuccessful`
 * items (AWS's codes and messages, quoted from real answers), released ones stay listed.
 */
export function releaseHosts(env: ActionEnv): string {
  const { params, world, ctx } = env;
  const ids = list(params, 'HostId');
  if (!ids) throw new SimError('MissingParameter', 'The request must contain the parameter HostId');
  authorizeMutation(env, false); // ReleaseHosts has no DryRun
  const now = ctx.clock.now();
  const successful: string[] = [];
  const unsuccessful: Unsuccessful[] = [];
  const refuse = (resourceId: string, code: string, message: string) => unsuccessful.push({ error: { code, message }, resourceId });
  for (const id of new Set(ids)) {
    const h = world.hostById.get(id);
    if (!ID_PATTERNS.host.test(id)) refuse(id, 'Client.InvalidHostID.Malformed', `Invalid id: "${id}"`);
    else if (!h) refuse(id, 'Client.InvalidHostID.NotFound', `The host ID '${id}' does not exist`);
    else if (hostState(h, now) === 'released') refuse(id, 'Client.InvalidHostState', `Dedicated host '${id}' has already been released.`);
    else if (occupants(env, h).length || hostState(h, now) === 'pending') refuse(id, 'Client.InvalidHost.Occupied', `Dedicated host '${id}' cannot be released as it is occupied.`);
    else if (now < releasableAfter(h)) {
      refuse(
        id,
        'Client.HostMinAllocationPeriodUnexpired',
        `Unable to release Dedicated Host ${id}. ${h.instanceType} hosts must be allocated to your AWS account for at least 24 hour(s). ` +
          `You can release this host any time after ${new Date(releasableAfter(h)).toISOString()}.`,
      );
    } else {
      h.releaseTime = now;
      successful.push(id);
    }
  }
  return xmlChildren({ successful, unsuccessful: unsuccessful.map((u) => ({ ...u })) });
}
