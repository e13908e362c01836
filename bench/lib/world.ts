/**
 * The truth to check answers against, read from the simulator directly over its EC2 API (the
 * operator's view, as `aws ec2 describe-instances` would read it), not through the gateway.
 * Read before a scenario's measurement window; the calls it makes are outside the counts.
 */
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';

export interface WorldInstance {
  id: string;
  type: string;
  imageId: string;
  isMac: boolean;
}

export async function readInstances(simUrl: string): Promise<WorldInstance[]> {
  const ec2 = new EC2Client({ endpoint: simUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const out: WorldInstance[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await ec2.send(new DescribeInstancesCommand({ MaxResults: 1000, NextToken }));
      for (const r of page.Reservations ?? [])
        for (const i of r.Instances ?? []) out.push({ id: i.InstanceId!, type: i.InstanceType!, imageId: i.ImageId!, isMac: /^mac/.test(i.InstanceType ?? '') });
      NextToken = page.NextToken;
    } while (NextToken);
  } finally {
    ec2.destroy();
  }
  return out;
}

/** A deterministic shuffle (the same order on every run), so samples of the world are reproducible. */
export function shuffled<T>(xs: T[], seed = 7): T[] {
  const a = [...xs];
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
