/** AWS batch limits (ARCHITECTURE §4); each loader's maxBatchSize comes from here. */
export const AwsLimits = {
  /** EC2: ≤ 200 values per filter. */
  ec2FilterValues: 200,
  ec2DescribeInstancesMaxResults: 1000,
  ec2DescribeImagesMaxResults: 1000,
  ec2DescribeMacTasksMaxResults: 500,
  /** SSM DescribeAutomationExecutions: ≤ 10 values per filter, MaxResults ≤ 50. */
  ssmExecutionFilterValues: 10,
  ssmExecutionsMaxResults: 50,
  /** SSM DescribeInstanceInformation: InstanceIds filter ≤ 50 values; MaxResults 5–50. */
  ssmInstanceInfoValues: 50,
  ssmInstanceInfoMaxResults: 50,
  ssmListDocumentsMaxResults: 50,
} as const;
