#!/usr/bin/env node
// `aws-sim` / `npx aws-sim`: the compiled standalone simulator (see src/bin.ts). This small
// committed shim lets npm link the command before the package is built.
try {
  require.resolve('../dist/bin.js');
} catch {
  process.stderr.write('aws-sim: not built yet; run `npm run build -w @fleetgraph/aws-sim` first\n');
  process.exit(1);
}
require('../dist/bin.js');
