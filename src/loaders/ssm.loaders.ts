import {
  DescribeAutomationExecutionsCommand,
  DescribeDocumentCommand,
  DescribeInstanceInformationCommand,
  GetAutomationExecutionCommand,
  GetDocumentCommand,
  type AutomationExecution as SsmExecution,
} from '@aws-sdk/client-ssm';
import DataLoader from 'dataloader';
import type { AwsAccess } from '../aws/aws-access';
import { ErrorCode } from '../errors/codes';
import { GatewayError } from '../errors/gateway-error';
import { mapExecution, mapManagedNode, mapRunbook, parseRunbookContent, type ParsedRunbookContent } from '../mappers/ssm.mapper';
import type { AutomationExecution } from '../schema/automation.type';
import type { ManagedNode } from '../schema/managed-node.type';
import type { Runbook } from '../schema/runbook.type';
import { allPages, inKeyOrder, mapWithConcurrency } from './batching';
import { AwsLimits } from './limits';

const isNotFound = (err: unknown) => err instanceof GatewayError && err.code === ErrorCode.NOT_FOUND;

/** Runbook loader keys: the name, or `name@version` for a pinned version. */
export const runbookKey = (name: string, version?: string | null) => (version ? `${name}@${version}` : name);
const splitRunbookKey = (key: string) => {
  const at = key.lastIndexOf('@');
  return at > 0 ? { Name: key.slice(0, at), DocumentVersion: key.slice(at + 1) } : { Name: key };
};

export function createSsmLoaders(aws: AwsAccess, region: string, perItemConcurrency: number) {
  /** Summary rows, 10 ids per DescribeAutomationExecutions call (SSM's filter-value limit). */
  const execution = new DataLoader<string, AutomationExecution | null>(
    async (ids) => {
      const pages = await allPages((NextToken) =>
        aws.read(
          'ssm',
          region,
          new DescribeAutomationExecutionsCommand({
            Filters: [{ Key: 'ExecutionId', Values: [...ids] }],
            MaxResults: AwsLimits.ssmExecutionsMaxResults,
            NextToken,
          }),
        ),
      );
      const byId = new Map<string, AutomationExecution>();
      for (const p of pages) for (const e of p.AutomationExecutionMetadataList ?? []) byId.set(e.AutomationExecutionId ?? '', mapExecution(e, region));
      return inKeyOrder(ids, byId, null);
    },
    { maxBatchSize: AwsLimits.ssmExecutionFilterValues },
  );

  /** Full executions (steps, parameters): one id per call, so concurrency is bounded. */
  const executionDetail = new DataLoader<string, SsmExecution | null>(async (ids) =>
    mapWithConcurrency(ids, perItemConcurrency, async (AutomationExecutionId) => {
      try {
        const out = await aws.read('ssm', region, new GetAutomationExecutionCommand({ AutomationExecutionId }));
        return out.AutomationExecution ?? null;
      } catch (err) {
        return isNotFound(err) ? null : (err as Error);
      }
    }),
  );

  const managedNode = new DataLoader<string, ManagedNode | null>(
    async (instanceIds) => {
      const pages = await allPages((NextToken) =>
        aws.read(
          'ssm',
          region,
          new DescribeInstanceInformationCommand({
            Filters: [{ Key: 'InstanceIds', Values: [...instanceIds] }],
            MaxResults: AwsLimits.ssmInstanceInfoMaxResults,
            NextToken,
          }),
        ),
      );
      const byId = new Map<string, ManagedNode>();
      for (const p of pages) for (const i of p.InstanceInformationList ?? []) byId.set(i.InstanceId ?? '', mapManagedNode(i));
      return inKeyOrder(instanceIds, byId, null);
    },
    { maxBatchSize: AwsLimits.ssmInstanceInfoValues },
  );

  const runbook = new DataLoader<string, Runbook | null>(async (keys) =>
    mapWithConcurrency(keys, perItemConcurrency, async (key) => {
      try {
        const out = await aws.read('ssm', region, new DescribeDocumentCommand(splitRunbookKey(key)));
        return out.Document ? mapRunbook(out.Document, region) : null;
      } catch (err) {
        return isNotFound(err) ? null : (err as Error);
      }
    }),
  );

  const runbookContent = new DataLoader<string, ParsedRunbookContent | null>(async (keys) =>
    mapWithConcurrency(keys, perItemConcurrency, async (key) => {
      try {
        const out = await aws.read('ssm', region, new GetDocumentCommand({ ...splitRunbookKey(key), DocumentFormat: 'JSON' }));
        return parseRunbookContent(out.Content);
      } catch (err) {
        return isNotFound(err) ? null : (err as Error);
      }
    }),
  );

  return { execution, executionDetail, managedNode, runbook, runbookContent };
}

export type SsmLoaders = ReturnType<typeof createSsmLoaders>;
