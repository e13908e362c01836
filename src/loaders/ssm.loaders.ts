import DataLoader from 'dataloader';
import type { SsmApi } from '../aws';
import type { ExecutionDetail, ParsedRunbookContent } from '../aws/ssm/mappers';
import type { AutomationExecution } from '../schema/automation.type';
import type { ManagedNode } from '../schema/managed-node.type';
import type { Runbook } from '../schema/runbook.type';
import { itemLoader } from './item-loader';

export { runbookKey } from '../aws/ssm/lookups';

/** SSM loaders of one operation in one scope, each made on first use; the facade batches across requests and caches. */
export const ssmLoaders = {
  execution: (ssm: SsmApi) => new DataLoader<string, AutomationExecution | null>((ids) => ssm.executionsByIds(ids)),
  managedNode: (ssm: SsmApi) => new DataLoader<string, ManagedNode | null>((ids) => ssm.managedNodesByInstanceIds(ids)),
  executionDetail: (ssm: SsmApi) => itemLoader<ExecutionDetail | null>((id) => ssm.executionDetail(id)),
  /** Keys are runbookKey(name, version). */
  runbook: (ssm: SsmApi) => itemLoader<Runbook | null>((key) => ssm.runbook(key)),
  runbookContent: (ssm: SsmApi) => itemLoader<ParsedRunbookContent | null>((key) => ssm.runbookContent(key)),
};

export type SsmLoaders = { readonly [K in keyof typeof ssmLoaders]: ReturnType<(typeof ssmLoaders)[K]> };
