/**
 * The default world's well-known ids: seed 42, the management account in the first region, any
 * SIM_INSTANCES ≥ SIM_DEMO_MIN_INSTANCES (the fixed part of every world). README examples use them
 * verbatim; GET /_sim/world's `demo` shows the same ids for whatever world is running.
 */
import { FIXED } from './ec2/seed';

/** Worlds at least this large hold every demo id. */
export const SIM_DEMO_MIN_INSTANCES = FIXED.length;

export const DEMO_IDS = {
  /** mac1.metal, running, no active Mac modification task. */
  idleX86Mac: 'i-0436b9de700000000',
  /** mac2.metal, running, no active Mac modification task. */
  idleAppleSiliconMac: 'i-0e01351049e3779b1',
  /** mac2-m2pro.metal, running: the instance the waiting approval run would reboot. */
  approvalTargetMac: 'i-00545be9adaa66d13',
  /** An AMI the account owns (macOS arm64, shared with a member account and the organisation). */
  ownedImage: 'ami-0a0c2131717156075',
  /** An AMI the account owns and has made public. */
  ownedPublicImage: 'ami-0bfb8012908d12dfd',
  /** A successful SIP modification task on the idle x86 Mac. */
  completedMacTask: 'macmodification-01e4db05800000000',
  /** A free mac2.metal host allocated 3 hours before the simulated epoch: ReleaseHosts refuses it for 21 more hours. */
  youngMacHost: 'h-05ca92872cf000000',
  /** A free mac1.metal host allocated 10 days ago, available: ReleaseHosts releases it. */
  releasableMacHost: 'h-0ce56b0896d3779b1',
  /** A mac-m4.metal host scrubbing (pending) after its instance was terminated; available within about 1–4.5 hours of simulated time. */
  scrubbingMacHost: 'h-0f8e98d120b6ef362',
  /** FleetGraph-ApprovedMacReboot waiting at its aws:approve step (7 days before it times out). */
  waitingApprovalExecution: '34f0f45f-f585-46c5-be8d-fdd7a2cb4df5',
} as const;
