/**
 * The Dedicated Hosts of a world: one per Mac instance (its `hostId`), plus a few free ones that
 * show the host lifecycle. Drawn from their own streams (free hosts from one of their own, so their
 * ids do not depend on the world's size), so adding hosts never moves another id.
 *
 *  - a Mac instance's host was allocated before the instance launched; it scrubs (`pending`) when
 *    its Mac was stopped or terminated recently, else it is `available`;
 *  - free hosts: one allocated hours ago (ReleaseHosts refuses it for 24 h), one allocated days ago
 *    (releasable), one scrubbing after its instance was terminated, one released two days ago.
 */
import { awsId, subStream } from '../core/rng';
import { MAC_STOPPING_MS, SimHost, scrubDurationMs } from './host-model';
import { SimInstance } from './model';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Free hosts get ids far above any instance index, so they never meet an instance host's id. */
const FREE_HOST_INDEX = 0x7f000000;

export interface SeededHosts {
  hosts: SimHost[];
  youngMacHost: string;
  releasableMacHost: string;
  scrubbingMacHost: string;
}

/** Index of the fixed stopped Apple-silicon Mac whose host is still scrubbing (see seed.ts FIXED). */
const RECENTLY_STOPPED_MAC = 5;

export function seedHosts(seed: number, instances: SimInstance[], azs: string[], t0: number): SeededHosts {
  const hosts: SimHost[] = [];
  const rng = subStream(seed, 'hosts');
  instances.forEach((inst, i) => {
    if (!inst.hostId) return;
    const host: SimHost = {
      hostId: inst.hostId,
      instanceType: inst.instanceType,
      availabilityZone: inst.availabilityZone,
      allocationTime: Math.min(inst.launchTime, t0) - rng.int(10, 3 * 24 * 60) * MINUTE,
      tags: [{ key: 'Name', value: `mac-host-${String(i + 1).padStart(4, '0')}` }],
    };
    // A Mac stopped (or terminated) lately, or stopping now: its host scrubs until the workflow ends.
    const stoppedAgo = i === RECENTLY_STOPPED_MAC ? 20 * MINUTE : inst.state === 'stopping' || inst.state === 'shutting-down' ? 0 : undefined;
    if (stoppedAgo !== undefined) {
      const stopStarted = t0 - stoppedAgo;
      host.scrubUntil = stopStarted + MAC_STOPPING_MS + scrubDurationMs(host, stopStarted);
      if (stoppedAgo === 0) inst.transition = { to: inst.state === 'stopping' ? 'stopped' : 'terminated', at: t0 + rng.int(1, 14) * MINUTE };
      if (inst.state === 'stopped') inst.stoppedAt = stopStarted;
    }
    hosts.push(host);
  });

  const freeRng = subStream(seed, 'free-hosts');
  let k = 0;
  const free = (instanceType: string, allocatedAgo: number, extra: Partial<SimHost> = {}): SimHost => {
    const host: SimHost = {
      hostId: awsId('h', freeRng, FREE_HOST_INDEX + k++),
      instanceType,
      availabilityZone: freeRng.pick(azs),
      allocationTime: t0 - allocatedAgo,
      tags: [{ key: 'Name', value: `mac-pool-${k}` }, { key: 'team', value: 'ios-build' }],
      ...extra,
    };
    hosts.push(host);
    return host;
  };
  const young = free('mac2.metal', 3 * HOUR);
  const releasable = free('mac1.metal', 10 * DAY);
  const scrubbing = free('mac-m4.metal', 2 * DAY);
  scrubbing.scrubUntil = t0 - 5 * MINUTE + scrubDurationMs(scrubbing, t0 - 5 * MINUTE);
  free('mac2-m2.metal', 30 * DAY, { releaseTime: t0 - 2 * DAY });
  return { hosts, youngMacHost: young.hostId, releasableMacHost: releasable.hostId, scrubbingMacHost: scrubbing.hostId };
}
