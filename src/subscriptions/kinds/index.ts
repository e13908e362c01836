import { automationExecutionKind } from './automation-execution';
import { macHostKind } from './mac-host';
import { macModificationTaskKind } from './mac-modification-task';
import { KindRegistry } from './task-kind';

export { KindRegistry, type TaskKind } from './task-kind';

/** Every kind the gateway watches. */
export function defaultKinds(): KindRegistry {
  return new KindRegistry([macModificationTaskKind, automationExecutionKind, macHostKind]);
}
