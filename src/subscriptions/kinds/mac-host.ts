import { CHANGING_HOST_STATES } from '../../aws/ec2/host-mappers';
import { TaskEventKind } from '../../schema/enums';
import { HostState, type MacHost } from '../../schema/host.type';
import type { TaskKind } from './task-kind';

/** Released hosts are gone for good; every other resting state moves again when someone acts. */
const FINAL_HOST_STATES: readonly HostState[] = [HostState.RELEASED, HostState.RELEASED_PERMANENT_FAILURE];

/**
 * Mac Dedicated Hosts: 200 ids per DescribeHosts (the `host` loader batches them). AWS publishes no
 * event for hosts, so the watcher follows them like tasks.
 *
 * A host is not a task that ends once: it rests (AVAILABLE, PERMANENT_FAILURE) until an action
 * moves it — the next stop of its Mac makes it PENDING again. So "terminal" here means "at rest":
 * the watch ends there (nothing happens on its own, and polling a resting fleet would cost calls
 * for nothing), `macHostUpdated` completes, and the state is marked `canReopen`, so the next
 * watch — started by a stop through this gateway, a subscriber, or the fleet scan finding the host
 * PENDING — continues the host's history (previousState AVAILABLE, the same seq line) instead of
 * mistaking it for another host, and never serves the old resting state as current.
 * RELEASED is final. Host ids are never reused, so `allocationTime` identifies the host's life.
 */
export const macHostKind: TaskKind<MacHost> = {
  kind: TaskEventKind.MAC_HOST,
  label: 'Mac host',
  fetch: (loaders, ids) => loaders.host.loadMany(ids),
  active: (aws, scope) => aws.ec2(scope).activeMacHosts(),
  idOf: (host) => host.id,
  read: (host) => {
    const isTerminal = !CHANGING_HOST_STATES.includes(host.state);
    return {
      state: host.state,
      isTerminal,
      canReopen: isTerminal && !FINAL_HOST_STATES.includes(host.state),
      startedAt: host.allocationTime ?? null,
      currentStepName: null,
      // AWS lists only the instances running on the host: a stopped Mac is no longer there.
      instanceId: host.instanceIds[0] ?? null,
      documentName: null,
      payloads: { macHost: host },
    };
  },
};
