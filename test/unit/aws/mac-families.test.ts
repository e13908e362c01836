import { isAppleSiliconInstanceType, isMacInstanceType, MAC_FAMILIES } from '../../../src/aws/ec2/mac-families';

describe('Mac families (one table)', () => {
  it('covers every Mac type AWS sells: x86 mac1, Apple silicon for the rest', () => {
    const types = MAC_FAMILIES.map((f) => f.instanceType);
    expect(types).toEqual(expect.arrayContaining(['mac1.metal', 'mac2.metal', 'mac2-m2.metal', 'mac2-m2pro.metal', 'mac-m4.metal', 'mac-m4pro.metal']));
    expect(types.filter((t) => !isAppleSiliconInstanceType(t))).toEqual(['mac1.metal']);
    for (const t of ['mac-m4.metal', 'mac-m4pro.metal', 'mac2-m1ultra.metal', 'mac-m4max.metal']) {
      expect([t, isMacInstanceType(t), isAppleSiliconInstanceType(t)]).toEqual([t, true, true]);
    }
  });

  it('is not fooled by names: non-Mac types are neither', () => {
    for (const t of ['m7g.large', 't3.micro', 'm2.xlarge']) expect([isMacInstanceType(t), isAppleSiliconInstanceType(t)]).toEqual([false, false]);
  });
});
