import DataLoader from 'dataloader';
import type { SsmApi } from '../aws';
import type { ExecutionDetail, ParsedRunbookContent } from '../aws/ssm/mappers';
import type { AutomationExecution } from '../schema/automation.type';
import type { ManagedNode } from '../schema/managed-node.type';
import type { Runbook } from '../schema/runbook.type';
import { itemLoader } from './item-loader';

export { runbookKey } from '../aws/ssm/lookups';

/** SSM loaders of one operation in one scope; the facade batches across requests and caches. */
export function createSsmLoaders(ssm: SsmApi) {
  return {
    execution: new DataLoader<string, AutomationExecution | null>((ids) => ssm.executionsByIds(ids)),
    managedNode: new DataLoader<string, ManagedNode | null>((ids) => ssm.managedNodesByInstanceIds(ids)),
    executionDetail: itemLoader<ExecutionDetail | null>((id) => ssm.executionDetail(id)),
    /** Keys are runbookKey(name, version). */
    runbook: itemLoader<Runbook | null>((key) => ssm.runbook(key)),
    runbookContent: itemLoader<ParsedRunbookContent | null>((key) => ssm.runbookContent(key)),
  };
}

export type SsmLoaders = ReturnType<typeof createSsmLoaders>;
