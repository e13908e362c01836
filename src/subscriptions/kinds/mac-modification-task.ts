import { TaskEventKind } from '../../schema/enums';
import type { MacModificationTask } from '../../schema/mac-task.type';
import type { TaskKind } from './task-kind';

/** EC2 Mac modification tasks: 200 ids per DescribeMacModificationTasks (the loader batches them). */
export const macModificationTaskKind: TaskKind<MacModificationTask> = {
  kind: TaskEventKind.MAC_MODIFICATION_TASK,
  label: 'Mac modification task',
  fetch: (loaders, ids) => loaders.macTask.loadMany(ids),
  active: (aws, scope) => aws.ec2(scope).activeMacTasks(),
  idOf: (task) => task.id,
  read: (task) => ({
    state: task.state,
    isTerminal: task.isTerminal,
    startedAt: task.startTime ?? null,
    currentStepName: null,
    instanceId: task.instanceId,
    documentName: null,
    payloads: { macModificationTask: task },
  }),
};
