import { DEMO_IDS } from '@fleetgraph/aws-sim';
import { buildSchema, getNamedType, isObjectType, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from '../support/harness';

/**
 * The README's promise: every operation in its ```graphql blocks runs as written on the world
 * `npm start` serves (the simulator's organisation, its demo ids) — queries, mutations (each on a
 * fresh world) and subscriptions (over graphql-ws, up to their first event) — and succeeds, or is
 * refused exactly where the comment above it starts with "refused". A comment's
 * `[calls: 6 DescribeInstances, …]` is the exact AWS calls the example makes on that world.
 */

interface Example {
  /** The README heading the block is under. */
  section: string;
  /** The comment lines right above it, joined. */
  comment: string;
  operation: string;
}

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');

function examples(): Example[] {
  const out: Example[] = [];
  const parts = README.split('```graphql');
  let before = parts[0];
  let section = '';
  for (const part of parts.slice(1)) {
    const headings = before.match(/^#{2,3} .*$/gm) ?? [];
    if (headings.length) section = headings[headings.length - 1].replace(/^#+ /, '');
    const block = part.slice(0, part.indexOf('```'));
    let comment = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('#')) comment += `${comment ? ' ' : ''}${line.replace(/^#\s*/, '')}`;
      else if (/^(\{|mutation|query|subscription)/.test(line)) out.push({ section, comment, operation: line });
      else if (line.trim() && out.length) out[out.length - 1].operation += `\n${line}`;
      if (!line.startsWith('#') && line.trim() === '') comment = '';
    }
    before = part.slice(part.indexOf('```') + 3);
  }
  return out;
}

/** The AWS calls a comment promises (`[calls: 6 DescribeInstances, 2 DescribeImages]`), by action. */
function promisedCalls(comment: string): Record<string, number> | null {
  const list = /\[calls: ([^\]]+)\]/.exec(comment)?.[1];
  if (!list) return null;
  return Object.fromEntries(list.split(',').map((item) => {
    const [, n, action] = /^\s*(\d+) (\w+)\s*$/.exec(item)!;
    return [action, Number(n)];
  }));
}

const named = (kind: (op: string) => boolean) =>
  examples()
    .filter((e) => kind(e.operation))
    .map((e) => [`${e.section}: ${e.operation.split('\n')[0].slice(0, 100)}`, e] as const);
const isSubscription = (op: string) => op.startsWith('subscription');

describe('README: every GraphQL example runs as written on the `npm start` world', () => {
  let h: Harness;
  beforeAll(async () => {
    // `npm start`'s world: the simulator's whole organisation (3 accounts × 2 regions).
    h = await Harness.start({ organization: true, manualWatcher: true });
  });
  afterAll(() => h.close());

  it('has its examples, with no placeholder left in any of them', () => {
    const all = examples();
    expect(all.length).toBe(37);
    expect(all.filter((e) => promisedCalls(e.comment)).length).toBe(3);
    expect(all.filter((e) => /…|\.\.\.(?! on )/.test(e.operation)).map((e) => e.operation)).toEqual([]);
  });

  it('selects `id` wherever an object with identity appears, so a caching client can keep it right', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
    const missing: string[] = [];
    for (const { operation } of examples()) {
      const types = new TypeInfo(schema);
      visit(parse(operation), visitWithTypeInfo(types, {
        Field(node) {
          const type = getNamedType(types.getType());
          if (!node.selectionSet || !isObjectType(type) || !type.getFields().id) return;
          if (!node.selectionSet.selections.some((s) => s.kind === 'Field' && s.name.value === 'id')) missing.push(`${node.name.value} (${type.name}) in ${operation.split('\n')[0]}`);
        },
      }));
    }
    expect(missing).toEqual([]);
  });

  it('names only ids the demo world holds', () => {
    const ids = new Set(examples().flatMap((e) => e.operation.match(/\b(?:i|ami|h)-[0-9a-f]{8,17}\b|macmodification-[0-9a-f]+/g) ?? []));
    const demo = new Set<string>(Object.values(DEMO_IDS));
    expect([...ids].filter((id) => !demo.has(id))).toEqual([]);
  });

  it.each(named((op) => !isSubscription(op)))('%s', async (_name, example) => {
    const promised = promisedCalls(example.comment);
    if (example.operation.startsWith('mutation') || promised) await h.reset();
    let res!: Awaited<ReturnType<Harness['gql']>>;
    const calls = await h.callsDuring(async () => {
      res = await h.gql(example.operation);
    });
    if (promised) expect(Object.fromEntries(Object.entries(calls).map(([k, n]) => [k.split(':')[1], n]))).toEqual(promised);
    if (/^refused\b/.test(example.comment)) {
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['PRECONDITION_FAILED']);
    } else {
      expect(res.errors).toBeUndefined();
      expect(res.data).toBeTruthy();
    }
  });

  it.each(named(isSubscription))('%s (first event over graphql-ws)', async (_name, example) => {
    await h.reset();
    const sub = h.subscribe(example.operation);
    if (example.operation.includes('taskEvents')) {
      // A fleet-wide stream has nothing to say until something changes: a Mac task that finishes,
      // and a Mac stopped (its host scrubs).
      await h.whenWatcher((r) => r.fleetListeners === 1, 'the taskEvents listener');
      await h.poll();
      await h.data(`mutation { createMacSipModificationTask(input: { instanceId: "${DEMO_IDS.idleX86Mac}", status: ENABLED }) { task { id } } }`);
      await h.data(`mutation { stopInstances(input: { instanceIds: ["${DEMO_IDS.idleAppleSiliconMac}"] }) { changes { currentState } } }`);
      await h.poll();
      for (const seconds of [90, 30 * 60]) {
        await h.simAdmin('clock/advance', { seconds });
        await h.poll();
      }
    }
    const [first] = await sub.waitFor(1);
    sub.stop();
    expect(sub.errors).toEqual([]);
    expect(first).toBeTruthy();
  });
});
