import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = join(__dirname, '../../..');

const tsFilesUnder = (dir: string): string[] => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

/** `import … from '@aws-sdk/…'`, `import('@aws-sdk/…')`, `require('@aws-sdk/…')`. */
const SDK = /['"`]@aws-sdk\//;

describe('src/aws is the one door to AWS', () => {
  it('no gateway file outside src/aws imports the AWS SDK (the simulator is its own program)', () => {
    const offenders = tsFilesUnder(join(ROOT, 'src'))
      .map((path) => relative(ROOT, path).split(sep).join('/'))
      .filter((path) => !path.startsWith('src/aws/') && !path.startsWith('src/simulator/'))
      .filter((path) => SDK.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the rule sees every form of import', () => {
    for (const code of ["import { EC2Client } from '@aws-sdk/client-ec2';", "const m = await import('@aws-sdk/client-ssm');", 'require("@aws-sdk/client-sts")']) {
      expect([code, SDK.test(code)]).toEqual([code, true]);
    }
    expect(SDK.test("import { Aws } from '../aws';")).toBe(false);
  });
});
