import { pollPreview, PREVIEW_POLL_DELAYS_MS } from '../../../src/aws/ssm/preview';
import { AutomationPreviewStatus, type AutomationPreview } from '../../../src/schema/automation-preview.type';

const preview = (status: AutomationPreviewStatus): AutomationPreview => ({ id: 'p', region: 'us-east-1', accountId: '1', status, regions: [], targets: [] });

/** AWS takes seconds to make an execution preview: the gateway polls while it is PENDING or IN_PROGRESS, within a bound. */
describe('pollPreview', () => {
  it('asks again after each delay until the preview is done', async () => {
    const answers = [AutomationPreviewStatus.PENDING, AutomationPreviewStatus.IN_PROGRESS, AutomationPreviewStatus.SUCCESS];
    const slept: number[] = [];
    const out = await pollPreview(
      async () => preview(answers.shift()!),
      [10, 20, 30, 40],
      async (ms) => void slept.push(ms),
    );
    expect(out.status).toBe(AutomationPreviewStatus.SUCCESS);
    expect(slept).toEqual([10, 20]);
  });

  it('a failed preview is done too', async () => {
    const slept: number[] = [];
    const out = await pollPreview(async () => preview(AutomationPreviewStatus.FAILED), [10], async (ms) => void slept.push(ms));
    expect(out.status).toBe(AutomationPreviewStatus.FAILED);
    expect(slept).toEqual([]);
  });

  it('gives up after the last delay and returns the preview as it is (its id lets a client ask later)', async () => {
    let gets = 0;
    const slept: number[] = [];
    const out = await pollPreview(
      async () => (gets++, preview(AutomationPreviewStatus.IN_PROGRESS)),
      PREVIEW_POLL_DELAYS_MS,
      async (ms) => void slept.push(ms),
    );
    expect(out.status).toBe(AutomationPreviewStatus.IN_PROGRESS);
    expect(gets).toBe(PREVIEW_POLL_DELAYS_MS.length + 1);
    // Within the gateway's 15 s execution limit.
    expect(slept.reduce((a, b) => a + b, 0)).toBe(8_750);
  });
});
