import {
  DescribeAutomationExecutionsCommand,
  DescribeDocumentCommand,
  DescribeInstanceInformationCommand,
  GetAutomationExecutionCommand,
  GetDocumentCommand,
} from '@aws-sdk/client-ssm';
import { ErrorCode } from '../../errors/codes';
import type { Runbook } from '../../schema/runbook.type';
import { pagedLookup, type ItemKind } from '../core';
import { isAwsError } from '../errors';
import { AwsLimits } from '../limits';
import { mapExecution, mapExecutionDetail, mapManagedNode, mapRunbook, parseRunbookContent, type ExecutionDetail, type ParsedRunbookContent } from './mappers';

/** Runbook keys: the name, or `name@version` for a pinned version. */
export const runbookKey = (name: string, version?: string | null): string => (version ? `${name}@${version}` : name);

const splitRunbookKey = (key: string) => {
  const at = key.lastIndexOf('@');
  return at > 0 ? { Name: key.slice(0, at), DocumentVersion: key.slice(at + 1) } : { Name: key };
};

/** NOT_FOUND means "no such resource": the answer is null, and it is cached like any answer. */
async function nullIfNotFound<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    if (isAwsError(err, ErrorCode.NOT_FOUND)) return null;
    throw err;
  }
}

/** Summary rows, 10 ids a DescribeAutomationExecutions call (SSM's filter-value limit). */
export const executionLookup = pagedLookup({
  service: 'ssm',
  kind: 'execution',
  action: 'DescribeAutomationExecutions',
  maxBatchSize: AwsLimits.ssmExecutionFilterValues,
  command: (ids, NextToken) =>
    new DescribeAutomationExecutionsCommand({ Filters: [{ Key: 'ExecutionId', Values: ids }], MaxResults: AwsLimits.ssmExecutionsMaxResults, NextToken }),
  rows: (page) => page.AutomationExecutionMetadataList ?? [],
  id: (e) => e.AutomationExecutionId,
  map: mapExecution,
});

/** SSM's view of instances, by the InstanceIds filter. */
export const managedNodeLookup = pagedLookup({
  service: 'ssm',
  kind: 'managedNode',
  action: 'DescribeInstanceInformation',
  maxBatchSize: AwsLimits.ssmInstanceInfoValues,
  command: (ids, NextToken) =>
    new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: ids }], MaxResults: AwsLimits.ssmInstanceInfoMaxResults, NextToken }),
  rows: (page) => page.InstanceInformationList ?? [],
  id: (i) => i.InstanceId,
  map: mapManagedNode,
});

/** Full executions (steps, parameters): GetAutomationExecution takes one id. */
export const executionDetailItem: ItemKind<ExecutionDetail | null> = {
  service: 'ssm',
  kind: 'executionDetail',
  action: 'GetAutomationExecution',
  async fetch(send, id, scope) {
    return nullIfNotFound(async () => {
      const out = await send(new GetAutomationExecutionCommand({ AutomationExecutionId: id }));
      return out.AutomationExecution ? mapExecutionDetail(out.AutomationExecution, scope) : null;
    });
  },
};

/** A runbook's description (DescribeDocument), one document per call. */
export const runbookItem: ItemKind<Runbook | null> = {
  service: 'ssm',
  kind: 'runbook',
  action: 'DescribeDocument',
  async fetch(send, key, scope) {
    return nullIfNotFound(async () => {
      const out = await send(new DescribeDocumentCommand(splitRunbookKey(key)));
      return out.Document ? mapRunbook(out.Document, scope) : null;
    });
  },
};

/** A runbook's parameters and steps, from its content (GetDocument, JSON). */
export const runbookContentItem: ItemKind<ParsedRunbookContent | null> = {
  service: 'ssm',
  kind: 'runbookContent',
  action: 'GetDocument',
  async fetch(send, key) {
    return nullIfNotFound(async () => parseRunbookContent((await send(new GetDocumentCommand({ ...splitRunbookKey(key), DocumentFormat: 'JSON' }))).Content));
  },
};
