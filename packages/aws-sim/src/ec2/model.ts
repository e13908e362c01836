/** The EC2 world's state (plain data; the seed builds it, actions read and mutate it). */
import type { SimHost } from './host-model';

export interface Tag {
  key: string;
  value: string;
}

export type InstanceStateName = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped';
export const INSTANCE_STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export type InstanceKind = 'mac-x86' | 'mac-arm' | 'linux' | 'windows';

/**
 * Every EC2 Mac instance type AWS sells (names as in the EC2 API's InstanceType enum), with the
 * macOS versions DescribeMacHosts reports as the latest a host of that type supports.
 */
export interface MacInstanceType {
  type: string;
  kind: 'mac-x86' | 'mac-arm';
  macOsLatestSupported: readonly string[];
  /** The host's HostProperties: one Mac mini / Mac Studio per host, one socket. */
  cores: number;
  vcpus: number;
}
export const MAC_INSTANCE_TYPES: readonly MacInstanceType[] = [
  { type: 'mac1.metal', kind: 'mac-x86', macOsLatestSupported: ['15.6', '14.7'], cores: 6, vcpus: 12 },
  { type: 'mac2.metal', kind: 'mac-arm', macOsLatestSupported: ['26.0', '15.6', '14.7'], cores: 8, vcpus: 8 },
  { type: 'mac2-m2.metal', kind: 'mac-arm', macOsLatestSupported: ['26.0', '15.6', '14.7'], cores: 8, vcpus: 8 },
  { type: 'mac2-m2pro.metal', kind: 'mac-arm', macOsLatestSupported: ['26.0', '15.6', '14.7'], cores: 12, vcpus: 12 },
  { type: 'mac-m4.metal', kind: 'mac-arm', macOsLatestSupported: ['26.0', '15.6'], cores: 10, vcpus: 10 },
  { type: 'mac-m4pro.metal', kind: 'mac-arm', macOsLatestSupported: ['26.0', '15.6'], cores: 14, vcpus: 14 },
];

export function macInstanceType(type: string): MacInstanceType | undefined {
  return MAC_INSTANCE_TYPES.find((t) => t.type === type);
}
export type Architecture = 'x86_64' | 'arm64' | 'x86_64_mac' | 'arm64_mac';

export interface SimInstance {
  instanceId: string;
  reservationId: string;
  kind: InstanceKind;
  instanceType: string;
  imageId: string;
  state: InstanceStateName;
  launchTime: number;
  availabilityZone: string;
  /** Mac instances run on a dedicated host. */
  hostId?: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  subnetId: string;
  vpcId: string;
  keyName: string;
  architecture: Architecture;
  /** What EC2 reports: macOS instances report "Linux/UNIX". */
  platformDetails: 'Linux/UNIX' | 'Windows';
  tags: Tag[];
  /** A state change under way (StartInstances, StopInstances): the state becomes `to` at `at`. */
  transition?: { to: InstanceStateName; at: number };
  /** When a user last stopped it (the `reason` EC2 reports on a stopped instance). */
  stoppedAt?: number;
}

export interface LaunchPermission {
  userId?: string;
  group?: 'all';
  organizationArn?: string;
  organizationalUnitArn?: string;
}

/** A 12-digit AWS account id. */
export const ACCOUNT_RE = /^\d{12}$/;

export function isPublic(img: SimImage): boolean {
  return img.launchPermissions.some((p) => p.group === 'all');
}

export interface SimImage {
  imageId: string;
  name: string;
  description?: string;
  ownerId: string;
  ownerAlias?: string;
  architecture: Architecture;
  platformDetails: 'Linux/UNIX' | 'Windows';
  /** Compatible instance kind (which instances may reference it). */
  kind: InstanceKind;
  creationDate: number;
  imdsSupport?: 'v2.0';
  productCodes: { productCode: string; type: 'marketplace' | 'devpay' }[];
  launchPermissions: LaunchPermission[];
  tags: Tag[];
  rootDeviceName: string;
  deregistrationProtection: DeregistrationProtection;
  /** EnableImageDeprecation's DeprecateAt (public AMIs: two years after creation by default). */
  deprecationTime?: number;
  /** When an instance was last launched from it (reported to the owner, 24 h late). */
  lastLaunchedTime?: number;
}

