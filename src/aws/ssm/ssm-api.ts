import {
  DescribeAutomationExecutionsCommand,
  GetExecutionPreviewCommand,
  ListDocumentsCommand,
  SendAutomationSignalCommand,
  StartAutomationExecutionCommand,
  StartExecutionPreviewCommand,
  StopAutomationExecutionCommand,
  type AutomationExecutionFilter,
  type DocumentKeyValuesFilter,
} from '@aws-sdk/client-ssm';
import type { AutomationExecution } from '../../schema/automation.type';
import type { AutomationPreview } from '../../schema/automation-preview.type';
import type { ManagedNode } from '../../schema/managed-node.type';
import type { Runbook } from '../../schema/runbook.type';
import { setKey } from '../cache/keys';
import type { AwsCore, Found, View } from '../core';
import type { TagValue } from '../ec2/writes';
import { AwsLimits } from '../limits';
import { allItems, type Page, type PageRequest } from '../paging';
import type { Scope } from '../scope';
import { executionDetailItem, executionLookup, managedNodeLookup, runbookContentItem, runbookItem } from './lookups';
import { mapExecution, mapRunbook, type ExecutionDetail, type ParsedRunbookContent } from './mappers';
import { mapPreview, pollPreview } from './preview';
import { ACTIVE_AUTOMATION_STATUSES } from './statuses';

export interface ExecutionQuery {
  documentNamePrefix?: string | null;
  /** SSM's spellings: `InProgress`, `Success`, … */
  statuses?: string[] | null;
}

export interface RunbookQuery {
  namePrefix?: string | null;
  /** `Amazon`, `Self`, `Public`, `Private`; absent = all owners. */
  owner?: string | null;
}

export interface StartExecutionInput {
  documentName: string;
  documentVersion?: string | null;
  parameters?: Record<string, string[]>;
  mode?: 'Auto' | 'Interactive';
  targetParameterName?: string | null;
  targets?: Array<{ key: string; values: string[] }> | null;
  maxConcurrency?: string | null;
  maxErrors?: string | null;
  tags?: TagValue[] | null;
  clientToken: string;
}

export type AutomationSignalType = 'Approve' | 'Reject' | 'Resume' | 'StartStep' | 'StopStep';

/**
 * SSM (Automation, documents, managed nodes) for one scope, in intention-named methods. Id
 * lookups are batched across requests; one-per-call reads are bounded and cached.
 */
export class SsmApi {
  constructor(
    private readonly core: AwsCore,
    private readonly view: View,
    readonly scope: Scope,
  ) {}

  executionsByIds(ids: readonly string[]): Promise<Found<AutomationExecution>> {
    return this.core.lookup(this.view, this.scope, executionLookup, ids);
  }

  managedNodesByInstanceIds(instanceIds: readonly string[]): Promise<Found<ManagedNode>> {
    return this.core.lookup(this.view, this.scope, managedNodeLookup, instanceIds);
  }

  /** Steps, parameters and targets (GetAutomationExecution); null when SSM has no such execution. */
  executionDetail(executionId: string): Promise<ExecutionDetail | null> {
    return this.core.item(this.view, this.scope, executionDetailItem, executionId);
  }

  /** DescribeDocument; `key` is the name or `name@version` (see runbookKey). */
  runbook(key: string): Promise<Runbook | null> {
    return this.core.item(this.view, this.scope, runbookItem, key);
  }

  /** Parameters and steps from the document's content (GetDocument). */
  runbookContent(key: string): Promise<ParsedRunbookContent | null> {
    return this.core.item(this.view, this.scope, runbookContentItem, key);
  }

  listExecutions(query: ExecutionQuery, page: PageRequest): Promise<Page<AutomationExecution>> {
    const Filters: AutomationExecutionFilter[] = [];
    if (query.documentNamePrefix) Filters.push({ Key: 'DocumentNamePrefix', Values: [query.documentNamePrefix] });
    if (query.statuses?.length) Filters.push({ Key: 'ExecutionStatus', Values: query.statuses });
    return this.core.read(this.view, this.scope, { service: 'ssm', kind: 'executions', action: 'DescribeAutomationExecutions' }, setKey({ query, page }), async (send) => {
      const out = await send(new DescribeAutomationExecutionsCommand({ Filters: Filters.length ? Filters : undefined, MaxResults: page.maxResults, NextToken: page.nextToken }));
      return { items: (out.AutomationExecutionMetadataList ?? []).map((e) => mapExecution(e, this.scope)), nextToken: out.NextToken };
    });
  }

