/**
 * A service's one table of actions: for each AWS action, how to run it and what kind of call it is.
 * The service dispatches from it, and the front reads the same entries for throttling classes and
 * write permissions, so a new action is declared in exactly one place.
 */
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
