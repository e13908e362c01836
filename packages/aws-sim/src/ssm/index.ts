/**
 * The simulated SSM service (Automation + managed nodes + runbook documents).
 *
 *   const ssm = createSsmService(ctx, () => ec2.sharedInstances());
 *   ssm.handle('GetAutomationExecution', { AutomationExecutionId }, caller)
 *
 * handle() takes the awsJson1_1 operation name and parsed body and returns the JSON response
 * (timestamps in epoch seconds) or throws SimError(__type, message). Before every call the world
 * is advanced to ctx.clock.now(); nothing runs on timers.
 */
import { ActionTable, findAction } from '../core/actions';
import type { Caller, ServiceContext, SharedInstanceView, SimService } from '../core/contract';
import { SimError } from '../core/contract';
import { Catalog } from './catalog';
import { isTerminal } from './execution';
import { NodeDirectory } from './nodes';
import { describeAutomationExecutions, describeAutomationStepExecutions, getAutomationExecution } from './ops/executions';
import { describeDocument, getDocument, listDocuments } from './ops/documents';
import { describeInstanceInformation } from './ops/instances';
import { sendAutomationSignal, startAutomationExecution, stopAutomationExecution } from './ops/mutations';
import { getExecutionPreview, startExecutionPreview } from './ops/preview';
import { seedExecutions } from './seed';
import { Prng } from '../core/rng';
import { SsmWorld, MAX_RUNNING_AUTOMATIONS } from './world';

export { MAX_RUNNING_AUTOMATIONS } from './world';
export { MAX_INSTANCE_ID_VALUES } from './ops/instances';

type Body = Record<string, unknown>;
type Handler = (body: Body, caller: Caller, now: number) => unknown;

export interface SsmWorldSummary {
  demo: { waitingApprovalExecution?: string };
  runbooks: { name: string; owner: string; steps: number; approval: boolean; custom: boolean }[];
  managedNodes: number;
  managedNodesOnline: number;
  executions: number;
  executionsByStatus: Record<string, number>;
  activeExecutions: number;
  runningLimit: number;
}

export type SsmService = SimService<Record<string, unknown>, unknown> & {
  worldSummary(): SsmWorldSummary;
};

/** What SSM knows of the EC2 world next to it: its instances, and the Mac the demo approval run targets. */
export interface Ec2View {
  instances(): SharedInstanceView[];
  approvalTargetMac?(): string | undefined;
}

export function createSsmService(ctx: ServiceContext, ec2: Ec2View | (() => SharedInstanceView[])): SsmService {
  const view: Ec2View = typeof ec2 === 'function' ? { instances: ec2 } : ec2;
  const instances = () => view.instances();
  const catalog = new Catalog({ accountId: ctx.accountId });
  const nodes = new NodeDirectory(ctx.options.seed, ctx.region, ctx.accountId);
  let world: SsmWorld | null = null;

  /** Built lazily so the EC2 world exists and the clock has been reset when we seed. */
  function getWorld(): SsmWorld {
    if (!world) {
      const w = new SsmWorld({ catalog, nodes, accountId: ctx.accountId, region: ctx.region, instances }, new Prng((ctx.options.seed ^ 0x55d1a7e5) >>> 0));
      const insts = instances();
      seedExecutions({
        world: w,
        now: ctx.clock.now(),
        accountId: ctx.accountId,
        region: ctx.region,
        instances: insts,
        count: Math.min(500, Math.max(40, Math.round(Math.max(insts.length, ctx.options.instances) / 10))),
        approvalTargetMac: view.approvalTargetMac?.(),
      });
      world = w;
    }
    return world;
  }

  const ops: ActionTable<Handler> = {
    DescribeAutomationExecutions: { run: (b) => describeAutomationExecutions(getWorld(), b), mutating: false },
    GetAutomationExecution: { run: (b) => getAutomationExecution(getWorld(), b), mutating: false },
    DescribeAutomationStepExecutions: { run: (b) => describeAutomationStepExecutions(getWorld(), b), mutating: false },
    DescribeInstanceInformation: { run: (b, _c, now) => describeInstanceInformation(nodes, instances(), now, b), mutating: false },
    ListDocuments: { run: (b) => listDocuments(catalog, ctx.accountId, b), mutating: false },
    DescribeDocument: { run: (b) => describeDocument(catalog, b), mutating: false },
    GetDocument: { run: (b) => getDocument(catalog, b), mutating: false },
    StartAutomationExecution: { run: (b, c, now) => startAutomationExecution(getWorld(), now, c, b), mutating: true },
    StopAutomationExecution: { run: (b, _c, now) => stopAutomationExecution(getWorld(), now, b), mutating: true },
    SendAutomationSignal: { run: (b, c, now) => sendAutomationSignal(getWorld(), now, c, b), mutating: true },
    StartExecutionPreview: { run: (b, _c, now) => startExecutionPreview(getWorld(), now, b), mutating: true },
    GetExecutionPreview: { run: (b) => getExecutionPreview(getWorld(), b), mutating: false },
  };

  return {
    name: 'ssm',
    actions: ops,
    // SSM throttles each API on its own (ThrottlingException); one bucket class for all of them.
    throttleClass: (action: string) => ({ bucket: 'ssm', key: action }),
    handle(action: string, request: Record<string, unknown>, caller: Caller): unknown {
      const op = findAction(ops, action);
      if (!op) throw new SimError('InvalidAction', `The action ${action} is not valid for this web service.`);
      if (op.mutating && !caller.canWrite) {
        throw new SimError(
          'AccessDeniedException',
          `User: ${caller.arn} is not authorized to perform: ssm:${action} because no identity-based policy allows the ssm:${action} action`,
        );
      }
      const now = ctx.clock.now();
      const w = getWorld();
      w.tick(now);
      const body = request && typeof request === 'object' && !Array.isArray(request) ? request : {};
      return op.run(body, caller, now);
    },
    reset(): void {
      world = null;
    },
    worldSummary(): SsmWorldSummary {
      const w = getWorld();
      const now = ctx.clock.now();
      w.tick(now);
      const byStatus: Record<string, number> = {};
      for (const e of w.executions.values()) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
      const list = nodes.list(instances(), now);
      return {
        demo: { ...w.demo },
        runbooks: catalog.runbooks.map((r) => ({
          name: r.name,
          owner: r.owner === 'Amazon' ? 'Amazon' : 'Self',
          steps: r.steps.length,
          approval: r.steps.some((s) => s.action === 'aws:approve'),
          custom: !!r.custom,
        })),
        managedNodes: list.length,
        managedNodesOnline: list.filter((n) => n.PingStatus === 'Online').length,
        executions: w.executions.size,
        executionsByStatus: byStatus,
        activeExecutions: [...w.active].filter((e) => !isTerminal(e)).length,
        runningLimit: MAX_RUNNING_AUTOMATIONS,
      };
    },
  };
}
