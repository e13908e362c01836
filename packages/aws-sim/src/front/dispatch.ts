/**
 * One AWS call through the front, whatever its protocol: count it, refuse it (credentials,
 * unknown action, throttling, faults) or run it on its service. Protocol fronts only decode the
 * request and encode the outcome.
 */
import { findAction } from '../core/actions';
import { Caller, SimError, SimService } from '../core/contract';
import { Gate } from './gate';
import { CallStats } from './stats';

/** The errors a service answers with when the front refuses a call; each protocol names its own. */
export interface ServiceErrors {
  unknownAction(action: string): SimError;
  throttled(): SimError;
  fault(): SimError;
  internal(): SimError;
}

export interface DispatchDeps {
  gate: Gate;
  stats: CallStats;
  log: (line: string) => void;
}

export type Outcome<Res> = { ok: true; result: Res } | { ok: false; error: SimError };

export async function dispatch<Req, Res>(
  deps: DispatchDeps,
  service: SimService<Req, Res>,
  errors: ServiceErrors,
  call: { action: string; request: Req; caller: Caller; refuse?: SimError },
): Promise<Outcome<Res>> {
  const { action, request, caller } = call;
  deps.stats.calls.inc(`${service.name}:${action || '(none)'}`);
  if (call.refuse) return { ok: false, error: call.refuse };
  if (!findAction(service.actions, action)) return { ok: false, error: errors.unknownAction(action) };
  const refusal = await deps.gate.pass(service.name, action, service.throttleClass(action, request));
  if (refusal) return { ok: false, error: refusal === 'throttled' ? errors.throttled() : errors.fault() };
  try {
    return { ok: true, result: await service.handle(action, request, caller) };
  } catch (e) {
    if (e instanceof SimError) return { ok: false, error: e };
    deps.log(`simulator: internal error in ${service.name}:${action}: ${(e as Error)?.stack ?? String(e)}`);
    return { ok: false, error: errors.internal() };
  }
}
