import {
  RebootInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  type InstanceStateChange as Ec2StateChange,
} from '@aws-sdk/client-ec2';
import type { InstanceStateChange } from '../../schema/host-mutation.type';
import { InstanceState, toEnumName } from '../../schema/enums';
import type { DryRunResult } from '../../schema/mutation.type';
import type { AwsCore, View } from '../core';
import { writeOrDryRun } from '../dry-run';
import type { Scope } from '../scope';

export type PowerAction = 'start' | 'stop' | 'reboot';

export interface PowerWrite {
  /** AWS's previous and current state per instance (start, stop); RebootInstances answers only `true`: empty. */
  changes: InstanceStateChange[];
  dryRun: DryRunResult | null;
}

const state = (s: { Name?: string } | undefined): InstanceState => toEnumName(s?.Name ?? 'pending') as InstanceState;

function mapChange(c: Ec2StateChange): InstanceStateChange {
  return { instanceId: c.InstanceId ?? '', previousState: state(c.PreviousState), currentState: state(c.CurrentState) };
}

function command(action: PowerAction, InstanceIds: string[], DryRun: boolean) {
  if (action === 'start') return new StartInstancesCommand({ InstanceIds, DryRun });
  if (action === 'stop') return new StopInstancesCommand({ InstanceIds, DryRun });
  return new RebootInstancesCommand({ InstanceIds, DryRun });
}

/** StartInstances / StopInstances / RebootInstances (no ClientToken in AWS: a repeat is a no-op, not a duplicate). */
export async function powerInstances(core: AwsCore, view: View, scope: Scope, action: PowerAction, ids: string[], dryRun: boolean): Promise<PowerWrite> {
  const { out, dryRun: answer } = await writeOrDryRun(dryRun, (d) => core.write(view, scope, 'ec2', command(action, ids, d)));
  const changes = !out ? undefined : 'StartingInstances' in out ? out.StartingInstances : 'StoppingInstances' in out ? out.StoppingInstances : undefined;
  return { changes: (changes ?? []).map(mapChange), dryRun: answer };
}