  /** Every execution still running or waiting in the scope (the watcher's fleet scan). */
  activeExecutions(): Promise<AutomationExecution[]> {
    return this.core.read(this.view, this.scope, { service: 'ssm', kind: 'activeExecutions', action: 'DescribeAutomationExecutions' }, '', async (send) => {
      const rows = await allItems(
        (NextToken) =>
          send(new DescribeAutomationExecutionsCommand({ Filters: [{ Key: 'ExecutionStatus', Values: [...ACTIVE_AUTOMATION_STATUSES] }], MaxResults: AwsLimits.ssmExecutionsMaxResults, NextToken })),
        (page) => page.AutomationExecutionMetadataList ?? [],
        10,
      );
      return rows.map((e) => mapExecution(e, this.scope));
    });
  }

  /** Automation runbooks (documents of type Automation). */
  listRunbooks(query: RunbookQuery, page: PageRequest): Promise<Page<Runbook>> {
    const Filters: DocumentKeyValuesFilter[] = [{ Key: 'DocumentType', Values: ['Automation'] }];
    if (query.owner) Filters.push({ Key: 'Owner', Values: [query.owner] });
    if (query.namePrefix) Filters.push({ Key: 'Name', Values: [query.namePrefix] });
    return this.core.read(this.view, this.scope, { service: 'ssm', kind: 'runbooks', action: 'ListDocuments' }, setKey({ query, page }), async (send) => {
      const out = await send(new ListDocumentsCommand({ Filters, MaxResults: page.maxResults, NextToken: page.nextToken }));
      return { items: (out.DocumentIdentifiers ?? []).map((d) => mapRunbook(d, this.scope)), nextToken: out.NextToken };
    });
  }

  /** Starts a runbook; resolves with the execution id. */
  async startExecution(input: StartExecutionInput): Promise<string> {
    const out = await this.core.write(
      this.view,
      this.scope,
      'ssm',
      new StartAutomationExecutionCommand({
        DocumentName: input.documentName,
        DocumentVersion: input.documentVersion ?? undefined,
        Parameters: input.parameters,
        Mode: input.mode,
        TargetParameterName: input.targetParameterName ?? undefined,
        Targets: input.targets?.map((t) => ({ Key: t.key, Values: t.values })),
        MaxConcurrency: input.maxConcurrency ?? undefined,
        MaxErrors: input.maxErrors ?? undefined,
        Tags: input.tags?.map((t) => ({ Key: t.key, Value: t.value })),
        ClientToken: input.clientToken,
      }),
    );
    if (!out.AutomationExecutionId) throw new Error('SSM returned no AutomationExecutionId');
    return out.AutomationExecutionId;
  }

  /**
   * What the run would do, where (StartExecutionPreview), waited for with GetExecutionPreview polls
   * while AWS makes it. Nothing runs, nothing changes: no cache is dropped.
   */
  async previewExecution(input: Omit<StartExecutionInput, 'mode' | 'maxConcurrency' | 'maxErrors' | 'tags' | 'clientToken'>): Promise<AutomationPreview> {
    const send = this.core.send(this.scope, 'ssm', this.view.report);
    const started = await send(
      new StartExecutionPreviewCommand({
        DocumentName: input.documentName,
        DocumentVersion: input.documentVersion ?? undefined,
        ExecutionInputs: {
          Automation: {
            Parameters: input.parameters,
            TargetParameterName: input.targetParameterName ?? undefined,
            Targets: input.targets?.map((t) => ({ Key: t.key, Values: t.values })),
          },
        },
      }),
    );
    if (!started.ExecutionPreviewId) throw new Error('SSM returned no ExecutionPreviewId');
    const id = started.ExecutionPreviewId;
    return pollPreview(() => this.executionPreview(id));
  }

  /** GetExecutionPreview, as it is now (never cached: a preview changes until it is done). */
  async executionPreview(previewId: string): Promise<AutomationPreview> {
    const out = await this.core.send(this.scope, 'ssm', this.view.report)(new GetExecutionPreviewCommand({ ExecutionPreviewId: previewId }));
    return mapPreview(out, this.scope);
  }

  async stopExecution(executionId: string, type: 'Cancel' | 'Complete'): Promise<void> {
    await this.core.write(this.view, this.scope, 'ssm', new StopAutomationExecutionCommand({ AutomationExecutionId: executionId, Type: type }));
  }

  async sendSignal(executionId: string, signal: AutomationSignalType, payload?: Record<string, string[]>): Promise<void> {
    await this.core.write(this.view, this.scope, 'ssm', new SendAutomationSignalCommand({ AutomationExecutionId: executionId, SignalType: signal, Payload: payload }));
  }
}
