import {
  DisableImageBlockPublicAccessCommand,
  DisableImageDeprecationCommand,
  DisableImageDeregistrationProtectionCommand,
  EnableImageBlockPublicAccessCommand,
  EnableImageDeprecationCommand,
  EnableImageDeregistrationProtectionCommand,
  GetImageBlockPublicAccessStateCommand,
} from '@aws-sdk/client-ec2';
import { toEnumName } from '../../schema/enums';
import { type ImageBlockPublicAccess, ImageBlockPublicAccessState } from '../../schema/image-governance.type';
import type { AnyCommand } from '../call';
import type { AwsCore, View } from '../core';
import { writeOrDryRun } from '../dry-run';
import type { Scope } from '../scope';

/** Account × region: may AMIs be made public here (GetImageBlockPublicAccessState)? Cached like other reads. */
export function readImageBlockPublicAccess(core: AwsCore, view: View, scope: Scope): Promise<ImageBlockPublicAccess> {
  return core.read(view, scope, { service: 'ec2', kind: 'imageBlockPublicAccess', action: 'GetImageBlockPublicAccessState' }, '', async (send) => {
    const out = await send(new GetImageBlockPublicAccessStateCommand({}));
    return {
      state: toEnumName(out.ImageBlockPublicAccessState ?? 'unblocked') as ImageBlockPublicAccessState,
      managedBy: out.ManagedBy ?? null,
      region: scope.region,
      accountId: scope.accountId,
    };
  });
}

/** A write answered `{ dryRun }` on a dry run, `{ dryRun: null }` once done. */
async function governanceWrite(core: AwsCore, view: View, scope: Scope, dryRun: boolean, command: (dryRun: boolean) => AnyCommand) {
  return { dryRun: (await writeOrDryRun(dryRun, (d) => core.write(view, scope, 'ec2', command(d)))).dryRun };
}

/** Enable (`BLOCK_NEW_SHARING`) or disable (`UNBLOCKED`); AWS takes up to 10 minutes to apply it. */
export function writeImageBlockPublicAccess(core: AwsCore, view: View, scope: Scope, state: ImageBlockPublicAccessState, dryRun: boolean) {
  return governanceWrite(core, view, scope, dryRun, (DryRun) =>
    state === ImageBlockPublicAccessState.BLOCK_NEW_SHARING
      ? new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'block-new-sharing', DryRun })
      : new DisableImageBlockPublicAccessCommand({ DryRun }),
  );
}

export function writeDeregistrationProtection(core: AwsCore, view: View, scope: Scope, imageId: string, change: { enabled: boolean; withCooldown: boolean }, dryRun: boolean) {
  return governanceWrite(core, view, scope, dryRun, (DryRun) =>
    change.enabled
      ? new EnableImageDeregistrationProtectionCommand({ ImageId: imageId, WithCooldown: change.withCooldown, DryRun })
      : new DisableImageDeregistrationProtectionCommand({ ImageId: imageId, DryRun }),
  );
}

/** Deprecate at `at` (AWS rounds to the minute), or cancel the deprecation when `at` is null. */
export function writeDeprecation(core: AwsCore, view: View, scope: Scope, imageId: string, at: Date | null, dryRun: boolean) {
  return governanceWrite(core, view, scope, dryRun, (DryRun) =>
    at ? new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: at, DryRun }) : new DisableImageDeprecationCommand({ ImageId: imageId, DryRun }),
  );
}
