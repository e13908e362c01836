import type { GetExecutionPreviewCommandOutput } from '@aws-sdk/client-ssm';
import { AutomationPreviewStatus, type AutomationPreview } from '../../schema/automation-preview.type';
import { toEnumName } from '../../schema/enums';
import type { Scope } from '../scope';

/** GetExecutionPreview → the gateway's AutomationPreview (document fields are the caller's to add). */
export function mapPreview(out: GetExecutionPreviewCommandOutput, scope: Scope): AutomationPreview {
  const automation = out.ExecutionPreview && 'Automation' in out.ExecutionPreview ? out.ExecutionPreview.Automation : undefined;
  const steps = automation?.StepPreviews;
  return {
    id: out.ExecutionPreviewId ?? '',
    region: scope.region,
    accountId: scope.accountId,
    status: toEnumName(out.Status ?? 'Pending') as AutomationPreviewStatus,
    statusMessage: out.StatusMessage ?? null,
    endedAt: out.EndedAt ?? null,
    stepImpact: steps ? { mutating: steps.Mutating ?? 0, nonMutating: steps.NonMutating ?? 0, undetermined: steps.Undetermined ?? 0 } : null,
    regions: automation?.Regions ?? [],
    targets: (automation?.TargetPreviews ?? []).map((t) => ({ targetType: t.TargetType ?? '', count: t.Count ?? 0 })),
    totalAccounts: automation?.TotalAccounts ?? null,
  };
}

export function isPreviewDone(p: AutomationPreview): boolean {
  return p.status === AutomationPreviewStatus.SUCCESS || p.status === AutomationPreviewStatus.FAILED;
}

/** Waits between GetExecutionPreview polls: AWS takes seconds to make a preview. */
export const PREVIEW_POLL_DELAYS_MS = [250, 500, 1000, 1000, 2000, 2000, 2000] as const;

/**
 * Poll until the preview is done or the delays run out (then the last answer is returned as it
 * is, still PENDING or IN_PROGRESS: the caller can ask again with its id).
 */
export async function pollPreview(
  get: () => Promise<AutomationPreview>,
  delays: readonly number[] = PREVIEW_POLL_DELAYS_MS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<AutomationPreview> {
  let preview = await get();
  for (const ms of delays) {
    if (isPreviewDone(preview)) break;
    await sleep(ms);
    preview = await get();
  }
  return preview;
}
