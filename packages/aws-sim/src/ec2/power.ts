/**
 * StartInstances, StopInstances, RebootInstances: instance state machines on the simulated clock.
 *
 *  - start: stopped → pending → running; running or pending instances stay as they are;
 *  - stop: running → stopping → stopped (a Mac stays stopping for about 15 minutes, as AWS says);
 *    stopped or stopping instances stay as they are. Stopping a Mac starts its host's scrubbing
 *    workflow: the host is `pending` until it ends, and the Mac cannot start again before that;
 *  - reboot: queued for a valid instance of the account, as AWS documents; the state stays.
 * Errors fail the whole call (ids first, then permission / DryRun, then each instance's state).
 */
import { SimError } from '../core/contract';
import { hash32 } from '../core/rng';
import { xmlChildren } from '../core/xml';
import { ActionEnv, authorizeMutation } from './env';
import { MAC_STOPPING_MS, hostState, scrubDurationMs } from './host-model';
import { lookupInstances } from './instances';
import { INSTANCE_STATE_CODES, InstanceStateName, SimInstance, World, isMacKind } from './model';
import { bool, list } from './query';

/** Simulator choices (AWS publishes none): how long the other transitions take. */
const START_MS = 30_000;
const MAC_START_MS = 5 * 60_000;
const STOP_MS = 60_000;

/** Apply every transition whose time has come (called before each EC2 action). */
export function settleTransitions(world: World, now: number): void {
  for (const i of world.transitions) {
    if (!i.transition || i.transition.at > now) continue;
    i.state = i.transition.to;
    i.transition = undefined;
    world.transitions.delete(i);
  }
}

function requestedInstances(env: ActionEnv): SimInstance[] {
  const ids = list(env.params, 'InstanceId');
  if (!ids) throw new SimError('MissingParameter', 'The request must contain the parameter InstanceId');
  return [...new Set(lookupInstances(env, ids))];
}

function begin(world: World, i: SimInstance, state: InstanceStateName, to: InstanceStateName, at: number): void {
  i.state = state;
  i.transition = { to, at };
  world.transitions.add(i);
}

function stateXml(s: InstanceStateName) {
  return { code: INSTANCE_STATE_CODES[s], name: s };
}

function changesXml(changes: { i: SimInstance; previous: InstanceStateName }[]): string {
  return xmlChildren({
    instancesSet: changes.map(({ i, previous }) => ({ instanceId: i.instanceId, currentState: stateXml(i.state), previousState: stateXml(previous) })),
  });
}

export function startInstances(env: ActionEnv): string {
  const { world, ctx } = env;
  const instances = requestedInstances(env);
  authorizeMutation(env, bool(env.params, 'DryRun'));
  const now = ctx.clock.now();
  for (const i of instances) {
    if (i.state === 'stopping' || i.state === 'shutting-down' || i.state === 'terminated') {
      throw new SimError('IncorrectInstanceState', `The instance '${i.instanceId}' is not in a state from which it can be started.`);
    }
    const host = i.hostId ? world.hostById.get(i.hostId) : undefined;
    if (i.state === 'stopped' && host && hostState(host, now) !== 'available') {
      throw new SimError('InsufficientCapacityOnHost', `Dedicated host ${host.hostId} has insufficient capacity to launch the instances in this request.`);
    }
  }
  const changes = instances.map((i) => {
    const previous = i.state;
    if (previous === 'stopped') {
      begin(world, i, 'pending', 'running', now + (isMacKind(i.kind) ? MAC_START_MS : START_MS));
      // A started instance is launched again, with a new public address.
      i.launchTime = now;
      const h = hash32(`${i.instanceId}|${now}`);
      i.publicIpAddress = `54.${160 + (h % 80)}.${(h >>> 8) % 256}.${((h >>> 16) % 250) + 4}`;
      i.stoppedAt = undefined;
    }
    return { i, previous };
  });
  return changesXml(changes);
}

export function stopInstances(env: ActionEnv): string {
  const { world, ctx, params } = env;
  const instances = requestedInstances(env);
  const dryRun = bool(params, 'DryRun');
  bool(params, 'Force');
  bool(params, 'SkipOsShutdown');
  if (bool(params, 'Hibernate')) {
    throw new SimError('UnsupportedHibernationConfiguration', 'The instance is not enabled for hibernation.');
  }
  authorizeMutation(env, dryRun);
  const now = ctx.clock.now();
  for (const i of instances) {
    if (i.state === 'pending' || i.state === 'shutting-down' || i.state === 'terminated') {
      throw new SimError('IncorrectInstanceState', `This instance '${i.instanceId}' is not in a state from which it can be stopped.`);
    }
  }
  const changes = instances.map((i) => {
    const previous = i.state;
    if (previous === 'running') {
      const mac = isMacKind(i.kind);
      begin(world, i, 'stopping', 'stopped', now + (mac ? MAC_STOPPING_MS : STOP_MS));
      i.stoppedAt = now;
      i.publicIpAddress = undefined;
      const host = i.hostId ? world.hostById.get(i.hostId) : undefined;
      if (mac && host) host.scrubUntil = now + MAC_STOPPING_MS + scrubDurationMs(host, now);
    }
    return { i, previous };
  });
  return changesXml(changes);
}

export function rebootInstances(env: ActionEnv): string {
  requestedInstances(env);
  authorizeMutation(env, bool(env.params, 'DryRun'));
  return xmlChildren({ return: true });
}
