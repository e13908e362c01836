/**
 * The seeded Automation history: deterministic from the PRNG seed and the EC2 instances. Each
 * execution is produced by *running* the state machine from a past start time up to "now" (with
 * signals/cancels injected on the way), so every seeded record is one the simulator could have
 * produced itself.
 */
import type { SharedInstanceView } from '../core/contract';
import type { RunbookDef } from './catalog';
import { advance, approve, createExecution, reject, requestCancel } from './engine';
import type { Execution } from './execution';
import type { Prng } from '../core/rng';
import type { SsmWorld } from './world';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const OPERATORS = ['alice', 'bob', 'carol', 'dmitri', 'erin'];

export function executedBy(prng: Prng, accountId: string): string {
  return prng.chance(0.7)
    ? `arn:aws:sts::${accountId}:assumed-role/FleetOperators/${prng.pick(OPERATORS)}`
    : `arn:aws:iam::${accountId}:user/${prng.pick(OPERATORS)}`;
}

/** Plausible values for a runbook parameter. */
export function sampleParameters(
  doc: RunbookDef,
  prng: Prng,
  accountId: string,
  region: string,
  instances: readonly SharedInstanceView[],
  opts: { macOnly?: boolean } = {},
): Record<string, string[]> {
  const running = instances.filter((i) => i.state === 'running' && (!opts.macOnly || i.platform === 'macOS'));
  const pool = running.length ? running : instances;
  const instanceId = () => (pool.length ? prng.pick(pool).instanceId : `i-0${prng.hex(16)}`);
  const out: Record<string, string[]> = {};
  for (const p of doc.parameters) {
    if (!p.required && p.name !== 'AutomationAssumeRole' && !prng.chance(0.3)) continue;
    const n = p.name;
    let v: string[];
    if (n === 'AutomationAssumeRole') v = [`arn:aws:iam::${accountId}:role/AutomationServiceRole`];
    else if (n === 'FailAtStep') v = ['none'];
    else if (p.allowedValues?.length) v = [prng.pick(p.allowedValues)];
    else if (n === 'InstanceId') v = [instanceId()];
    else if (n === 'InstanceIds') v = [...new Set(Array.from({ length: prng.int(1, 3) }, instanceId))];
    else if (n === 'Approvers') v = [`arn:aws:iam::${accountId}:role/FleetOperators`];
    else if (/GroupId$/.test(n) && !/Rule/.test(n)) v = [`sg-0${prng.hex(16)}`];
    else if (n === 'SubnetId') v = [`subnet-0${prng.hex(16)}`];
    else if (n === 'NetworkAclId') v = [`acl-0${prng.hex(16)}`];
    else if (n === 'AllocationId') v = [`eipalloc-0${prng.hex(16)}`];
    else if (n === 'FlowLogId') v = [`fl-0${prng.hex(16)}`];
    else if (n === 'ResourceIds') v = [`vpc-0${prng.hex(16)}`];
    else if (n === 'DirectoryId') v = [`d-${prng.hex(10)}`];
    else if (n === 'BundleId') v = [`wsb-${prng.hex(9)}`];
    else if (n === 'WorkspaceId') v = [`ws-${prng.hex(9)}`];
    else if (n === 'AutomationExecutionId') v = [prng.uuid()];
    else if (/RuleId|RuleGroupId|WebACLId/.test(n)) v = [prng.uuid()];
    else if (n === 'KeyId') v = [`arn:aws:kms:${region}:${accountId}:key/${prng.uuid()}`];
    else if (n === 'WebAclArn') v = [`arn:aws:wafv2:${region}:${accountId}:regional/webacl/fleetgraph/${prng.uuid()}`];
    else if (n === 'LogDestinationConfigs') v = [`arn:aws:firehose:${region}:${accountId}:deliverystream/aws-waf-logs-fleetgraph`];
    else if (n === 'DeliveryStreamName') v = ['aws-waf-logs-fleetgraph'];
    else if (/Bucket/.test(n) || n === 'LogDestinationARN') v = ['arn:aws:s3:::fleetgraph-flow-logs'];
    else if (/Arn$/.test(n)) v = [`arn:aws:iam::${accountId}:role/FlowLogsDeliveryRole`];
    else if (/LogGroup/.test(n)) v = ['/fleetgraph/vpc-flow-logs'];
    else if (n === 'TargetIPs') v = ['10.0.0.10,10.0.1.20'];
    else if (n === 'UserName') v = [prng.pick(OPERATORS)];
    else if (p.type === 'Integer') v = [String(/Size/.test(n) ? prng.pick([50, 80, 100]) : prng.int(1, 99))];
    else if (p.type === 'Boolean') v = ['false'];
    else if (p.type === 'StringList') v = [`fleetgraph-${prng.hex(6)}`];
    else v = [`fleetgraph-${prng.hex(6)}`];
    out[n] = v;
  }
  return out;
}

