import { Harness } from '../support/harness';

describe('images', () => {
  let h: Harness;
  let world: any;
  beforeAll(async () => {
    h = await Harness.start();
    world = await h.world();
  });
  afterAll(() => h.close());

  it('looks an image up by id through the image-id filter', async () => {
    const id = world.images.withProductCode[0];
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(`query($id: String!) { image(imageId: $id) { id region ownerId public state productCodes name architecture tags { key } } }`, { id });
    });
    expect(data.image).toMatchObject({ id, region: 'us-east-1', ownerId: world.accountId, state: 'available' });
    expect(data.image.productCodes.length).toBeGreaterThan(0);
    expect(calls).toEqual({ 'ec2:DescribeImages': 1 });
  });

  it('returns null for an unknown or invisible image; BAD_USER_INPUT for a malformed id', async () => {
    const data = await h.data(`{ a: image(imageId: "ami-0123456789abcdef0") { id } b: image(imageId: "${world.images.notVisible[0]}") { id } }`);
    expect(data).toEqual({ a: null, b: null });
    const bad = await h.gql(`{ image(imageId: "i-123") { id } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('filters by owner, name, public and ids', async () => {
    const q = async (filter: unknown) =>
      (await h.data(`query($f: ImageFilter) { images(filter: $f, first: 1000) { nodes { id ownerId ownerAlias public name } } }`, { f: filter })).images.nodes as any[];
    const mine = await q({ owners: ['self'] });
    expect(mine.map((i) => i.id).sort()).toEqual([...world.images.owned].sort());
    const amazon = await q({ owners: ['amazon'] });
    expect(amazon.length).toBeGreaterThan(0);
    expect(amazon.every((i) => i.ownerAlias === 'amazon')).toBe(true);
    const pub = await q({ public: true });
    expect(pub.map((i) => i.id).sort()).toEqual([...world.images.public].sort());
    const name = amazon[0].name as string;
    const byName = await q({ names: [name.slice(0, 6) + '*'] });
    expect(byName.map((i) => i.id)).toContain(amazon[0].id);
    expect(byName.every((i) => i.name.startsWith(name.slice(0, 6)))).toBe(true);
    const byIds = await q({ imageIds: [world.images.owned[0], 'ami-0123456789abcdef0'] });
    expect(byIds.map((i) => i.id)).toEqual([world.images.owned[0]]);
  });

  it('pages through all visible images', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const data: any = await h.data(`query($a: String) { images(first: 5, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { a: after });
      seen.push(...data.images.nodes.map((n: any) => n.id));
      if (!data.images.pageInfo.hasNextPage) break;
      after = data.images.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(world.counts.images);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('lists launch permissions of owned images (one DescribeImageAttribute each), null for images it does not own (AWS: AuthFailure)', async () => {
    const owned = world.images.ownedWithLaunchPermissions.slice(0, 3);
    const shared = world.images.shared[0];
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(`query($ids: [String!]) { images(filter: { imageIds: $ids }) { nodes { id launchPermissions { group userId organizationArn organizationalUnitArn } } } }`, {
        ids: [...owned, shared],
      });
    });
    const byId = Object.fromEntries(data.images.nodes.map((n: any) => [n.id, n.launchPermissions]));
    for (const id of owned) expect(byId[id].length).toBeGreaterThan(0);
    expect(byId[shared]).toBeNull();
    expect(calls['ec2:DescribeImages']).toBe(1);
    expect(calls['ec2:DescribeImageAttribute']).toBe(owned.length + 1);
  });
});
