/**
 * AWS batch and page limits (ARCHITECTURE §4, §4a). Every batcher's size and every MaxResults the
 * facades send comes from here.
 */
export const AwsLimits = {
  /** EC2: ≤ 200 values per filter (`FilterLimitExceeded` beyond). */
  ec2FilterValues: 200,
  /** EC2: ≤ 50 filters per call. */
  ec2Filters: 50,
  ec2DescribeInstancesMaxResults: 1000,
  ec2DescribeImagesMaxResults: 1000,
  ec2DescribeMacTasksMaxResults: 500,
  /** DescribeHosts / DescribeMacHosts: MaxResults 5–500. */
  ec2DescribeHostsMaxResults: 500,
  /**
   * Host ids per DescribeHosts / DescribeMacHosts call. AWS documents no limit for `HostIds`: the
   * gateway keeps EC2's 200 values per filter.
   */
  ec2HostIds: 200,
  /** SSM DescribeAutomationExecutions: ≤ 10 values per filter, MaxResults ≤ 50. */
  ssmExecutionFilterValues: 10,
  ssmExecutionsMaxResults: 50,
  /**
   * SSM DescribeInstanceInformation: the InstanceIds filter takes 1–100 values (botocore model, §4a);
   * the embedded simulator still caps it at 50 until its fidelity fix lands.
   */
  ssmInstanceInfoValues: 50,
  ssmInstanceInfoMaxResults: 50,
  ssmListDocumentsMaxResults: 50,
} as const;

/** Page bounds a list call accepts: AWS's MaxResults range. */
export interface PageBounds {
  min: number;
  max: number;
}

export const PageLimits = {
  instances: { min: 5, max: AwsLimits.ec2DescribeInstancesMaxResults },
  images: { min: 5, max: AwsLimits.ec2DescribeImagesMaxResults },
  macTasks: { min: 5, max: AwsLimits.ec2DescribeMacTasksMaxResults },
  hosts: { min: 5, max: AwsLimits.ec2DescribeHostsMaxResults },
  executions: { min: 1, max: AwsLimits.ssmExecutionsMaxResults },
  runbooks: { min: 1, max: AwsLimits.ssmListDocumentsMaxResults },
} as const satisfies Record<string, PageBounds>;
