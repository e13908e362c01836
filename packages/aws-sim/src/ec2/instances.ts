import { SimError } from '../core/contract';
import { ActionEnv, dryRunError } from './env';
import { compileFilters, FilterFields } from './filters';
import { ID_PATTERNS, INSTANCE_STATE_CODES, SimInstance } from './model';
import { paginate } from './paging';
import { bool, filters, list, maxResults } from './query';
import { XmlObject, tagSet, xmlChildren } from '../core/xml';

const INSTANCE_FIELDS: FilterFields<SimInstance> = {
  'instance-id': (i) => i.instanceId,
  'instance-state-name': (i) => i.state,
  'instance-state-code': (i) => String(INSTANCE_STATE_CODES[i.state]),
  'instance-type': (i) => i.instanceType,
  'image-id': (i) => i.imageId,
  'availability-zone': (i) => i.availabilityZone,
  architecture: (i) => i.architecture,
  'platform-details': (i) => i.platformDetails,
  platform: (i) => (i.platformDetails === 'Windows' ? 'windows' : undefined),
  'host-id': (i) => i.hostId,
  'placement-host-id': (i) => i.hostId,
  tenancy: (i) => (i.hostId ? 'host' : 'default'),
  'private-ip-address': (i) => i.privateIpAddress,
  'ip-address': (i) => i.publicIpAddress,
  'reservation-id': (i) => i.reservationId,
  'subnet-id': (i) => i.subnetId,
  'vpc-id': (i) => i.vpcId,
  'key-name': (i) => i.keyName,
  'launch-time': (i) => new Date(i.launchTime).toISOString(),
};

/** Validates ids (Malformed before NotFound, like AWS) and returns the instances. */
export function lookupInstances(env: ActionEnv, ids: string[]): SimInstance[] {
  const malformed = ids.find((id) => !ID_PATTERNS.instance.test(id));
  if (malformed !== undefined) throw new SimError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
  const missing = ids.filter((id) => !env.world.instanceById.has(id));
  if (missing.length === 1) throw new SimError('InvalidInstanceID.NotFound', `The instance ID '${missing[0]}' does not exist`);
  if (missing.length > 1) throw new SimError('InvalidInstanceID.NotFound', `The instance IDs '${missing.join(', ')}' do not exist`);
  return ids.map((id) => env.world.instanceById.get(id)!);
}

/** EC2's host name suffixes: us-east-1 keeps the historic ones. */
function dnsSuffixes(region: string): { internal: string; external: string } {
  return region === 'us-east-1'
    ? { internal: 'ec2.internal', external: 'compute-1.amazonaws.com' }
    : { internal: `${region}.compute.internal`, external: `${region}.compute.amazonaws.com` };
}

/** EC2's `reason` for a stop a user asked for: "User initiated (2026-10-30 08:15:02 GMT)". */
function stateReason(i: SimInstance): string {
  if (i.state !== 'stopped' && i.state !== 'stopping') return '';
  const at = new Date(i.stoppedAt ?? Date.parse('2026-10-30T08:15:02Z')).toISOString();
  return `User initiated (${at.slice(0, 10)} ${at.slice(11, 19)} GMT)`;
}

function instanceXml(i: SimInstance, region: string): XmlObject {
  const mac = i.hostId !== undefined;
  const running = i.state !== 'terminated';
  const dns = dnsSuffixes(region);
  return {
    instanceId: i.instanceId,
    imageId: i.imageId,
    instanceState: { code: INSTANCE_STATE_CODES[i.state], name: i.state },
    privateDnsName: i.privateIpAddress ? `ip-${i.privateIpAddress.replace(/\./g, '-')}.${dns.internal}` : '',
    dnsName: i.publicIpAddress ? `ec2-${i.publicIpAddress.replace(/\./g, '-')}.${dns.external}` : '',
    reason: stateReason(i),
    keyName: i.keyName,
    amiLaunchIndex: 0,
    productCodes: [],
    instanceType: i.instanceType,
    launchTime: new Date(i.launchTime),
    placement: {
      availabilityZone: i.availabilityZone,
      groupName: '',
      hostId: i.hostId,
      tenancy: mac ? 'host' : 'default',
    },
    platform: i.platformDetails === 'Windows' ? 'windows' : undefined,
    monitoring: { state: 'disabled' },
    subnetId: running ? i.subnetId : undefined,
    vpcId: running ? i.vpcId : undefined,
    privateIpAddress: i.privateIpAddress,
    ipAddress: i.publicIpAddress,
    sourceDestCheck: true,
    groupSet: [{ groupId: 'sg-0f1ee7000000000a1', groupName: mac ? 'mac-fleet' : 'default' }],
    architecture: i.architecture,
    rootDeviceType: 'ebs',
    rootDeviceName: i.platformDetails === 'Windows' ? '/dev/sda1' : '/dev/xvda',
    virtualizationType: 'hvm',
    clientToken: '',
    tagSet: tagSet(i.tags),
    hypervisor: 'xen',
    ebsOptimized: mac,
    enaSupport: true,
    metadataOptions: { state: 'applied', httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' },
    platformDetails: i.platformDetails,
    usageOperation: i.platformDetails === 'Windows' ? 'RunInstances:0002' : 'RunInstances',
    currentInstanceBootMode: mac ? undefined : 'legacy-bios',
  };
}

export function describeInstances(env: ActionEnv): string {
  const { params, world } = env;
  const ids = list(params, 'InstanceId');
  const fs = filters(params);
  const max = maxResults(params, 5, 1000);
  if (ids && max !== undefined) {
    throw new SimError('InvalidParameterCombination', 'The parameter instancesSet cannot be used with the parameter maxResults');
  }
  const pred = compileFilters(fs, INSTANCE_FIELDS);
  if (bool(params, 'DryRun')) throw dryRunError();
  const base = ids ? dedupe(lookupInstances(env, ids)) : world.instances;
  const matched = fs.length ? base.filter(pred) : base;
  const [page, next] = paginate('DescribeInstances', matched, params, max);
  // Group consecutive instances of one reservation.
  const reservations: XmlObject[] = [];
  let cur: { id: string; items: XmlObject[] } | undefined;
  for (const inst of page) {
    if (!cur || cur.id !== inst.reservationId) {
      cur = { id: inst.reservationId, items: [] };
      reservations.push({ reservationId: cur.id, ownerId: env.ctx.accountId, groupSet: [], instancesSet: cur.items });
    }
    cur.items.push(instanceXml(inst, env.ctx.region));
  }
  return xmlChildren({ reservationSet: reservations, nextToken: next });
}

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
