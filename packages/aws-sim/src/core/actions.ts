/**
 * A service's one table of actions: for each AWS action, how to run it and what kind of call it is.
 * The service dispatches from it, and the front reads the same entries for throttling classes and
 * write permissions, so a new action is declared in exactly one place.
 */
import type { Caller, ServiceName, SimError, SimService } from './contract';

export interface ActionSpec<Run> {
  run: Run;
  /** Changes state: the mutating throttle class, and read-only callers are refused. */
  mutating: boolean;
}

export type ActionTable<Run> = Readonly<Record<string, ActionSpec<Run>>>;

/** The entry for `name`, never an inherited property (`toString`, `__proto__`, …). */
export function findAction<Entry>(table: Readonly<Record<string, Entry>>, name: string): Entry | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/**
 * A service that is only its action table (no world to reset, never throttled): STS and
 * Organizations, whose state lives with the organisation.
 */
export function tableService<Req, Res>(
  name: ServiceName,
  actions: ActionTable<(request: Req, caller: Caller) => Res>,
  unknownAction: (action: string) => SimError,
): SimService<Req, Res> {
  return {
    name,
    actions,
    // Their request quotas are not simulated.
    throttleClass: () => undefined,
    handle(action, request, caller) {
      const spec = findAction(actions, action);
      if (!spec) throw unknownAction(action);
      return spec.run(request, caller);
    },
    reset() {
      // Nothing: see above.
    },
  };
}
