/**
 * Dedicated Hosts of Mac instances: what a host is, its state on the simulated clock, and the
 * timings AWS documents for them (EC2 User Guide, "Stop or terminate your Amazon EC2 Mac
 * instance"; ReleaseHosts' 24-hour minimum allocation).
 */
import { Prng, hash32 } from '../core/rng';
import { Tag, macInstanceType } from './model';

/** AllocationState, as DescribeHosts spells it. */
export type HostState = 'available' | 'under-assessment' | 'permanent-failure' | 'released' | 'released-permanent-failure' | 'pending';

export interface SimHost {
  hostId: string;
  /** Mac hosts are allocated for one instance type (mac1.metal, …); AllocateHosts refuses a Mac family. */
  instanceType: string;
  availabilityZone: string;
  allocationTime: number;
  /** Set once ReleaseHosts released it: the host stays listed as `released`. */
  releaseTime?: number;
  /** Scrubbing after its Mac stopped or terminated: `pending` until then, then `available`. */
  scrubUntil?: number;
  tags: Tag[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Apple's macOS licence: a Mac host cannot be released during its first 24 hours. */
export const MIN_ALLOCATION_MS = 24 * HOUR;
/** "the instance remains in the stopping state for about 15 minutes before it enters the stopped state". */
export const MAC_STOPPING_MS = 15 * MINUTE;

export function hostState(h: SimHost, now: number): HostState {
  if (h.releaseTime !== undefined && h.releaseTime <= now) return 'released';
  if (h.scrubUntil !== undefined && now < h.scrubUntil) return 'pending';
  return 'available';
}

export function isAppleSiliconHost(h: SimHost): boolean {
  return macInstanceType(h.instanceType)?.kind === 'mac-arm';
}

/**
 * How long one scrubbing workflow takes, drawn within AWS's documented maxima: x86 up to 50 minutes
 * (up to 3 hours when the firmware is updated); Apple silicon up to 110 minutes (the guide's earlier
 * figure; it now says up to 4.5 hours). One workflow in five takes the long path. The lower bounds
 * are the simulator's choice. Derived from the host and the start time, so a run is reproducible.
 */
export function scrubDurationMs(h: SimHost, startedAt: number): number {
  const rng = new Prng(hash32(`${h.hostId}|${startedAt}`));
  const long = rng.chance(0.2);
  if (!isAppleSiliconHost(h)) return (long ? rng.int(51, 180) : rng.int(25, 50)) * MINUTE;
  return (long ? rng.int(111, 270) : rng.int(60, 110)) * MINUTE;
}

/** The time ReleaseHosts names: allocation + 24 h. */
export function releasableAfter(h: SimHost): number {
  return h.allocationTime + MIN_ALLOCATION_MS;
}
