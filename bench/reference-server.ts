/**
 * The two reference servers of the `throughput` scenario, each run as its own process:
 *
 *   node dist/bench/reference-server.js apollo <answer.json> <schema.graphql>
 *     a stock Apollo Server 5 (startStandaloneServer, default plugins, NODE_ENV=production) with
 *     the gateway's printed SDL, whose only resolver returns the gateway's captured answer from
 *     memory (graphql-js's default resolvers do the rest);
 *   node dist/bench/reference-server.js static <answer.json>
 *     node:http answering every request with the captured bytes (the ceiling).
 *
 * Prints "reference server at http://127.0.0.1:<port>/" once listening.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

async function main(): Promise<void> {
  const [mode, answerFile, schemaFile] = process.argv.slice(2);
  const bytes = readFileSync(answerFile);
  if (mode === 'static') {
    const server = createServer((req, res) => {
      // The body is read (as a GraphQL server would) before answering.
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes.length });
        res.end(bytes);
      });
    });
    server.listen(0, '127.0.0.1', () => announce(`http://127.0.0.1:${(server.address() as { port: number }).port}/`));
    return;
  }
  if (mode === 'apollo') {
    const answer = JSON.parse(bytes.toString('utf8')) as { data: Record<string, unknown> };
    const resolvers = { Query: Object.fromEntries(Object.keys(answer.data).map((field) => [field, () => answer.data[field]])) };
    const server = new ApolloServer({ typeDefs: readFileSync(schemaFile, 'utf8'), resolvers });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    announce(url);
    return;
  }
  throw new Error(`unknown mode ${mode}: apollo or static`);
}

function announce(url: string): void {
  process.stdout.write(`reference server at ${url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`reference server failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