type Recipe = 'success' | 'fail' | 'reject' | 'cancelled' | 'timedout' | 'waiting' | 'interactive' | 'inprogress' | 'pending' | 'cancelling';

function recipePlan(total: number): Recipe[] {
  // a fixed handful of live executions (well under the 100-running limit), the rest history
  const live: Recipe[] = ['waiting', 'waiting', 'waiting', 'interactive', 'inprogress', 'inprogress', 'inprogress', 'inprogress', 'inprogress', 'pending', 'pending', 'cancelling', 'cancelling'];
  const rest = Math.max(0, total - live.length);
  const plan: Recipe[] = [...live];
  for (let i = 0; i < rest; i++) {
    const r = i % 20;
    plan.push(r < 12 ? 'success' : r < 15 ? 'fail' : r < 16 ? 'reject' : r < 18 ? 'cancelled' : 'timedout');
  }
  return plan;
}

export interface SeedContext {
  world: SsmWorld;
  now: number;
  accountId: string;
  region: string;
  instances: readonly SharedInstanceView[];
  count: number;
  /** The Mac the demo run waiting for approval would reboot (a fixed EC2 instance). */
  approvalTargetMac?: string;
}

export function seedExecutions(ctx: SeedContext): void {
  const { world, now, accountId, region, instances } = ctx;
  const prng = world.prng;
  const cat = world.deps.catalog;
  const approvalDoc = cat.get('FleetGraph-ApprovedMacReboot')!;
  const healthDoc = cat.get('FleetGraph-RunInstanceHealthCheck')!;
  const amazon = cat.runbooks.filter((r) => r.owner === 'Amazon');
  const custom = cat.runbooks.filter((r) => r.owner !== 'Amazon' && r.name !== 'FleetGraph-ApprovedMacReboot');
  const hasMac = instances.some((i) => i.platform === 'macOS' && i.state === 'running');

  const make = (doc: RunbookDef, startMs: number, params: Record<string, string[]>, mode: 'Auto' | 'Interactive' = 'Auto'): Execution =>
    createExecution({
      id: world.newId(),
      doc,
      documentVersion: doc.documentVersion,
      mode,
      startMs,
      executedBy: executedBy(prng, accountId),
      parameters: params,
      stepIds: world.stepIds(doc),
      tags: prng.chance(0.3) ? [{ Key: 'Team', Value: prng.pick(['mac-fleet', 'platform', 'security']) }] : [],
    });
  const pickDoc = (): RunbookDef => (prng.chance(0.5) ? prng.pick(custom) : prng.pick(amazon));
  const params = (doc: RunbookDef) => sampleParameters(doc, prng, accountId, region, instances, { macOnly: doc === approvalDoc && hasMac });
  const pastStart = () => now - prng.int(2 * HOUR, 30 * DAY);

  let demoPending = true;
  for (const recipe of recipePlan(ctx.count)) {
    let e: Execution;
    switch (recipe) {
      case 'success': {
        const doc = prng.chance(0.15) ? approvalDoc : pickDoc();
        e = make(doc, pastStart(), params(doc));
        if (doc === approvalDoc) {
          advance(e, e.startMs + 2 * MIN);
          approve(e, e.startMs + prng.int(3, 40) * MIN, `arn:aws:iam::${accountId}:user/${prng.pick(OPERATORS)}`, 'Approved during the maintenance window');
        }
        advance(e, now);
        break;
      }
      case 'fail': {
        const doc = prng.chance(0.5) ? healthDoc : prng.pick(amazon.filter((r) => r.parameters.some((p) => p.required && p.type === 'String' && !p.allowedValues && p.name !== 'AutomationAssumeRole')));
        const p = params(doc);
        if (doc === healthDoc) p.FailAtStep = [prng.pick(['VerifyManagedInstances', 'RunHealthCheck', 'PublishReport'])];
        else {
          const target = doc.parameters.find((x) => x.required && x.type === 'String' && !x.allowedValues && x.name !== 'AutomationAssumeRole');
          if (target) p[target.name] = ['fail'];
        }
        e = make(doc, pastStart(), p);
        advance(e, now);
        break;
      }
      case 'reject': {
        e = make(approvalDoc, pastStart(), params(approvalDoc));
        advance(e, e.startMs + 2 * MIN);
        reject(e, e.startMs + prng.int(5, 50) * MIN, `arn:aws:iam::${accountId}:user/${prng.pick(OPERATORS)}`, 'Not during business hours');
        advance(e, now);
        break;
      }
      case 'cancelled': {
        const doc = pickDoc();
        e = make(doc, pastStart(), params(doc));
        const at = e.startMs + prng.int(3, 20) * 1000;
        advance(e, at);
        requestCancel(e, at);
        advance(e, now);
        break;
      }
      case 'timedout': {
        e = make(approvalDoc, now - prng.int(8 * DAY, 30 * DAY), params(approvalDoc));
        advance(e, now); // nobody approved within the step's 7 days
        break;
      }
      case 'waiting': {
        // The first is the demo run (fixed parameters, so its id is the stream's first: stable).
        const demoTarget = demoPending ? ctx.approvalTargetMac : undefined;
        demoPending = false;
        e = demoTarget
          ? make(approvalDoc, now - 10 * MIN, { InstanceId: [demoTarget], Reason: ['macOS security update'] })
          : make(approvalDoc, now - prng.int(2, 45) * MIN, params(approvalDoc));
        if (demoTarget) world.demo.waitingApprovalExecution = e.id;
        advance(e, now);
        break;
      }
      case 'interactive': {
        const doc = healthDoc;
        e = make(doc, now - prng.int(1, 10) * MIN, params(doc), 'Interactive');
        advance(e, now);
        break;
      }
      case 'inprogress': {
        const long = cat.runbooks.filter((r) => r.steps.length >= 3 && !r.steps.some((s) => s.action === 'aws:approve'));
        const doc = prng.pick(long);
        e = make(doc, now, params(doc));
        const total = e.steps.reduce((a, s) => a + s.durationMs, 0);
        e.startMs = now - Math.floor(total * (0.2 + prng.next() * 0.5));
        e.nextEventMs = e.startMs + 1000;
        advance(e, now);
        break;
      }
      case 'pending': {
        const doc = pickDoc();
        e = make(doc, now - prng.int(0, 500), params(doc));
        break;
      }
      case 'cancelling': {
        const doc = prng.pick(cat.runbooks.filter((r) => r.steps.length >= 3 && !r.steps.some((s) => s.action === 'aws:approve')));
        e = make(doc, now - prng.int(10, 25) * 1000, params(doc));
        advance(e, now);
        requestCancel(e, now);
        break;
      }
    }
    world.add(e);
  }
}
