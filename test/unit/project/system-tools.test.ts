import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findTool } from '../../support/system-tools';

describe('findTool (optional system programs for some suites)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-tools-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'runnable'), '#!/bin/sh\n');
  chmodSync(join(bin, 'runnable'), 0o755);
  writeFileSync(join(bin, 'not-executable'), '');
  mkdirSync(join(bin, 'a-directory'));

  it('finds an executable file on PATH', () => {
    expect(findTool('runnable', ['/nonexistent', bin].join(delimiter))).toBe(join(bin, 'runnable'));
  });

  it('ignores files without the execute bit, directories, and names not on PATH', () => {
    expect(findTool('not-executable', bin)).toBeUndefined();
    expect(findTool('a-directory', bin)).toBeUndefined();
    expect(findTool('runnable', '/nonexistent')).toBeUndefined();
  });
});
