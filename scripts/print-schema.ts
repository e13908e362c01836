import 'reflect-metadata';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildGatewaySchema } from '../src/server/schema';

/**
 * Prints the SDL to schema.graphql (committed), or with --check fails when the committed file
 * differs from the code, so API changes show up in review.
 */
async function run(): Promise<void> {
  const target = resolve(__dirname, '../../schema.graphql');
  const sdl = printSchema(lexicographicSortSchema(await buildGatewaySchema())) + '\n';
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {
      /* missing counts as different */
    }
    if (committed !== sdl) {
      process.stderr.write('schema.graphql is out of date: run `npm run schema:print` and commit the result.\n');
      process.exit(1);
    }
    process.stdout.write('schema.graphql matches the code.\n');
    return;
  }
  writeFileSync(target, sdl);
  process.stdout.write(`wrote ${target}\n`);
}

void run();
