import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isKnownRegion, KNOWN_REGIONS } from '../../../src/validation/regions';

/** The AWS SDK's own list of partitions and their regions (its endpoint rules). */
function sdkRegions(): string[] {
  const core = dirname(require.resolve('@aws-sdk/core/package.json'));
  const text = readFileSync(join(core, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js'), 'utf8');
  const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  const info = JSON.parse(json) as { partitions: Array<{ regions: Record<string, unknown> }> };
  // `aws-global`, `aws-cn-global`, …: pseudo-regions of global endpoints, not places to call EC2.
  return info.partitions.flatMap((p) => Object.keys(p.regions)).filter((r) => !r.endsWith('-global'));
}

describe('known regions', () => {
  it('are exactly the regions of the AWS SDK partitions', () => {
    expect([...KNOWN_REGIONS].sort()).toEqual(sdkRegions().sort());
  });

  it('knows real regions only', () => {
    expect(isKnownRegion('eu-west-1')).toBe(true);
    expect(isKnownRegion('us-gov-west-1')).toBe(true);
    expect(isKnownRegion('xx-east-9')).toBe(false);
    expect(isKnownRegion('aws-global')).toBe(false);
  });
});
