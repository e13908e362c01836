import './apollo-dev';
import { ApolloClient, HttpLink, InMemoryCache, type DocumentNode, type OperationVariables } from '@apollo/client';
import { loadDevMessages, loadErrorMessages } from '@apollo/client/dev';
import { buildSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'node:util';
// Tests take gql from here, so Apollo is never loaded before apollo-dev has run.
export { gql } from '@apollo/client';

// Apollo Client's warnings are message ids unless its texts are loaded: the tests read the texts.
loadDevMessages();
loadErrorMessages();

/**
 * The cache set-up a client of a Relay-style API uses: connection and page-info objects have no
 * identity of their own (they belong to the field and its arguments), so two selections of the
 * same connection merge instead of replacing each other (Apollo's "merging non-normalized
 * objects"). Every other type is left to its identity (`__typename` + `id`).
 */
function connectionTypePolicies(): Record<string, { merge: true }> {
  const schema = buildSchema(readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8'));
  const connections = Object.keys(schema.getTypeMap()).filter((name) => name.endsWith('Connection'));
  return Object.fromEntries([...connections, 'PageInfo'].map((name) => [name, { merge: true as const }]));
}

/**
 * An Apollo Client (core, InMemoryCache, HttpLink) against the gateway, as a web or mobile app
 * would use it. It counts the HTTP requests it makes (a fresh cache needs no refetch) and
 * collects what Apollo warns while it runs ("Cache data may be lost…"). Apollo warns once per
 * type and field per process: a test file should not expect the same warning twice.
 */
export class CachingClient {
  readonly client: ApolloClient;
  /** operationName of every HTTP request the client made, in order. */
  readonly requests: string[] = [];
  /** console.warn/console.error output while this client was in use. */
  readonly warnings: string[] = [];
  private readonly restore: Array<() => void> = [];

  constructor(url: string) {
    const counted: typeof fetch = async (input, init) => {
      const body = JSON.parse(String(init?.body ?? '{}')) as { operationName?: string };
      this.requests.push(body.operationName ?? '(anonymous)');
      return fetch(input, init);
    };
    this.client = new ApolloClient({
      link: new HttpLink({ uri: url, fetch: counted }),
      cache: new InMemoryCache({ typePolicies: connectionTypePolicies() }),
    });
    for (const level of ['warn', 'error'] as const) {
      const spy = jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        this.warnings.push(format(...args));
      });
      this.restore.push(() => spy.mockRestore());
    }
  }

  /** cache-first: answered from the cache when it holds every field, else over HTTP. */
  async query<T = any>(query: DocumentNode, variables?: OperationVariables): Promise<T> {
    const result = await this.client.query<T>({ query, variables, fetchPolicy: 'cache-first' });
    if (result.error) throw result.error;
    return result.data as T;
  }

  /** The cache's answer, without the network (null when the cache cannot answer in full). */
  read<T = any>(query: DocumentNode, variables?: OperationVariables): T | null {
    return this.client.readQuery<T>({ query, variables });
  }

  async mutate<T = any>(mutation: DocumentNode, variables?: OperationVariables): Promise<T> {
    const result = await this.client.mutate<T>({ mutation, variables });
    if (result.error) throw result.error;
    return result.data as T;
  }

  stop(): void {
    this.client.stop();
    for (const undo of this.restore) undo();
  }
}
