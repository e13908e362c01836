import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Harness } from '../support/harness';

/**
 * The README's section on Mac hosts, instance power, AMI governance and automation preview
 * promises examples that run on the demo world: every operation in its graphql blocks runs here,
 * on a fresh world each, and succeeds — or is refused exactly where the comment above it says
 * "refused".
 */
const SECTION = '## Mac hosts, instance power, AMI governance, automation preview';

interface Example {
  comment: string;
  operation: string;
}

function examples(): Example[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  const body = readme.slice(start, readme.indexOf('\n## ', start + SECTION.length));
  const out: Example[] = [];
  for (const block of body.split('```graphql').slice(1).map((b) => b.slice(0, b.indexOf('```')))) {
    let comment = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('#')) comment += line;
      else if (/^(\{|mutation|query)/.test(line)) out.push({ comment, operation: line });
      else if (line.trim() && out.length) out[out.length - 1].operation += `\n${line}`;
      if (!line.startsWith('#') && line.trim() === '') comment = '';
    }
  }
  return out;
}

describe('README: Mac hosts, instance power, AMI governance, automation preview', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it('has the examples it promises', () => {
    expect(examples().length).toBe(16);
  });

  it.each(examples().map((e) => [e.operation.split('\n')[0].slice(0, 90), e] as const))('%s', async (_name, example) => {
    await h.reset();
    const res = await h.gql(example.operation);
    if (example.comment.includes('refused')) {
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['PRECONDITION_FAILED']);
    } else {
      expect(res.errors).toBeUndefined();
      expect(res.data).toBeTruthy();
    }
  });
});
