/**
 * The regions of AWS's partitions (aws, aws-cn, aws-us-gov, aws-iso*, aws-eusc), as the AWS SDK's
 * endpoint rules list them (test/unit/validation/regions.test.ts compares this list with the
 * SDK's, so an SDK upgrade that adds a region fails the test until it is added here). A query may
 * name one of these when FLEETGRAPH_REGIONS is unset: a well-formed but invented name would
 * otherwise become an SDK endpoint to resolve and call.
 */
export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  // aws
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2',
  'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'me-west-1', 'mx-central-1', 'sa-east-1', 'sa-west-1', 'us-east-1',
  'us-east-2', 'us-west-1', 'us-west-2',
  // aws-cn, aws-eusc, aws-us-gov
  'cn-north-1', 'cn-northwest-1', 'eusc-de-east-1', 'us-gov-east-1', 'us-gov-west-1',
  // aws-iso, aws-iso-b, aws-iso-e, aws-iso-f
  'us-iso-east-1', 'us-iso-west-1', 'us-isob-east-1', 'us-isob-west-1', 'eu-isoe-west-1', 'us-isof-east-1', 'us-isof-south-1',
]);

export function isKnownRegion(name: string): boolean {
  return KNOWN_REGIONS.has(name);
}
