/**
 * SSM managed nodes, derived from the EC2 instances (SharedInstanceView). Attributes are a pure
 * function of (seed, instance id), so they are stable across calls and resets; only
 * LastPingDateTime follows the clock. Stopped / terminated instances are not returned (as
 * DescribeInstanceInformation documents); ~8% of instances have no agent registered at all.
 */
import type { SharedInstanceView } from '../core/contract';
import { hash32 } from '../core/rng';

export const LATEST_AGENT = '3.3.1957.0';
const OLDER_AGENTS = ['3.3.1802.0', '3.3.1611.0', '3.2.2303.0'];

export interface ManagedNode {
  InstanceId: string;
  PingStatus: 'Online' | 'ConnectionLost';
  LastPingDateTime: number; // ms
  AgentVersion: string;
  IsLatestVersion: boolean;
  PlatformType: 'MacOS' | 'Linux' | 'Windows';
  PlatformName: string;
  PlatformVersion: string;
  ResourceType: 'EC2Instance';
  IPAddress?: string;
  ComputerName: string;
  IamRole: string;
  AssociationStatus: string;
  SourceId: string;
  SourceType: 'AWS::EC2::Instance';
}

const MAC_VERSIONS = ['13.7.1', '14.6.1', '14.7', '15.1', '15.2'];
const LINUX = [
  ['Amazon Linux', '2023'],
  ['Amazon Linux', '2'],
  ['Ubuntu', '22.04'],
  ['Ubuntu', '24.04'],
  ['Red Hat Enterprise Linux', '9.4'],
] as const;
const WINDOWS = [
  ['Microsoft Windows Server 2022 Datacenter', '10.0.20348'],
  ['Microsoft Windows Server 2019 Datacenter', '10.0.17763'],
] as const;

function ipHost(ip: string | undefined): string {
  return ip ? `ip-${ip.replace(/\./g, '-')}` : 'localhost';
}

export class NodeDirectory {
  private cache = new Map<string, Omit<ManagedNode, 'LastPingDateTime'> & { pingOffsetMs: number; managed: boolean }>();
  constructor(
    private readonly seed: number,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  private attrs(inst: SharedInstanceView) {
    const hit = this.cache.get(inst.instanceId);
    if (hit && hit.IPAddress === inst.privateIpAddress) return hit;
    const h = hash32(`${this.seed}:${inst.instanceId}`);
    const h2 = hash32(`${inst.instanceId}:${this.seed}:b`);
    const managed = h % 100 >= 8;
    const online = (h >>> 8) % 100 >= 10;
    const latest = (h >>> 16) % 100 >= 30;
    let PlatformType: ManagedNode['PlatformType'];
    let PlatformName: string;
    let PlatformVersion: string;
    let ComputerName: string;
    if (inst.platform === 'macOS') {
      PlatformType = 'MacOS';
      PlatformName = 'macOS';
      PlatformVersion = MAC_VERSIONS[h2 % MAC_VERSIONS.length];
      ComputerName = `${ipHost(inst.privateIpAddress)}.ec2.internal`;
    } else if (inst.platform === 'Windows') {
      PlatformType = 'Windows';
      [PlatformName, PlatformVersion] = WINDOWS[h2 % WINDOWS.length];
      ComputerName = `EC2AMAZ-${(h2 >>> 4).toString(36).toUpperCase().padStart(7, '0').slice(0, 7)}.WORKGROUP`;
    } else {
      PlatformType = 'Linux';
      [PlatformName, PlatformVersion] = LINUX[h2 % LINUX.length];
      ComputerName = `${ipHost(inst.privateIpAddress)}.${this.region === 'us-east-1' ? 'ec2.internal' : `${this.region}.compute.internal`}`;
    }
    const a = {
      InstanceId: inst.instanceId,
      PingStatus: (online ? 'Online' : 'ConnectionLost') as ManagedNode['PingStatus'],
      AgentVersion: latest ? LATEST_AGENT : OLDER_AGENTS[(h >>> 20) % OLDER_AGENTS.length],
      IsLatestVersion: latest,
      PlatformType,
      PlatformName,
      PlatformVersion,
      ResourceType: 'EC2Instance' as const,
      IPAddress: inst.privateIpAddress,
      ComputerName,
      IamRole: inst.platform === 'macOS' ? 'FleetGraphMacInstanceRole' : 'AmazonSSMRoleForInstancesQuickSetup',
      AssociationStatus: (h >>> 12) % 10 === 0 ? 'Failed' : 'Success',
      SourceId: inst.instanceId,
      SourceType: 'AWS::EC2::Instance' as const,
      // Online agents ping every ~5 minutes; lost ones stopped 1–72 h ago.
      pingOffsetMs: online ? ((h >>> 4) % 300) * 1000 : (3600 + ((h >>> 4) % (71 * 3600))) * 1000,
      managed,
    };
    this.cache.set(inst.instanceId, a);
    return a;
  }

  /** Managed nodes in instance-id order. */
  list(instances: readonly SharedInstanceView[], now: number): ManagedNode[] {
    const out: ManagedNode[] = [];
    for (const inst of instances) {
      if (inst.state !== 'running' && inst.state !== 'pending' && inst.state !== 'stopping') continue;
      const a = this.attrs(inst);
      if (!a.managed) continue;
      const { pingOffsetMs, managed: _m, ...rest } = a;
      // an instance that is not running any more loses its connection
      const lost = inst.state !== 'running';
      out.push({
        ...rest,
        PingStatus: lost ? 'ConnectionLost' : rest.PingStatus,
        LastPingDateTime: Math.max(inst.launchTime, now - pingOffsetMs),
      });
    }
    out.sort((x, y) => (x.InstanceId < y.InstanceId ? -1 : x.InstanceId > y.InstanceId ? 1 : 0));
    return out;
  }

  isManagedOnline(inst: SharedInstanceView): boolean {
    const a = this.attrs(inst);
    return a.managed && a.PingStatus === 'Online' && inst.state === 'running';
  }

  get account(): string {
    return this.accountId;
  }
}