/** DescribeImages `deregistrationProtection`. */
export type DeregistrationProtection = 'disabled' | 'enabled-without-cooldown' | 'enabled-with-cooldown';

export type MacTaskState = 'pending' | 'in-progress' | 'successful' | 'failed';
export type MacTaskType = 'sip-modification' | 'volume-ownership-delegation';
export type SipSetting = 'enabled' | 'disabled';

export const SIP_CONFIG_FIELDS = [
  'AppleInternal',
  'BaseSystem',
  'DebuggingRestrictions',
  'DTraceRestrictions',
  'FilesystemProtections',
  'KextSigning',
  'NvramProtections',
] as const;
export type SipConfigField = (typeof SIP_CONFIG_FIELDS)[number];

export interface SimMacTask {
  taskId: string;
  instanceId: string;
  taskType: MacTaskType;
  startTime: number;
  /** Decided at creation (wrong MacCredentials → fails). Never the credentials themselves. */
  outcome: 'successful' | 'failed';
  sip?: { status: SipSetting; overrides: Partial<Record<SipConfigField, SipSetting>> };
  tags: Tag[];
}

/** Mac task timeline in simulated time. */
export const MAC_TASK_PENDING_MS = 60_000;
export const MAC_TASK_IN_PROGRESS_MS = 20 * 60_000;

export function macTaskState(task: SimMacTask, now: number): MacTaskState {
  const age = now - task.startTime;
  if (age < MAC_TASK_PENDING_MS) return 'pending';
  if (age < MAC_TASK_PENDING_MS + MAC_TASK_IN_PROGRESS_MS) return 'in-progress';
  return task.outcome;
}

export function isMacKind(kind: InstanceKind): boolean {
  return kind === 'mac-x86' || kind === 'mac-arm';
}

/** The well-known ids of a world (undefined when the world is too small to hold them). */
export interface WorldDemoIds {
  idleX86Mac?: string;
  idleAppleSiliconMac?: string;
  /** The Mac the seeded Automation run waiting for approval would reboot. */
  approvalTargetMac?: string;
  ownedImage?: string;
  ownedPublicImage?: string;
  completedMacTask?: string;
  /** A free Mac host allocated hours ago: ReleaseHosts refuses it for its first 24 hours. */
  youngMacHost?: string;
  /** A free, available Mac host allocated days ago: ReleaseHosts may release it. */
  releasableMacHost?: string;
  /** A Mac host scrubbing (pending) after its instance was terminated. */
  scrubbingMacHost?: string;
}

/** Account × region setting GetImageBlockPublicAccessState reports; a change takes effect at `target.at`. */
export interface ImageBlockPublicAccess {
  state: ImageBlockPublicAccessState;
  target?: { state: ImageBlockPublicAccessState; at: number };
}
export type ImageBlockPublicAccessState = 'unblocked' | 'block-new-sharing';

export interface World {
  demo: WorldDemoIds;
  instances: SimInstance[];
  instanceById: Map<string, SimInstance>;
  images: SimImage[];
  imageById: Map<string, SimImage>;
  macTasks: SimMacTask[];
  macTaskById: Map<string, SimMacTask>;
  hosts: SimHost[];
  hostById: Map<string, SimHost>;
  /** The instances placed on each host (placement never changes here). */
  instancesByHost: Map<string, SimInstance[]>;
  /** Instances in a timed state change, settled before every call. */
  transitions: Set<SimInstance>;
  imageBlockPublicAccess: ImageBlockPublicAccess;
  /** ClientToken → (action + params hash, task id). */
  idempotency: Map<string, { action: string; hash: string; taskId: string }>;
  /** Counter for new ids after seeding. */
  nextSerial: number;
}

export const ID_PATTERNS = {
  instance: /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  image: /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  host: /^h-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  macTask: /^macmodification-[0-9a-f]{17}$/,
};
