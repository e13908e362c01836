import { DEMO_IDS } from '@fleetgraph/aws-sim';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from '../support/harness';

/**
 * The README's promise: every operation in its ```graphql blocks runs as written on the world
 * `npm start` serves (the simulator's organisation, its demo ids) — queries, mutations (each on a
 * fresh world) and subscriptions (over graphql-ws, up to their first event) — and succeeds, or is
 * refused exactly where the comment above it starts with "refused".
 */

interface Example {
  /** The README heading the block is under. */
  section: string;
  comment: string;
  operation: string;
}

const README = readFileSync(join(__dirname, '../../README.md'), 'utf8');

function examples(): Example[] {
  const out: Example[] = [];
  const parts = README.split('```graphql');
  let before = parts[0];
  for (const part of parts.slice(1)) {
    const headings = before.match(/^#{2,3} .*$/gm) ?? [];
    const section = headings.length ? headings[headings.length - 1].replace(/^#+ /, '') : '';
    const block = part.slice(0, part.indexOf('```'));
    let comment = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('#')) comment += line;
      else if (/^(\{|mutation|query|subscription)/.test(line)) out.push({ section, comment, operation: line });
      else if (line.trim() && out.length) out[out.length - 1].operation += `\n${line}`;
      if (!line.startsWith('#') && line.trim() === '') comment = '';
    }
    before = part.slice(part.indexOf('```') + 3);
  }
  return out;
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
    expect(all.length).toBe(42);
    expect(all.filter((e) => /…|\.\.\.(?! on )/.test(e.operation)).map((e) => e.operation)).toEqual([]);
  });

  it('names only ids the demo world holds', () => {
    const ids = new Set(examples().flatMap((e) => e.operation.match(/\b(?:i|ami|h)-[0-9a-f]{8,17}\b|macmodification-[0-9a-f]+/g) ?? []));
    const demo = new Set<string>(Object.values(DEMO_IDS));
    expect([...ids].filter((id) => !demo.has(id))).toEqual([]);
  });

  it.each(named((op) => !isSubscription(op)))('%s', async (_name, example) => {
    if (example.operation.startsWith('mutation')) await h.reset();
    const res = await h.gql(example.operation);
    if (/^#\s*refused\b/.test(example.comment)) {
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
      // A fleet-wide stream has nothing to say until a task changes: make one that finishes.
      await h.whenWatcher((r) => r.fleetListeners === 1, 'the taskEvents listener');
      await h.poll();
      await h.data(`mutation { createMacSipModificationTask(input: { instanceId: "${DEMO_IDS.idleX86Mac}", status: ENABLED }) { task { id } } }`);
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
